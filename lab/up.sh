#!/usr/bin/env bash
# Builds the gatewatch network lab: four network namespaces wired like a home
# network on the internet, with real servers in them. See lab/README.md.
#
#   sudo lab/up.sh        (LAB_RUN=DIR for another run dir, LAB_PREFIX=gw)
#
# Safe to re-run: it tears down a previous lab first.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$LAB/services.sh"

[[ $(id -u) -eq 0 ]] || die "needs root (network namespaces)"
for tool in ip nft nginx dnsmasq tinyproxy curl ss setsid sysctl go; do
	command -v "$tool" >/dev/null || die "missing $tool: install the packages in lab/packages.txt"
done

start=$(date +%s%N)
"$LAB/down.sh" >/dev/null 2>&1 || true

build_helpers() {
	log "building helpers into $RUN/bin"
	mkdir -p "$RUN/bin"
	(cd "$REPO" && go build -o "$RUN/bin/" ./lab/cmd/labbackend ./lab/cmd/labcerts ./lab/cmd/tunhold ./lab/cmd/labdig \
		./lab/cmd/labfake)
	"$RUN/bin/labcerts" -dir "$RUN/certs"
}

render_configs() {
	local svc
	for svc in edge origin canary portal filter blockpage; do
		mkdir -p "$RUN/$svc/tmp"
		render "$LAB/conf/$svc.nginx.conf" "$RUN/$svc/nginx.conf"
	done
	for svc in router-dns auth-dns resolver client-stub; do
		mkdir -p "$RUN/$svc"
		render "$LAB/conf/$svc.dnsmasq.conf" "$RUN/$svc/dnsmasq.conf"
	done
	mkdir -p "$RUN/router-dns/extra" "$RUN/backend" "$RUN/proxy" "$RUN/client"
	render "$LAB/conf/proxy-normal.tinyproxy.conf" "$RUN/proxy/normal.conf"
	render "$LAB/conf/proxy-broken-parent.tinyproxy.conf" "$RUN/proxy/broken-parent.conf"
	render "$LAB/conf/proxy-filter.tinyproxy.conf" "$RUN/proxy/filter.conf"
	render "$LAB/conf/proxy-filter.list" "$RUN/proxy/filter.list"
	echo normal >"$RUN/proxy/mode"
	# tinyproxy runs as nobody, which must write its log.
	chown nobody "$RUN/proxy"
}

# veth NS1 IF1 NS2 IF2: a cable between two namespaces.
veth() { ip link add "$2" netns "$1" type veth peer name "$4" netns "$3"; }

