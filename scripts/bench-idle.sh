#!/usr/bin/env bash
# make bench-idle: the resident tray with 10 and with 50 loopback sites at
# 60 s (history on), and a bare Fyne tray-only app, side by side in one
# Xvfb + D-Bus session with a real StatusNotifierWatcher, for
# BENCH_IDLE_SECONDS (default 300). Prints each one's RSS (mean and peak,
# sampled every 10 s), CPU seconds, the RSS split from smaps_rollup
# (anonymous vs file-backed) and the resident's own view of its memory (Go
# runtime/metrics and the history connection's SQLite memory, via GATEWATCH_MEMSTATS + SIGUSR1,
# with a heap profile kept in BENCH_IDLE_KEEP when set). All traffic is
# loopback.
#   BENCH_IDLE_SITES="10 50"  one resident per count, side by side
#   BENCH_IDLE_BASE=0         skip the Fyne baseline (its cgo build takes minutes)
#   BENCH_IDLE_KEEP=DIR       keep logs, heap profiles and configs in DIR
#   BENCH_IDLE_ENV="K=V ..."  extra environment for the residents (GODEBUG=gctrace=1, GOGC=…;
#                             GODEBUG=memprofilerate=4096 for a fine heap profile, at a CPU cost)
#   CGO_ENABLED=0             measures the cgo-free build (go build reads it)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/desktop-lib.sh
secs=${BENCH_IDLE_SECONDS:-300}
sites=${BENCH_IDLE_SITES:-10 50}
base=${BENCH_IDLE_BASE:-1}

if [[ ${1:-} != inner ]]; then
	need_tools "./scripts/install-deps.sh test" Xvfb dbus-run-session status-notifier-watcher
	work=$(mktemp -d /tmp/gw-idle.XXXXXX)
	XVFB_PID=""
	cleanup() {
		[[ -n $XVFB_PID ]] && kill "$XVFB_PID" 2>/dev/null || true
		if [[ -n ${BENCH_IDLE_KEEP:-} ]]; then
			mkdir -p "$BENCH_IDLE_KEEP" && cp -r "$work"/. "$BENCH_IDLE_KEEP"/ && echo "kept in $BENCH_IDLE_KEEP" >&2
		fi
		rm -rf "$work"
	}
	trap cleanup EXIT
	echo "building…" >&2
	go build -o "$work/gatewatch" .
	[[ $base == 0 ]] || go build -o "$work/benchbase" ./app/benchbase
	go build -o "$work/loopsites" ./lab/cmd/loopsites
	start_xvfb 91 99 1280x800
	DISPLAY=$DISPLAY_NUM WORK=$work BENCH_IDLE_SECONDS=$secs BENCH_IDLE_SITES=$sites BENCH_IDLE_BASE=$base \
		dbus-run-session -- "$0" inner
	exit $?
fi

# Inside the private session bus.
work=$WORK
trap stop_tracked EXIT
status-notifier-watcher >/dev/null 2>&1 &
track $!
start_loopsites "$work/loopsites" "$work"
addr=$LOOPSITES_ADDR
sleep 0.5

# One resident per site count, each with its own HOME and runtime dir (one
# gatewatch per user is enforced through the control socket there).
names=() pids=()
for n in $sites; do
	d=$work/r$n
	mkdir -p "$d/rt" "$d/mem" && chmod 700 "$d/rt"
	{
		echo 'interval = "60s"'
		echo 'timeout = "2s"'
		echo '[network]'
		echo "canaries = [\"http://$addr/generate_204\"]"
		echo 'resolvers = ["127.0.0.1:9"]'
		for i in $(seq 1 "$n"); do
			printf '[[sites]]\nurl = "http://%s/site-%d"\n' "$addr" "$i"
		done
	} >"$d/config.toml"
	# shellcheck disable=SC2086 # BENCH_IDLE_ENV is a list of K=V words
	env HOME="$d" XDG_CONFIG_HOME="$d" XDG_STATE_HOME="$d/state" XDG_RUNTIME_DIR="$d/rt" GATEWATCH_LAB_ONLY=1 \
		GATEWATCH_MEMSTATS="$d/mem" ${BENCH_IDLE_ENV:-} \
		"$work/gatewatch" --config "$d/config.toml" 2>"$d/stderr.log" &
	pids+=($!) names+=("gatewatch resident, $n sites")
	track $!
