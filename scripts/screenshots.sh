#!/usr/bin/env bash
# make screenshots: photographs gatewatch on a real (virtual) desktop:
# Xvfb, a private D-Bus session, xfce4-panel as the tray host, dunst as the
# notification daemon. The resident watches loopback sites (one answers
# nginx's 502), its icon and menu are photographed in the panel, the "down"
# notification as dunst draws it, and the diagnosis window as Fyne draws
# it. Writes docs/tray-menu.png, docs/notification.png and
# docs/diagnosis-window.png. Needs: ./scripts/install-deps.sh shots
# All traffic is loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/desktop-lib.sh
out=${SHOTS_DIR:-docs}

if [[ ${1:-} != inner ]]; then
	need_tools "./scripts/install-deps.sh shots" Xvfb dbus-run-session xfce4-panel dunst import xdotool
	work=$(mktemp -d /tmp/gw-shots.XXXXXX)
	XVFB_PID=""
	cleanup() {
		[[ -n $XVFB_PID ]] && kill "$XVFB_PID" 2>/dev/null || true
		rm -rf "$work"
	}
	trap cleanup EXIT
	go build -o "$work/gatewatch" .
	go build -o "$work/gatewatch-ui" ./cmd/gatewatch-ui
	go build -o "$work/loopsites" ./lab/cmd/loopsites
	start_xvfb 81 89 1024x640
	mkdir -p "$out"
	DISPLAY=$DISPLAY_NUM WORK=$work OUT=$(cd "$out" && pwd) dbus-run-session -- "$0" inner
	exit $?
fi

work=$WORK
trap stop_tracked EXIT
export HOME=$work XDG_CONFIG_HOME=$work/config XDG_RUNTIME_DIR=$work/rt
mkdir -p "$XDG_CONFIG_HOME/dunst" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
cat >"$XDG_CONFIG_HOME/dunst/dunstrc" <<'DUNST'
[global]
    geometry = "420x5-12+40"
    width = 420
    origin = top-right
    offset = 12x40
    font = DejaVu Sans 10
    frame_width = 1
    padding = 10
    horizontal_padding = 12
    format = "<b>%s</b>\n%b"
    show_indicators = no
[urgency_normal]
    background = "#fafafa"
    foreground = "#202020"
    frame_color = "#8a8a8a"
    timeout = 0
DUNST
xfce4-panel --disable-wm-check >"$work/panel.log" 2>&1 &
track $!
sleep 4 # the panel's tray plugin becomes the StatusNotifierWatcher
dunst >"$work/dunst.log" 2>&1 &
track $!
start_loopsites "$work/loopsites" "$work"
addr=$LOOPSITES_ADDR
cat >"$work/config.toml" <<CFG
interval = "15s"
timeout = "2s"
[network]
canaries = ["http://$addr/generate_204"]
resolvers = ["127.0.0.1:9"]
[[sites]]
url = "http://$addr/502/chat"
name = "ChatGPT (lab)"
status_page = "http://$addr/status"
[[sites]]
url = "http://$addr/mail"
name = "Mail (lab)"
[[sites]]
url = "http://$addr/wiki"
name = "Wiki (lab)"
CFG
# The wiki is snoozed for 4 hours (the state file the tray's "Snooze one
# site" writes), so the menu shows a snoozed site with its end time.
mkdir -p "$HOME/.local/state/gatewatch"
printf '{"sites":{"http://%s/wiki":"%s"}}\n' "$addr" "$(date -u -d '+4 hours' +%Y-%m-%dT%H:%M:%SZ)" \
	>"$HOME/.local/state/gatewatch/snooze.json"
GATEWATCH_LAB_ONLY=1 GATEWATCH_TEST_CONFIRM=1s "$work/gatewatch" --config "$work/config.toml" >"$work/gatewatch.log" 2>&1 &
resident=$!
track $resident

# Wait for the confirmed "down" notification (dunst draws it on screen).
for _ in $(seq 60); do
	grep -q "down on its side" <(dunstctl history 2>/dev/null) && break
	sleep 0.5
done
sleep 1
import -window root "$work/root-notification.png"
# dunst's window: the top-right corner of the screen.
convert "$work/root-notification.png" -crop 444x76+569+41 +repage "$OUT/notification.png"
dunstctl close-all || true

