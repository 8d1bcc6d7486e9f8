#!/usr/bin/env bash
# Breaks the running lab one way, or restores it:
#
#   sudo lab/fault.sh NAME     clear whatever was broken, then break NAME
#   sudo lab/fault.sh clear    back to healthy (same as "healthy")
#   sudo lab/fault.sh list     the fault names
#
# Applying a fault twice is the same as once; "clear" undoes any of them.
# lab/README.md says what each one looks like on the wire.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$LAB/services.sh"

FAULTS=(healthy link-down router-unreachable isp-down dns-down dns-hijack vpn-blackhole proxy-down proxy-502
	proxy-mitm proxy-page proxy-filter captive filter-block tls-inspect origin-502 origin-504 origin-503
	origin-refused origin-silent cdn-502 cdn-challenge cdn-access-denied site-dns-servfail firewall clock-wrong
	loss30 loss-heavy rate-limited cdn-530 waf-challenge https-blocked mtu-blackhole mtu-blackhole-vpn
	origin-slow dns-stub dns-stub-dead dns-filter-zero dns-block-page dns-geo clock-canary-only no-dhcp ipv6
	ipv6-broken isp-blocks-origin router-blocks-origin)

usage() {
	echo "usage: $0 clear|list|NAME   (NAME: ${FAULTS[*]})" >&2
	exit 2
}

# --- clearing: each step checks first, so clearing a healthy lab is cheap ---

clear_client() {
	if [[ -n $(ip -n "$NS_CLIENT" route show type prohibit 203.0.113.20/32) ]]; then
		ip -n "$NS_CLIENT" route del prohibit 203.0.113.20/32
	fi
	ip -n "$NS_CLIENT" link set eth0 up
	if [[ -z $(ip -n "$NS_CLIENT" -4 addr show dev eth0 to 192.0.2.10/32) ]]; then
		ip -n "$NS_CLIENT" addr flush dev eth0 # no-dhcp's self-assigned address
		ip -n "$NS_CLIENT" addr add 192.0.2.10/24 dev eth0
	fi
	ip -n "$NS_CLIENT" route replace default via 192.0.2.1 dev eth0
	if ip -n "$NS_CLIENT" link show "$MTU_VPN_IF" >/dev/null 2>&1; then
		ip -n "$NS_CLIENT" link del "$MTU_VPN_IF"
	fi
	stop_pidfile "$RUN/client/tunhold.pid"
	svc_running client-stub && svc_stop client-stub
	rm -f "$RUN/client/resolved.conf"
	echo "nameserver 192.0.2.1" >"/etc/netns/$NS_CLIENT/resolv.conf"
	# The tun device disappears with its holder; wait until it has.
	wait_for 2 "$VPN_IF to go away" bash -c "! ip -n $NS_CLIENT link show $VPN_IF"
}

