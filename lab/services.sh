# Starting and stopping the lab's servers. Sourced after lib.sh by up.sh
# and fault.sh. Every server has its own directory under $RUN (config, pid
# file, logs), rendered by up.sh from lab/conf. Starts wait (bounded) until
# the server listens; stops wait until the process is gone or a zombie.

# Which namespace and address each server lives on.
declare -A SVC_NS=(
	[router-dns]=$NS_ROUTER [portal]=$NS_ROUTER [filter]=$NS_ROUTER [blockpage]=$NS_ROUTER [client-stub]=$NS_CLIENT
	[auth-dns]=$NS_ISP [proxy]=$NS_ISP
	[resolver]=$NS_NET [edge]=$NS_NET [origin]=$NS_NET [canary]=$NS_NET [backend]=$NS_NET
	[skewed-canary]=$NS_NET [skewed-site]=$NS_NET [canary6]=$NS_NET [dual-site]=$NS_NET [silent-origin]=$NS_NET [servfail-dns]=$NS_ISP [mitm-proxy]=$NS_ISP
)
declare -A SVC_LISTEN=(
	[router-dns]="udp 192.0.2.1 53" [portal]="tcp 192.0.2.1 80" [filter]="tcp 192.0.2.1 8080"
	[blockpage]="tcp 192.0.2.53 443" [client-stub]="udp 127.0.0.53 53"
	[auth-dns]="udp 198.51.100.53 53" [proxy]="tcp 198.51.100.80 3128"
	[resolver]="udp 203.0.113.53 53" [edge]="tcp 203.0.113.10 443"
	[origin]="tcp 203.0.113.20 443" [canary]="tcp 203.0.113.30 80"
	[backend]="tcp 127.0.0.1 8081"
	# labfake servers, each in the place of a real one while a fault is on.
	[skewed-canary]="tcp 203.0.113.30 80" [skewed-site]="tcp 203.0.113.20 443"
	[canary6]="tcp [2001:db8:113::30] 80" [dual-site]="tcp 203.0.113.40 443" [silent-origin]="tcp 203.0.113.20 443"
	[servfail-dns]="udp 198.51.100.53 53" [mitm-proxy]="tcp 198.51.100.80 3128"
)
# labfake's mode and addresses for each of its servers.
declare -A FAKE_ARGS=(
	[skewed-canary]="canary -listen 203.0.113.30:80 -skew -960h"
	[canary6]="canary -listen [2001:db8:113::30]:80 -skew 0s"
	[dual-site]="site -listen 203.0.113.40:443,[2001:db8:113::40]:443 -skew 0s -cert $RUN/certs/dual.pem -key $RUN/certs/dual-key.pem"
	[skewed-site]="site -listen 203.0.113.20:443 -skew -960h -cert $RUN/certs/expired.pem -key $RUN/certs/expired-key.pem"
	[silent-origin]="silent -listen 203.0.113.20:80,203.0.113.20:443"
	[servfail-dns]="servfail -listen 198.51.100.53:53"
	[mitm-proxy]="mitm -listen 198.51.100.80:3128"
)

svc_pidfile() {
	case $1 in
	router-dns | auth-dns | resolver | client-stub) echo "$RUN/$1/dnsmasq.pid" ;;
	edge | origin | canary | portal | filter | blockpage) echo "$RUN/$1/nginx.pid" ;;
	proxy) echo "$RUN/proxy/tinyproxy.pid" ;;
	backend) echo "$RUN/backend/backend.pid" ;;
	skewed-canary | skewed-site | canary6 | dual-site | silent-origin | servfail-dns | mitm-proxy) echo "$RUN/$1/labfake.pid" ;;
	*) die "unknown server $1" ;;
	esac
}

svc_running() { pid_alive "$(svc_pidfile "$1")"; }

svc_start() {
	local svc=$1 ns=${SVC_NS[$1]} dir=$RUN/$1
	svc_running "$svc" && return 0
	rm -f "$(svc_pidfile "$svc")"
	case $svc in
	router-dns | auth-dns | resolver | client-stub)
		in_ns "$ns" dnsmasq --conf-file="$dir/dnsmasq.conf" </dev/null >>"$dir/stderr.log" 2>&1 ||
			die "dnsmasq $svc did not start (see $dir/stderr.log)"
		;;
	edge | origin | canary | portal | filter | blockpage)
		in_ns "$ns" nginx -e "$dir/error.log" -c "$dir/nginx.conf" </dev/null >>"$dir/stderr.log" 2>&1 ||
			die "nginx $svc did not start (see $dir/error.log)"
		;;
	proxy)
		in_ns "$ns" tinyproxy -c "$dir/$(proxy_mode).conf" </dev/null >>"$dir/stderr.log" 2>&1 ||
			die "tinyproxy did not start (see $dir/tinyproxy.log)"
		;;
	backend)
		in_ns "$ns" setsid "$RUN/bin/labbackend" -listen 127.0.0.1:8081 \
			-mode-file "$dir/mode" -pidfile "$dir/backend.pid" </dev/null >>"$dir/backend.log" 2>&1 &
		;;
	skewed-canary | skewed-site | canary6 | dual-site | silent-origin | servfail-dns | mitm-proxy)
		mkdir -p "$dir"
		# shellcheck disable=SC2086 # FAKE_ARGS holds "mode -flag value…"
		in_ns "$ns" setsid "$RUN/bin/labfake" ${FAKE_ARGS[$svc]} -pidfile "$dir/labfake.pid" \
			</dev/null >>"$dir/labfake.log" 2>&1 &
		;;
	esac
	# shellcheck disable=SC2086 # SVC_LISTEN holds "proto addr port"
	wait_for 10 "$svc to listen on ${SVC_LISTEN[$svc]}" listening "$ns" ${SVC_LISTEN[$svc]} ||
		die "$svc did not start; its logs are in $dir"
	wait_for 5 "$svc pid file" svc_running "$svc" || die "$svc wrote no pid file"
}

svc_stop() {
	local svc=$1 i
	stop_pidfile "$(svc_pidfile "$svc")"
	# nginx workers may outlive the master by a moment.
	# shellcheck disable=SC2086
	for ((i = 0; i < 40; i++)); do
		listening "${SVC_NS[$svc]}" ${SVC_LISTEN[$svc]} || return 0
		sleep 0.05
	done
	die "$svc still listens on ${SVC_LISTEN[$svc]} after stopping"
}

svc_restart() { svc_stop "$1" && svc_start "$1"; }

# The proxy runs in one of two configurations: normal (goes direct) or
# broken-parent (fault proxy-502). The mode file says which one runs.
proxy_mode() { cat "$RUN/proxy/mode" 2>/dev/null || echo normal; }

set_proxy_mode() {
	local want=$1
	if [[ $(proxy_mode) == "$want" ]] && svc_running proxy; then
		return 0
	fi
	svc_stop proxy
	echo "$want" >"$RUN/proxy/mode"
	svc_start proxy
}
