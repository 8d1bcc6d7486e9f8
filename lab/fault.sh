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

FAULTS=(healthy link-down router-unreachable isp-down dns-down dns-hijack vpn-blackhole
	proxy-down proxy-502 proxy-mitm proxy-page proxy-filter captive origin-502 origin-504 origin-503 origin-refused origin-silent
	cdn-502 cdn-challenge cdn-access-denied site-dns-servfail firewall clock-wrong loss30 loss-heavy
	isp-blocks-origin router-blocks-origin)

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
	ip -n "$NS_CLIENT" route replace default via 192.0.2.1 dev eth0
	stop_pidfile "$RUN/client/tunhold.pid"
	# The tun device disappears with its holder; wait until it has.
	wait_for 2 "$VPN_IF to go away" bash -c "! ip -n $NS_CLIENT link show $VPN_IF"
}

clear_router() {
	nft_drop_table "$NS_ROUTER" inet gw_block
	nft_drop_table "$NS_ROUTER" inet gw_router_block
	nft_drop_table "$NS_ROUTER" ip gw_captive
	nft_drop_table "$NS_ROUTER" inet gw_loss
	ip -n "$NS_ROUTER" link set wan up
	ip -n "$NS_ROUTER" route replace default via 198.51.100.1 dev wan
	ip -n "$NS_ISP" route replace 192.0.2.0/24 via 198.51.100.2 dev to-router
	svc_running portal && svc_stop portal
	if [[ -e $RUN/router-dns/extra/hijack.conf ]]; then
		rm -f "$RUN/router-dns/extra/hijack.conf"
		svc_stop router-dns
	fi
	svc_start router-dns
}

clear_isp() {
	nft_drop_table "$NS_ISP" inet gw_loss
	nft_drop_table "$NS_ISP" inet gw_isp_block
	svc_running mitm-proxy && svc_stop mitm-proxy
	set_proxy_mode normal
	svc_running servfail-dns && svc_stop servfail-dns
	svc_start auth-dns
}

clear_net() {
	nft_drop_table "$NS_NET" inet gw_cdn
	nft_drop_table "$NS_NET" inet gw_loss
	rm -f "$RUN/backend/mode" "$RUN/origin/maintenance"
	svc_running silent-origin && svc_stop silent-origin
	svc_running skewed-canary && svc_stop skewed-canary
	svc_start backend
	svc_start origin
	svc_start canary
}

clear_all() {
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
		address=/shop.gw.test/192.0.2.1
		address=/origin.gw.test/192.0.2.1
	CONF
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
	# clock, so the canary's clock is set 40 days slow instead (its Date
	# header is what gatewatch compares with); the test then visits
	# expired.gw.test, whose certificate expired 30 days ago: valid by the
	# canary's clock, expired by the client's.
	svc_stop canary
	svc_start skewed-canary
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
