# Shared by up.sh, down.sh, fault.sh and bench.sh: names, paths and small
# helpers. Source it; it does not run anything by itself.

LAB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$LAB/.." && pwd)
RUN=${LAB_RUN:-$LAB/run}
PREFIX=${LAB_PREFIX:-gw}

NS_CLIENT=$PREFIX-client
NS_ROUTER=$PREFIX-router
NS_ISP=$PREFIX-isp
NS_NET=$PREFIX-net
NAMESPACES=("$NS_CLIENT" "$NS_ROUTER" "$NS_ISP" "$NS_NET")

CA=$RUN/certs/ca.pem
VPN_IF=gwvpn0
PROXY_URL=http://198.51.100.80:3128

# sbin tools and Go may be missing from PATH under sudo.
PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin:/usr/local/go/bin

log() { printf '[lab] %s\n' "$*" >&2; }
die() { printf '[lab] error: %s\n' "$*" >&2; exit 1; }

in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

ns_exists() { [[ -e /run/netns/$1 ]]; }

# pid_alive FILE: the process named in FILE exists and is not a zombie.
# PID 1 here does not reap, so a killed daemon may linger as Z: stopped.
pid_alive() {
	local file=$1 pid state
	[[ -s $file ]] || return 1
	pid=$( { tr -dc 0-9 <"$file"; } 2>/dev/null)
	[[ -n $pid && -r /proc/$pid/stat ]] || return 1
	state=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)
	[[ -n $state && $state != Z && $state != X ]]
}

# stop_pidfile FILE: TERM the process, then KILL after 2 s; remove FILE.
stop_pidfile() {
	local file=$1 pid i
	if pid_alive "$file"; then
		pid=$( { tr -dc 0-9 <"$file"; } 2>/dev/null)
		kill -TERM "$pid" 2>/dev/null || true
		for ((i = 0; i < 40; i++)); do
			pid_alive "$file" || break
			sleep 0.05
		done
		if pid_alive "$file"; then
			kill -KILL "$pid" 2>/dev/null || true
			for ((i = 0; i < 20; i++)); do
				pid_alive "$file" || break
				sleep 0.05
			done
		fi
	fi
	rm -f "$file"
}

# wait_for SECONDS DESCRIPTION COMMAND...: retry COMMAND every 0.1 s;
# says what it waited for and returns 1 when time is up.
wait_for() {
	local secs=$1 what=$2 i tries
	shift 2
	tries=$((secs * 10))
	for ((i = 0; i < tries; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	log "timed out after ${secs}s waiting for $what"
	return 1
}

# listening NS PROTO ADDR PORT: a socket listens there (tcp or udp).
listening() {
	local ns=$1 proto=$2 addr=$3 port=$4 flag=-Hltn
	[[ $proto == udp ]] && flag=-Hlun
	[[ -n $(in_ns "$ns" ss "$flag" src "$addr:$port" 2>/dev/null) ]]
}

# render TEMPLATE OUT: copy a config template, filling in the paths.
render() {
	local headers_more=""
	if [[ -e /usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so ]]; then
		headers_more=/usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so
	fi
	sed -e "s|@RUN@|$RUN|g" -e "s|@LAB@|$LAB|g" -e "s|@CERTS@|$RUN/certs|g" \
		-e "s|@PREFIX@|$PREFIX|g" "$1" >"$2"
	if [[ -n $headers_more ]]; then
		sed -i -e "s|^\([[:space:]]*\)#@HEADERS_MORE@ *|\1|" -e "s|@HEADERS_MORE_SO@|$headers_more|" "$2"
	fi
}

nft_has_table() { in_ns "$1" nft list table "$2" "$3" >/dev/null 2>&1; }

nft_drop_table() {
	if nft_has_table "$1" "$2" "$3"; then
		in_ns "$1" nft delete table "$2" "$3"
	fi
}