build_namespaces() {
	local ns
	log "creating namespaces ${NAMESPACES[*]}"
	for ns in "${NAMESPACES[@]}"; do
		ip netns add "$ns"
		in_ns "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
		# Every closed port and unreachable host gets its ICMP error: with the
		# default 1/s rate limit, of a resolver's A and AAAA queries to a dead
		# DNS server one is refused and the other waits for its timeout.
		in_ns "$ns" sysctl -qw net.ipv4.icmp_ratelimit=0
		ip -n "$ns" link set lo up
	done
	veth "$NS_CLIENT" eth0 "$NS_ROUTER" lan
	veth "$NS_ROUTER" wan "$NS_ISP" to-router
	veth "$NS_ISP" to-net "$NS_NET" eth0

	# Client: a laptop on the home LAN.
	ip -n "$NS_CLIENT" addr add 192.0.2.10/24 dev eth0
	ip -n "$NS_CLIENT" link set eth0 up

	# Home router: LAN 192.0.2.0/24, WAN to the ISP.
	ip -n "$NS_ROUTER" addr add 192.0.2.1/24 dev lan
	ip -n "$NS_ROUTER" addr add 198.51.100.2/30 dev wan
	ip -n "$NS_ROUTER" link set lan up
	ip -n "$NS_ROUTER" link set wan up
	in_ns "$NS_ROUTER" sysctl -qw net.ipv4.ip_forward=1

	# ISP core: resolver and proxy on loopback addresses.
	ip -n "$NS_ISP" addr add 198.51.100.1/30 dev to-router
	ip -n "$NS_ISP" addr add 198.51.100.5/30 dev to-net
	ip -n "$NS_ISP" addr add 198.51.100.53/32 dev lo
	ip -n "$NS_ISP" addr add 198.51.100.80/32 dev lo
	ip -n "$NS_ISP" link set to-router up
	ip -n "$NS_ISP" link set to-net up
	in_ns "$NS_ISP" sysctl -qw net.ipv4.ip_forward=1

	# The internet: the sites' servers on loopback addresses.
	ip -n "$NS_NET" addr add 198.51.100.6/30 dev eth0
	for a in 203.0.113.10 203.0.113.20 203.0.113.30 203.0.113.53; do
		ip -n "$NS_NET" addr add "$a/32" dev lo
	done
	ip -n "$NS_NET" link set eth0 up

	ip -n "$NS_CLIENT" route add default via 192.0.2.1
	ip -n "$NS_ROUTER" route add default via 198.51.100.1
	ip -n "$NS_ISP" route add 192.0.2.0/24 via 198.51.100.2
	ip -n "$NS_ISP" route add 203.0.113.0/24 via 198.51.100.6
	# Unknown ISP addresses (fault proxy-502's missing upstream proxy) are
	# "unreachable" rather than bouncing between ISP and router until TTL 0.
	ip -n "$NS_ISP" route add unreachable 198.51.100.0/24
	ip -n "$NS_NET" route add default via 198.51.100.5

	# What "ip netns exec NS" shows as /etc/resolv.conf: nothing in the lab
	# may ask the host's own resolver. The client also gets the lab CA as its
	# system CA bundle.
	for ns in "${NAMESPACES[@]}"; do
		mkdir -p "/etc/netns/$ns"
	done
	echo "nameserver 192.0.2.1" >"/etc/netns/$NS_CLIENT/resolv.conf"
	echo "nameserver 198.51.100.53" >"/etc/netns/$NS_ROUTER/resolv.conf"
	echo "nameserver 198.51.100.53" >"/etc/netns/$NS_ISP/resolv.conf"
	echo "nameserver 203.0.113.53" >"/etc/netns/$NS_NET/resolv.conf"
	mkdir -p "/etc/netns/$NS_CLIENT/ssl/certs"
	cp "$CA" "/etc/netns/$NS_CLIENT/ssl/certs/ca-certificates.crt"
	if [[ -e /etc/ssl/openssl.cnf ]]; then
		cp /etc/ssl/openssl.cnf "/etc/netns/$NS_CLIENT/ssl/openssl.cnf"
	fi
}

write_env() {
	cat >"$RUN/lab.env" <<ENV
# Written by lab/up.sh; source it for the lab's paths and names.
LAB_RUN=$RUN
LAB_PREFIX=$PREFIX
LAB_CLIENT_NS=$NS_CLIENT
LAB_CA=$CA
LAB_PROXY=$PROXY_URL
LAB_CANARY=http://203.0.113.30/generate_204
LAB_RESOLVER=203.0.113.53
ENV
}

# The whole path at once: client DNS via router and ISP, routing, TLS,
# edge, origin, backend.
smoke_test() {
	[[ $(in_ns "$NS_CLIENT" curl -sS --max-time 3 https://shop.gw.test/ 2>&1) == "hello from origin" ]]
}

build_helpers
render_configs
build_namespaces
log "starting servers"
for svc in backend origin edge canary auth-dns resolver router-dns proxy; do
	svc_start "$svc"
done
write_env
if ! wait_for 10 "https://shop.gw.test from the client" smoke_test; then
	in_ns "$NS_CLIENT" curl -sS --max-time 3 https://shop.gw.test/ || true
	exit 1
fi
echo healthy >"$RUN/fault"
log "lab up in $((($(date +%s%N) - start) / 1000000)) ms; CA: $CA"