# gatewatch's icon in the panel's status area, found by its colour (the red
# square: a site is down on its side); clicking it opens its menu.
import -window root "$work/root-panel.png"
pos=$(convert "$work/root-panel.png" -crop 1024x27+0+0 txt:- 2>/dev/null |
	awk -F'[:(), ]+' 'NR > 1 && $3 > 180 && $4 < 80 && $5 < 80 {print $1, $2; found = 1; exit} END {if (!found) exit 1}' || true)
if [[ -z $pos ]]; then
	cp "$work/root-panel.png" "$OUT/panel-debug.png"
	echo "gatewatch's red icon not found in the panel; see $OUT/panel-debug.png" >&2
	exit 1
fi
read -r x y <<<"$pos"
xdotool mousemove $((x + 4)) $((y + 4)) click 1
sleep 1.5
import -window root "$work/root-menu.png"
convert "$work/root-menu.png" -crop 560x400+464+0 +repage -trim +repage "$OUT/tray-menu.png"
xdotool key Escape
sleep 0.5

# The diagnosis window, as clicking the ChatGPT line opens it.
"$work/gatewatch-ui" --config "$work/config.toml" diagnose "http://$addr/502/chat" >"$work/ui.log" 2>&1 &
ui=$!
track $ui
win=""
for _ in $(seq 60); do
	win=$(xdotool search --name "gatewatch — " 2>/dev/null | head -1 || true)
	[[ -n $win ]] && break
	sleep 0.5
done
[[ -n $win ]] || { echo "diagnosis window did not appear"; cat "$work/ui.log"; exit 1; }
sleep 4 # the diagnosis runs, then the verdict is drawn
import -window "$win" "$OUT/diagnosis-window.png"
echo "wrote $OUT/notification.png $OUT/tray-menu.png $OUT/diagnosis-window.png"
kill "$ui" 2>/dev/null || true

# The settings window, as the second start (or "Settings…") opens it.
"$work/gatewatch" --config "$work/config.toml" >"$work/second.log" 2>&1 || true
win=""
for _ in $(seq 60); do
	win=$(xdotool search --name "gatewatch settings" 2>/dev/null | head -1 || true)
	[[ -n $win ]] && break
	sleep 0.5
done
[[ -n $win ]] || { echo "settings window did not appear"; cat "$work/second.log" "$work/gatewatch.log"; exit 1; }
sleep 2
import -window "$win" "$OUT/settings-window.png"
echo "wrote $OUT/settings-window.png (opened by a second start: $(cat "$work/second.log"))"

# Quiet hours: the resident starts inside them, the 502 site's outage
# pops up nothing, and when they end one summary notification says what
# happened meanwhile. Quiet hours are whole minutes of the local clock:
# from the last minute to the next one.
kill "$resident" 2>/dev/null || true
dunstctl close-all || true
sleep 1
cp "$work/config.toml" "$work/quiet.toml"
quiet_to=$(date -d '+1 minute' +%H:%M)
sed -i "0,/^\[\[sites\]\]/s//[notify.quiet]\nfrom = \"$(date -d '-1 minute' +%H:%M)\"\nto = \"$quiet_to\"\n\n[[sites]]/" "$work/quiet.toml"
GATEWATCH_LAB_ONLY=1 GATEWATCH_TEST_CONFIRM=1s "$work/gatewatch" --config "$work/quiet.toml" >"$work/quiet.log" 2>&1 &
track $!
# dunst lists a notification in its history only once it is closed:
# wait for the end of the quiet hours and a round after it, then for a
# notification on screen.
sleep $(($(date -d "$quiet_to" +%s) - $(date +%s) + 20))
for _ in $(seq 120); do
	[[ $(dunstctl count displayed 2>/dev/null || echo 0) -gt 0 ]] && break
	sleep 0.5
done
[[ $(dunstctl count displayed 2>/dev/null || echo 0) -gt 0 ]] || {
	echo "no quiet-hours summary"
	cat "$work/quiet.log"
	tail -40 "$HOME/.local/state/gatewatch/gatewatch.log"
	exit 1
}
sleep 1
import -window root "$work/root-summary.png"
convert "$work/root-summary.png" -crop 444x160+569+41 +repage -trim +repage "$OUT/notification-summary.png"
echo "wrote $OUT/notification-summary.png (tray-menu.png shows the snoozed wiki)"

