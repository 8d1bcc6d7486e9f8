# Shared by bench-idle.sh and screenshots.sh: a virtual desktop (Xvfb) and
# a private D-Bus session, with everything they start stopped by PID.
# Source it, then:
#   need_tools "hint" tool...       fail early, saying what to install
#   start_xvfb FIRST LAST WxH       Xvfb on the first free display in range; sets DISPLAY_NUM and XVFB_PID
#   track PID                       stop PID when the script exits (inside the session)
#   start_loopsites BIN DIR         loopback sites; sets LOOPSITES_ADDR

need_tools() {
	local hint=$1 tool
	shift
	for tool in "$@"; do
		command -v "$tool" >/dev/null || { echo "missing $tool: $hint" >&2; exit 1; }
	done
}

start_xvfb() {
	local first=$1 last=$2 size=$3 n
	DISPLAY_NUM=""
	for n in $(seq "$first" "$last"); do
		[[ -e /tmp/.X11-unix/X$n || -e /tmp/.X$n-lock ]] || { DISPLAY_NUM=:$n; break; }
	done
	[[ -n $DISPLAY_NUM ]] || { echo "no free X display between :$first and :$last" >&2; exit 1; }
	Xvfb "$DISPLAY_NUM" -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 &
	XVFB_PID=$!
	for _ in $(seq 50); do [[ -e /tmp/.X11-unix/X${DISPLAY_NUM#:} ]] && break; sleep 0.1; done
}

TRACKED=()
track() { TRACKED+=("$1"); }
stop_tracked() {
	local p
	for p in "${TRACKED[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
}

start_loopsites() {
	local bin=$1 dir=$2
	"$bin" -addr-file "$dir/addr" &
	track $!
	for _ in $(seq 50); do [[ -s $dir/addr ]] && break; sleep 0.1; done
	LOOPSITES_ADDR=$(cat "$dir/addr")
}