clear_router() {
	nft_drop_table "$NS_ROUTER" inet gw_block
	nft_drop_table "$NS_ROUTER" inet gw_router_block
	nft_drop_table "$NS_ROUTER" ip gw_captive
	nft_drop_table "$NS_ROUTER" ip gw_filter
	nft_drop_table "$NS_ROUTER" inet gw_loss
	nft_drop_table "$NS_ROUTER" inet gw_https
	nft_drop_table "$NS_ROUTER" inet gw_mtu
	ip -n "$NS_ROUTER" link set wan mtu 1500
	ip -n "$NS_ROUTER" link set wan up
	ip -n "$NS_ROUTER" route replace default via 198.51.100.1 dev wan
	ip -n "$NS_ISP" route replace 192.0.2.0/24 via 198.51.100.2 dev to-router
	svc_running portal && svc_stop portal
	svc_running filter && svc_stop filter
	if compgen -G "$RUN/router-dns/extra/*.conf" >/dev/null; then
		rm -f "$RUN"/router-dns/extra/*.conf
		svc_stop router-dns
	fi
	svc_start router-dns
	svc_running blockpage && svc_stop blockpage
	if [[ -n $(ip -n "$NS_ROUTER" addr show dev lan to 192.0.2.53/32) ]]; then
		ip -n "$NS_ROUTER" addr del 192.0.2.53/24 dev lan
	fi
}

clear_isp() {
	nft_drop_table "$NS_ISP" inet gw_loss
	nft_drop_table "$NS_ISP" inet gw_isp_block
	nft_drop_table "$NS_ISP" inet gw_mtu
	ip -n "$NS_ISP" link set to-router mtu 1500
	svc_running mitm-proxy && svc_stop mitm-proxy
	set_proxy_mode normal
	svc_running servfail-dns && svc_stop servfail-dns
	svc_start auth-dns
}

clear_net() {
	nft_drop_table "$NS_NET" inet gw_cdn
	nft_drop_table "$NS_NET" ip gw_geo
	nft_drop_table "$NS_NET" inet gw_loss
	rm -f "$RUN/backend/mode" "$RUN/origin/maintenance" "$RUN/origin/slow"
	svc_running silent-origin && svc_stop silent-origin
	svc_running skewed-canary && svc_stop skewed-canary
	svc_running skewed-site && svc_stop skewed-site
	svc_start backend
	svc_start origin
	svc_start canary
}

# IPv6 is off in the lab (up.sh) except while an ipv6 fault is on: only
# those faults' cases see it. Turning it off again removes every IPv6
# address and route with it.
clear_ipv6() {
	[[ -e $RUN/ipv6-on ]] || return 0
	svc_running canary6 && svc_stop canary6
	svc_running dual-site && svc_stop dual-site
	nft_drop_table "$NS_ROUTER" inet gw_v6
	local ns
	for ns in "${NAMESPACES[@]}"; do
		in_ns "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	done
	if [[ -n $(ip -n "$NS_NET" addr show dev lo to 203.0.113.40/32) ]]; then
		ip -n "$NS_NET" addr del 203.0.113.40/32 dev lo
	fi
	rm -f "$RUN/ipv6-on"
}

clear_all() {
	clear_ipv6
	clear_client
	clear_router
	clear_isp
	clear_net
	echo healthy >"$RUN/fault"
}

# --- faults ---

fault_link_down() {
	# The cable is out: no carrier on the client's only interface (the
	# kernel also drops the default route through it).
	ip -n "$NS_CLIENT" link set eth0 down
}

fault_router_unreachable() {
	# The router is powered but wedged: ARP still answers, the link stays up,
	# but nothing from the LAN gets an answer or a way out.
	in_ns "$NS_ROUTER" nft -f - <<-'NFT'
		table inet gw_block {
			chain input { type filter hook input priority filter - 10; iifname "lan" drop; }
			chain forward { type filter hook forward priority filter - 10; iifname "lan" drop; }
		}
	NFT
}

fault_isp_down() {
	# The router's uplink is dead (the kernel drops its default route too).
	ip -n "$NS_ROUTER" link set wan down
}

fault_dns_down() {
	svc_stop router-dns
}

fault_dns_hijack() {
	# The router answers names it should not (a hijacking or filtering
	# resolver); the reference resolver still gives the real answers.
	cat >"$RUN/router-dns/extra/hijack.conf" <<-'CONF'
		address=/shop.gw.test/203.0.113.30
		address=/origin.gw.test/203.0.113.30
	CONF
	svc_restart router-dns
}

fault_dns_stub() {
	# Healthy, behind a local stub as with systemd-resolved: the client's
	# resolv.conf names 127.0.0.53, a dnsmasq in the client's namespace that
	# forwards to the router; the stub's upstreams are listed where
	# resolved keeps them, here $RUN/client/resolved.conf, which the lab
	# test names in GATEWATCH_RESOLVED_CONF (the host's /run is not the
	# namespace's to change).
	echo "nameserver 192.0.2.1" >"$RUN/client/resolved.conf"
	echo "nameserver 127.0.0.53" >"/etc/netns/$NS_CLIENT/resolv.conf"
	svc_start client-stub
}

fault_dns_stub_dead() {
	# The stub has died; its upstream (the router) still answers.
	fault_dns_stub
	svc_stop client-stub
}

fault_dns_filter_zero() {
	# A DNS filter on the router (Pi-hole style): shop.gw.test is answered
	# with 0.0.0.0; the reference resolver still gives the real address.
	echo "address=/shop.gw.test/0.0.0.0" >"$RUN/router-dns/extra/filter.conf"
	svc_restart router-dns
}

fault_dns_block_page() {
	# A filter that sends shop.gw.test to its block page on the LAN
	# (192.0.2.53, on the router), which answers 200 on 80 and 443 with a
	# certificate for the site's own name: only the page differs.
	if [[ -z $(ip -n "$NS_ROUTER" addr show dev lan to 192.0.2.53/32) ]]; then
		ip -n "$NS_ROUTER" addr add 192.0.2.53/24 dev lan
	fi
	svc_start blockpage
	echo "address=/shop.gw.test/192.0.2.53" >"$RUN/router-dns/extra/filter.conf"
	svc_restart router-dns
}

fault_dns_geo() {
	# Not a fault: a CDN's geo-DNS. The router's resolver gives another
	# edge address (203.0.113.11) than the reference resolver; that edge
	# serves the same site (the net namespace passes it to the edge).
	in_ns "$NS_NET" nft -f - <<-'NFT'
		table ip gw_geo {
			chain prerouting { type nat hook prerouting priority dstnat; ip daddr 203.0.113.11 tcp dport { 80, 443 } dnat to 203.0.113.10; }
		}
	NFT
	echo "address=/shop.gw.test/203.0.113.11" >"$RUN/router-dns/extra/geo.conf"
	svc_restart router-dns
}

fault_vpn_blackhole() {
	# A VPN client that lost its tunnel but kept its routes: OpenVPN's def1
	# (0.0.0.0/1 and 128.0.0.0/1 into the tun, the original default route
	# left in place), and nothing reads the tun, so the packets vanish.
	in_ns "$NS_CLIENT" setsid "$RUN/bin/tunhold" -name "$VPN_IF" -pidfile "$RUN/client/tunhold.pid" \
		</dev/null >>"$RUN/client/tunhold.log" 2>&1 &
	wait_for 5 "tunhold to create $VPN_IF" pid_alive "$RUN/client/tunhold.pid" ||
		die "tunhold failed (see $RUN/client/tunhold.log)"
	ip -n "$NS_CLIENT" addr add 198.51.100.201/32 dev "$VPN_IF"
	ip -n "$NS_CLIENT" link set "$VPN_IF" up
	ip -n "$NS_CLIENT" route add 0.0.0.0/1 dev "$VPN_IF"
	ip -n "$NS_CLIENT" route add 128.0.0.0/1 dev "$VPN_IF"
}

fault_proxy_down() {
	svc_stop proxy
}

fault_proxy_502() {
	set_proxy_mode broken-parent
}

fault_proxy_filter() {
	# The proxy's rules refuse shop.gw.test: its own 403 "Filtered".
	set_proxy_mode filter
}

fault_proxy_mitm() {
	# A TLS-inspecting proxy: it answers CONNECT, then presents its own
	# certificate for the site, signed by a CA this computer does not trust.
	svc_stop proxy
	svc_start mitm-proxy
}

fault_captive() {
	# Hotel Wi-Fi before you accept the terms: every web request on port 80
	# lands on the router's portal, which redirects to its login page;
	# HTTPS goes nowhere. DNS still works.
	svc_start portal
	in_ns "$NS_ROUTER" nft -f - <<-'NFT'
		table ip gw_captive {
			chain prerouting {
				type nat hook prerouting priority dstnat;
				iifname "lan" ip daddr != 192.0.2.1 tcp dport 80 dnat to 192.0.2.1:80;
			}
			chain forward {
				type filter hook forward priority filter;
				iifname "lan" tcp dport 443 drop;
			}
		}
	NFT
}

# filter_redirect HTTP_PORT HTTPS_PORT: the router sends the client's
# connections to shop.gw.test (203.0.113.10) to its own filter server
# instead (lab/conf/filter.nginx.conf), as an inline security appliance
# does for the sites its rules pick. Other sites and the canary pass: a
# filter blocks categories, not the internet (else captive-portal).
filter_redirect() {
	svc_start filter
	in_ns "$NS_ROUTER" nft -f - <<-NFT
		table ip gw_filter {
			chain prerouting {
				type nat hook prerouting priority dstnat;
				iifname "lan" ip daddr 203.0.113.10 tcp dport 80 dnat to 192.0.2.1:$1;
				iifname "lan" ip daddr 203.0.113.10 tcp dport 443 dnat to 192.0.2.1:$2;
			}
		}
	NFT
}

fault_filter_block() {
	# A FortiGate-like appliance blocks shop.gw.test: http gets its block
	# page (200), https its own certificate, from "FortiGate CA (lab)",
	# which this computer does not trust.
	filter_redirect 8080 8443
}

fault_tls_inspect() {
	# TLS inspection the organisation installed: https to shop.gw.test is
	# answered with a certificate from "Zscaler Root CA (lab)", which the
	# client trusts (lab/cmd/labcerts); the site works, inspected.
	filter_redirect 8080 9443
}

fault_origin_502() {
	# The application behind the origin's nginx is down: nginx's own 502.
	svc_stop backend
}

fault_origin_504() {
	# The application hangs: nginx gives up after proxy_read_timeout (2 s).
	echo slow >"$RUN/backend/mode"
}

fault_proxy_page() {
	# A proxy nobody configured answers in the site's place: the origin's
	# application sends a Squid error page (503, X-Squid-Error), as a
	# transparent proxy on the path or the site's own Squid would.
	echo proxy-page >"$RUN/backend/mode"
}

fault_cdn_challenge() {
	# The site's CDN asks for a browser check: 403, cf-mitigated:
	# challenge and a "Just a moment..." page (labbackend serves it, the
	# edge relays it with its CF-RAY), as Cloudflare's managed challenge.
	echo cdn-challenge >"$RUN/backend/mode"
}

fault_cdn_access_denied() {
	# The site's CDN refuses the client's address: 403 and a
	# Cloudflare-style "Error 1020 Access denied" page, relayed likewise.
	echo cdn-access-denied >"$RUN/backend/mode"
}

fault_rate_limited() {
	# The site's edge rate-limits the client: 429, Retry-After: 120 and
	# Cloudflare's plain "error code: 1015" (what non-browser clients get),
	# relayed by the edge with its CF-RAY.
	echo rate-limited >"$RUN/backend/mode"
}

fault_cdn_530() {
	# The CDN cannot resolve the origin's name: 530 and the plain "error
	# code: 1016" Cloudflare sends non-browser clients, with its CF-RAY.
	echo cdn-530 >"$RUN/backend/mode"
}

fault_waf_challenge() {
	# A firewall in front of the site (AWS WAF's Challenge action) asks
	# for a browser check: 202 and x-amzn-waf-action: challenge.
	echo waf-challenge >"$RUN/backend/mode"
}

fault_origin_503() {
	# Planned maintenance: 503 with Retry-After: 120 and a small page.
	touch "$RUN/origin/maintenance"
}

fault_origin_refused() {
	# The origin's web server is stopped: 203.0.113.20:443 refuses.
	svc_stop origin
}

fault_origin_silent() {
	# The origin's server hangs: it completes TCP handshakes and never
	# answers (labfake silent in nginx's place on 203.0.113.20:80/443).
	svc_stop origin
	svc_start silent-origin
}

fault_site_dns_servfail() {
	# The zone's authoritative server is broken: it answers SERVFAIL for
	# every gw.test name, so the router and the reference resolver, which
	# both ask it, answer SERVFAIL too.
	svc_stop auth-dns
	svc_start servfail-dns
}

fault_firewall() {
	# A block rule on the client itself: the kernel refuses to connect to
	# the origin before any packet leaves (a "prohibit" route: connect fails
	# with EACCES, as an application firewall's block does with EPERM or
	# EACCES). nftables cannot stage this for TCP: an output drop only makes
	# the SYN vanish (the connect times out) and reject answers with an ICMP
	# error (EHOSTUNREACH), both of which look like the network.
	ip -n "$NS_CLIENT" route add prohibit 203.0.113.20/32
}

fault_clock_wrong() {
	# The client's clock is 40 days fast. A namespace cannot have its own
	# clock, so the internet's clocks are set 40 days slow instead: the
	# canary's and the site's (labfake site serves expired.gw.test's
	# certificate on the origin's address, with a skewed Date); their Date
	# headers are what gatewatch compares with. The test visits
	# expired.gw.test, whose certificate expired 30 days ago: valid by the
	# internet's clocks, expired by the client's.
	svc_stop canary
	svc_start skewed-canary
	svc_stop origin
	svc_start skewed-site
}

fault_clock_canary_only() {
	# Only the canary's clock is wrong (40 days slow); the site's is right.
	# One clock against another is no evidence against this computer's:
	# expired.gw.test's certificate is the site's problem.
	svc_stop canary
	svc_start skewed-canary
}

fault_no_dhcp() {
	# Connected, but the DHCP server never answered: the client gave itself
	# a link-local address (as Windows and macOS do) and has no route out.
	ip -n "$NS_CLIENT" addr flush dev eth0
	ip -n "$NS_CLIENT" addr add 169.254.10.10/16 dev eth0
}

fault_cdn_502() {
	# The edge cannot reach the origin (its connections are reset, as when
	# the origin firewalls the CDN); the origin itself stays up for anyone
	# else. The edge answers with its own Cloudflare-style 502 page.
	in_ns "$NS_NET" nft -f - <<-'NFT'
		table inet gw_cdn {
			chain output {
				type filter hook output priority filter;
				ip saddr 203.0.113.10 ip daddr 203.0.113.20 tcp dport { 80, 443 } reject with tcp reset;
			}
		}
	NFT
}

fault_loss30() {
	# A bad line between home and ISP: 30% of the packets crossing the
	# router-ISP link are lost, in both directions. Dropped as they arrive
	# at either end (prerouting), like a lossy wire: dropping outgoing
	# packets instead would make the router's own sends fail with EPERM.
	local ns dev
	for ns in "$NS_ROUTER:wan" "$NS_ISP:to-router"; do
		dev=${ns#*:}
		in_ns "${ns%%:*}" nft -f - <<-NFT
			table inet gw_loss {
				chain in { type filter hook prerouting priority raw; iifname "$dev" numgen random mod 100 < 30 drop; }
			}
		NFT
	done
}

fault_loss_heavy() {
	# A very bad line between the ISP and the internet. Long packets (over
	# 512 bytes: TLS handshakes, page contents) are nearly all lost, both
	# ways, as noise hurts long frames most; so a site's TLS handshake does
	# not finish in time. And two of every three connection attempts (TCP SYN)
	# towards the internet are lost: counted (numgen inc), not drawn, so of
	# gatewatch's 8 concurrent test handshakes 4 to 6 fail on every run.
	# Random loss of any rate would now and then lose none or all of 8, and
	# counting over all packets instead locks onto the handshakes' own
	# rhythm (SYN, ACK, SYN, ACK) and loses only ACKs. DNS, answered inside
	# the ISP, is not affected. Dropped on arrival, like loss30.
	in_ns "$NS_NET" nft -f - <<-'NFT'
		table inet gw_loss {
			chain in {
				type filter hook prerouting priority raw;
				iifname "eth0" meta length > 512 numgen random mod 100 < 99 drop;
				iifname "eth0" tcp flags & (syn | ack) == syn numgen inc mod 3 != 0 drop;
			}
		}
	NFT
	in_ns "$NS_ISP" nft -f - <<-'NFT'
		table inet gw_loss {
			chain in {
				type filter hook prerouting priority raw;
				iifname "to-net" meta length > 512 numgen random mod 100 < 99 drop;
			}
		}
	NFT
}

fault_https_blocked() {
	# The home router's firewall drops outgoing HTTPS: forwarded TCP to port
	# 443 vanishes (no reset, no ICMP), while DNS and plain http pass.
	in_ns "$NS_ROUTER" nft -f - <<-'NFT'
		table inet gw_https {
			chain forward { type filter hook forward priority filter - 10; iifname "lan" tcp dport 443 drop; }
		}
	NFT
}

fault_ipv6() {
	# The lab dual-stack (2001:db8::/32 beside the IPv4 addresses), with a
	# dual-stack site (dual.gw.test: 203.0.113.40 and 2001:db8:113::40), an
	# IPv6-only one (v6only.gw.test) and a dual-stack canary
	# (dual-canary.gw.test: the IPv4 canary and labfake canary on
	# 2001:db8:113::30). Everything works.
	touch "$RUN/ipv6-on"
	local ns
	for ns in "${NAMESPACES[@]}"; do
		in_ns "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
			net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.default.disable_ipv6=0
	done
	in_ns "$NS_ROUTER" sysctl -qw net.ipv6.conf.all.forwarding=1
	in_ns "$NS_ISP" sysctl -qw net.ipv6.conf.all.forwarding=1
	ip -n "$NS_CLIENT" addr add 2001:db8:2::10/64 dev eth0 nodad
	ip -n "$NS_ROUTER" addr add 2001:db8:2::1/64 dev lan nodad
	ip -n "$NS_ROUTER" addr add 2001:db8:100::2/64 dev wan nodad
	ip -n "$NS_ISP" addr add 2001:db8:100::1/64 dev to-router nodad
	ip -n "$NS_ISP" addr add 2001:db8:104::5/64 dev to-net nodad
	ip -n "$NS_NET" addr add 2001:db8:104::6/64 dev eth0 nodad
	ip -n "$NS_NET" addr add 2001:db8:113::30/128 dev lo nodad
	ip -n "$NS_NET" addr add 2001:db8:113::40/128 dev lo nodad
	ip -n "$NS_NET" addr add 203.0.113.40/32 dev lo
	ip -n "$NS_CLIENT" -6 route add default via 2001:db8:2::1
	ip -n "$NS_ROUTER" -6 route add default via 2001:db8:100::1
	ip -n "$NS_ISP" -6 route add 2001:db8:2::/64 via 2001:db8:100::2
	ip -n "$NS_ISP" -6 route add 2001:db8:113::/64 via 2001:db8:104::6
	ip -n "$NS_NET" -6 route add default via 2001:db8:104::5
	svc_start canary6
	svc_start dual-site
	# Fresh IPv6 neighbours are resolved on first use, and a first
	# solicitation sent while the peer was still joining its multicast
	# groups is retried only a second later, per hop: warm the path up so
	# the cases see a dual-stack network in its steady state.
	wait_for 10 "IPv6 from the client to the canary" \
		in_ns "$NS_CLIENT" timeout 1 bash -c 'exec 3<>/dev/tcp/2001:db8:113::30/80'
}

fault_ipv6_broken() {
	# The dual-stack lab, but the router forwards no IPv6 (a router whose
	# IPv6 firewall or uplink is broken while its IPv4 works): the client
	# keeps its IPv6 address and route, and its IPv6 packets vanish.
	fault_ipv6
	in_ns "$NS_ROUTER" nft -f - <<-'NFT'
		table inet gw_v6 {
			chain forward { type filter hook forward priority filter - 10; meta nfproto ipv6 drop; }
		}
	NFT
}

fault_mtu_blackhole() {
	# A path MTU black hole between home and ISP: the router-ISP link
	# carries at most 1280 bytes (a tunnel or PPPoE line), and the ICMP
	# "fragmentation needed" that should tell the sender to shrink its
	# packets is dropped where it is generated (a filtering router), so
	# PMTUD fails. The client's eth0 stays at 1500 and announces an MSS of
	# 1460: the origin's full-size segments vanish, small packets (SYN,
	# DNS, the canary's 204) pass. The origin answers with a 64 KiB page so
	# that the answer, not only the TLS handshake, needs large packets.
	ip -n "$NS_ROUTER" link set wan mtu 1280
	ip -n "$NS_ISP" link set to-router mtu 1280
	local ns
	for ns in "$NS_ROUTER" "$NS_ISP"; do
		in_ns "$ns" nft -f - <<-'NFT'
			table inet gw_mtu {
				chain output { type filter hook output priority filter; icmp type destination-unreachable icmp code frag-needed drop; }
			}
		NFT
	done
	echo large >"$RUN/backend/mode"
}

# The mtu-blackhole-vpn fault's stand-in for a tunnel: a second cable
# from the client to the router, named like a VPN interface.
MTU_VPN_IF=tunmtu0

fault_mtu_blackhole_vpn() {
	# The same black hole, but the client's traffic leaves by a VPN-like
	# interface (OpenVPN def1 routes into it), as when a tunnel's MTU is
	# set for a path that cannot carry it. The client side keeps MTU 1500;
	# the router answers it on a second address of its own (192.0.2.1 on
	# both of its cables) and routes the client's tunnel address back.
	fault_mtu_blackhole
	ip link add "$MTU_VPN_IF" netns "$NS_CLIENT" type veth peer name vpnlan netns "$NS_ROUTER"
	ip -n "$NS_CLIENT" addr add 192.0.2.20/32 dev "$MTU_VPN_IF"
	ip -n "$NS_CLIENT" link set "$MTU_VPN_IF" up
	ip -n "$NS_ROUTER" addr add 192.0.2.1/32 dev vpnlan
	ip -n "$NS_ROUTER" link set vpnlan up
	ip -n "$NS_ROUTER" route add 192.0.2.20/32 dev vpnlan
	ip -n "$NS_CLIENT" route add 0.0.0.0/1 via 192.0.2.1 dev "$MTU_VPN_IF" onlink src 192.0.2.20
	ip -n "$NS_CLIENT" route add 128.0.0.0/1 via 192.0.2.1 dev "$MTU_VPN_IF" onlink src 192.0.2.20
}

fault_origin_slow() {
	# The application takes 10 s to answer, and the origin's nginx waits
	# for it (its read timeout for this path is 30 s): connect and TLS are
	# fast, the first byte comes after gatewatch's 5 s timeout.
	echo slow >"$RUN/backend/mode"
	touch "$RUN/origin/slow"
}

fault_isp_blocks_origin() {
	# The provider blocks the origin (a court-ordered block, a broken
	# peering): nothing from its customers or its own proxy gets to
	# 203.0.113.20, while the rest of the internet (the canary, the
	# reference resolver, everyone else) reaches it. For the second
	# opinion: other places answer, the provider's own network does not.
	in_ns "$NS_ISP" nft -f - <<-'NFT'
		table inet gw_isp_block {
			chain forward { type filter hook forward priority filter - 10; ip daddr 203.0.113.20 tcp dport { 80, 443 } drop; }
			chain output { type filter hook output priority filter - 10; ip daddr 203.0.113.20 tcp dport { 80, 443 } drop; }
		}
	NFT
}

fault_router_blocks_origin() {
	# The home router (parental filter, a stale rule) drops the origin:
	# the provider and everyone else reach it; only this home does not.
	in_ns "$NS_ROUTER" nft -f - <<-'NFT'
		table inet gw_router_block {
			chain forward { type filter hook forward priority filter - 10; ip daddr 203.0.113.20 tcp dport { 80, 443 } drop; }
		}
	NFT
}

main() {
	[[ $# -eq 1 ]] || usage
	local name=$1
	[[ $name == list ]] && {
		printf '%s\n' "${FAULTS[@]}"
		exit 0
	}
	[[ $name == clear ]] && name=healthy
	[[ " ${FAULTS[*]} " == *" $name "* ]] || usage
	[[ $(id -u) -eq 0 ]] || die "needs root"
	ns_exists "$NS_CLIENT" || die "the lab is not up: run lab/up.sh first"
	clear_all
	if [[ $name != healthy ]]; then
		"fault_${name//-/_}"
		echo "$name" >"$RUN/fault"
	fi
	log "fault: $name"
}

main "$@"