done
if [[ $base != 0 ]]; then
	HOME=$work "$work/benchbase" 2>"$work/benchbase.log" &
	pids+=($!) names+=("bare Fyne tray app")
	track $!
fi

tck=$(getconf CLK_TCK)
cpu() { awk -v t="$tck" '{printf "%.2f", ($14+$15)/t}' "/proc/$1/stat"; }
rss() { awk '/^VmRSS/{printf "%.1f", $2/1024}' "/proc/$1/status"; }
hwm() { awk '/^VmHWM/{printf "%.1f", $2/1024}' "/proc/$1/status"; }
# Rss and Anonymous of smaps_rollup in MiB: file-backed = Rss - Anonymous
# (the binary's and libraries' pages touched).
rollup() { awk '/^Rss:/{r=$2} /^Anonymous:/{a=$2} END{printf "%.1f %.1f %.1f", r/1024, a/1024, (r-a)/1024}' "/proc/$1/smaps_rollup"; }

# Everyone settles (first round of checks, Fyne's start) before measuring.
sleep 10
for p in "${pids[@]}"; do
	kill -0 "$p" 2>/dev/null || { echo "a process died at start:"; cat "$work"/*.log "$work"/r*/stderr.log "$work"/r*/state/gatewatch/*.log 2>/dev/null; exit 1; }
done
declare -A c0 sum max
for p in "${pids[@]}"; do c0[$p]=$(cpu "$p") sum[$p]=0 max[$p]=0; done
echo "measuring ${secs}s of idle (sites at 60 s; no window open)…" >&2
t=0 samples=0
while ((t < secs)); do
	step=$((secs - t < 10 ? secs - t : 10))
	sleep "$step"
	t=$((t + step)) samples=$((samples + 1))
	line=$(printf '  t=%4ds' "$t")
	for i in "${!pids[@]}"; do
		p=${pids[$i]} r=$(rss "${pids[$i]}")
		sum[$p]=$(awk -v a="${sum[$p]}" -v b="$r" 'BEGIN{print a+b}')
		max[$p]=$(awk -v a="${max[$p]}" -v b="$r" 'BEGIN{print (b>a)?b:a}')
		line+=$(printf '  [%d] %6s MB' "$i" "$r")
	done
	((t % 30 == 0 || t == secs)) && echo "$line" >&2
done
pct() { awk -v a="$1" -v b="$2" -v s="$secs" 'BEGIN{printf "%.3f", (b-a)/s*100}'; }
secsd() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", b-a}'; }
printf '\n%-4s%-30s %8s %8s %8s %8s %8s %8s %8s %8s\n' "" "process (MiB)" "RSS" "mean" "max" "peak" "anon" "file" "CPU s" "CPU %"
for i in "${!pids[@]}"; do
	p=${pids[$i]}
	read -r _ anon file <<<"$(rollup "$p")"
	c1=$(cpu "$p")
	cp "/proc/$p/smaps" "$work/smaps-$i" 2>/dev/null || true
	printf '[%d] %-30s %8s %8s %8s %8s %8s %8s %8s %8s\n' "$i" "${names[$i]}" "$(rss "$p")" \
		"$(awk -v s="${sum[$p]}" -v n="$samples" 'BEGIN{printf "%.1f", s/n}')" "${max[$p]}" "$(hwm "$p")" \
		"$anon" "$file" "$(secsd "${c0[$p]}" "$c1")" "$(pct "${c0[$p]}" "$c1")"
done
echo "(mean and max: RSS sampled every 10 s; peak: VmHWM since start; anon + file = RSS from smaps_rollup)"
# The residents' own view of their memory (GATEWATCH_MEMSTATS): one line each.
for i in "${!pids[@]}"; do
	[[ ${names[$i]} == gatewatch* ]] && kill -USR1 "${pids[$i]}"
done
sleep 1
for n in $sites; do
	line=$(grep -ho 'memory (MiB):.*' "$work/r$n"/state/gatewatch/*.log 2>/dev/null | tail -1 || true)
	echo "$n sites, Go and SQLite: ${line:-(no memory line in the log)}"
done
echo "(targets for the resident: 10 sites <= 20 MB RSS and <= 0.05 % of a core, 50 sites <= 25 MB; over ${secs}s)"
