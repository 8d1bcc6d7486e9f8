#!/usr/bin/env bash
# make bench-idle: the resident tray (10 loopback sites at 60 s) and a bare
# Fyne tray-only app, side by side in one Xvfb + D-Bus session with a real
# StatusNotifierWatcher, for BENCH_IDLE_SECONDS (default 300). Prints each
# one's RSS and CPU seconds. All traffic is loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/desktop-lib.sh
secs=${BENCH_IDLE_SECONDS:-300}

if [[ ${1:-} != inner ]]; then
	need_tools "./scripts/install-deps.sh test" Xvfb dbus-run-session status-notifier-watcher
	work=$(mktemp -d /tmp/gw-idle.XXXXXX)
	XVFB_PID=""
	cleanup() {
		[[ -n $XVFB_PID ]] && kill "$XVFB_PID" 2>/dev/null || true
		rm -rf "$work"
	}
	trap cleanup EXIT
	echo "building…" >&2
	go build -o "$work/gatewatch" .
	go build -o "$work/benchbase" ./app/benchbase
	go build -o "$work/loopsites" ./lab/cmd/loopsites
	start_xvfb 91 99 1280x800
	DISPLAY=$DISPLAY_NUM WORK=$work BENCH_IDLE_SECONDS=$secs dbus-run-session -- "$0" inner
	exit $?
fi

# Inside the private session bus.
work=$WORK
trap stop_tracked EXIT
status-notifier-watcher >/dev/null 2>&1 &
track $!
start_loopsites "$work/loopsites" "$work"
addr=$LOOPSITES_ADDR
{
	echo 'interval = "60s"'
	echo 'timeout = "2s"'
	echo '[network]'
	echo "canaries = [\"http://$addr/generate_204\"]"
	echo 'resolvers = ["127.0.0.1:9"]'
	for i in $(seq 1 10); do
		printf '[[sites]]\nurl = "http://%s/site-%d"\n' "$addr" "$i"
	done
} >"$work/config.toml"
mkdir -p "$work/rt" && chmod 700 "$work/rt"

sleep 0.5
HOME=$work XDG_CONFIG_HOME=$work XDG_RUNTIME_DIR=$work/rt GATEWATCH_LAB_ONLY=1 \
	"$work/gatewatch" --config "$work/config.toml" 2>"$work/gatewatch.log" &
resident=$!
track $resident
HOME=$work "$work/benchbase" 2>"$work/benchbase.log" &
base=$!
track $base

tck=$(getconf CLK_TCK)
cpu() { awk -v t="$tck" '{printf "%.2f", ($14+$15)/t}' "/proc/$1/stat"; }
rss() { awk '/^VmRSS/{printf "%.1f", $2/1024}' "/proc/$1/status"; }
hwm() { awk '/^VmHWM/{printf "%.1f", $2/1024}' "/proc/$1/status"; }

# Both settle (first round of checks, Fyne's start) before measuring.
sleep 10
for p in $resident $base; do kill -0 "$p" 2>/dev/null || { echo "a process died at start:"; cat "$work"/*.log; exit 1; }; done
r0=$(cpu $resident) b0=$(cpu $base)
echo "measuring ${secs}s of idle (10 sites at 60 s; no window open)…" >&2
left=$secs
while ((left > 0)); do
	step=$((left < 30 ? left : 30))
	sleep "$step"
	left=$((left - step))
	printf '  t=%4ds  resident %6s MB  fyne-baseline %6s MB\n' $((secs - left)) "$(rss $resident)" "$(rss $base)" >&2
done
r1=$(cpu $resident) b1=$(cpu $base)
pct() { awk -v a="$1" -v b="$2" -v s="$secs" 'BEGIN{printf "%.3f", (b-a)/s*100}'; }
secsd() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", b-a}'; }
printf '\n%-28s %10s %10s %12s %12s\n' "process" "RSS MB" "peak MB" "CPU s" "CPU %"
printf '%-28s %10s %10s %12s %12s\n' "gatewatch resident" "$(rss $resident)" "$(hwm $resident)" "$(secsd "$r0" "$r1")" "$(pct "$r0" "$r1")"
printf '%-28s %10s %10s %12s %12s\n' "bare Fyne tray app" "$(rss $base)" "$(hwm $base)" "$(secsd "$b0" "$b1")" "$(pct "$b0" "$b1")"
echo "(targets for the resident: RSS <= 30 MB, CPU <= 0.1 % of a core; over ${secs}s)"
