package verdict

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gatewatch/gatewatch/checks"
)

// Rule is one line of the verdict table, the one place that knows what a
// verdict means: Diagnose's decision not to wait for the site
// (NetworkAlone), the status-page gate (NoPathOut), the fix catalog's hops
// (Fixes) and README.md's table are all read from it.
//
// Order is the contract: rules are tried in order and the first whose When
// holds decides. Where two rules can both hold, the later one names the
// earlier in After, with the reason the earlier one is the truth; a test
// holds a fixture for every such pair and checks that the earlier wins,
// and checks that adjacent rules without an After never both hold.
type Rule struct {
	Name    string
	Side    Side
	Hop     Hop
	Means   string // what it means, for the README table
	When    func(e *Evidence) bool
	Summary func(e *Evidence) string
	Fixes   []string
	// NetworkAlone: decidable from the network evidence alone. When holds
	// without looking at the site's request, and once it holds Diagnose
	// does not wait for the site request (it takes it only if it already
	// finished).
	NetworkAlone bool
	// NoPathOut: the verdict says nothing on the internet can be reached
	// usefully, so no status page is fetched for it.
	NoPathOut bool
	// After maps earlier rules that can hold together with this one to
	// why the earlier must win.
	After map[string]string
	// ThisSiteOnly: a user-side verdict about this one site (it refuses
	// this computer's address), not about the user's network: it is never
	// folded into the round's network problem.
	ThisSiteOnly bool
	// DecidedBy is the one piece of evidence that decided the verdict,
	// shown by `gatewatch check` and as the JSON's decided_by: what When
	// read, in a few words. Every rule has one (a test holds it).
	DecidedBy func(e *Evidence) string
	// BacksOff: the site asks this computer for fewer requests (a rate
	// limit) or challenges it (a bot check, which frequent checks only
	// harden): the monitor honours its Retry-After, or backs off without
	// one, though the side is not the server's.
	BacksOff bool
	// ReadsWorld: the rule reads the second opinion (Evidence.World, the
	// world-* block); decideLocal leaves these out to find the verdict
	// this computer reaches alone.
	ReadsWorld bool
	// WorldSettles: a local verdict that is "their side" only by a
	// confident guess from one computer, so a second opinion is asked for
	// it (WorldWanted; origin-error only when no page was recognised), and
	// each ReadsWorld rule that holds with it wins (world.go writes those
	// After entries).
	WorldSettles bool
}

// Rules is the verdict table. README.md's verdict table is generated from
// it (go test ./monitor/verdict/ -run TestReadmeVerdictTable -update).
var Rules = []Rule{
	{
		Name: "captive-portal", Side: SideUser, Hop: HopCaptive,
		Means: "A connectivity canary was redirected or answered with a page: the network wants you to sign in.",
		When:  func(e *Evidence) bool { c, _ := e.Net.captive(); return c },
		Summary: func(e *Evidence) string {
			if _, portal := e.Net.captive(); portal != "" {
				return fmt.Sprintf("This network wants you to sign in first (captive portal at %s).", portal)
			}
			return "This network wants you to sign in first (a captive portal answers in the internet's place)."
		},
		Fixes:        []string{FixOpenPortal, FixNotifyBack},
		NetworkAlone: true, NoPathOut: true,
		DecidedBy: func(e *Evidence) string {
			_, portal := e.Net.captive()
			return "a connectivity canary was answered by a portal" + parenthesised(portal)
		},
	},
	{
		// A network filter's block page (checks.RoleFilter: a FortiGate,
		// Zscaler, Palo Alto, Sophos, Umbrella or pfBlockerNG page) stands
		// in for the site whatever its status (200, 403 or 503), so this
		// comes before site-ok and origin-error. The filter is on the
		// user's network, configured proxy or not: the side is the user's,
		// the hop the firewall. ThisSiteOnly: the filter blocks this site,
		// the network works, so it is never folded into a network problem.
		Name: "filter-blocked", Side: SideUser, Hop: HopFirewall,
		Means: "A security filter on your network (a firewall appliance or web gateway: FortiGuard, Zscaler, Palo Alto, Sophos, Umbrella, pfBlockerNG...) answered with its block page in the site's place: the site is not reached.",
		When: func(e *Evidence) bool {
			return e.siteAnsweredPage() && e.FP.GeneratedBy == checks.RoleFilter
		},
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("A security filter on your network%s blocks %s: its block page answered (%d) in the site's place, so the site is not reached.",
				parenthesised(e.FP.Vendor), e.Target.Host, e.HTTP.Status)
		},
		Fixes:     []string{FixAskNetworkAdmin, FixCopyReport},
		DecidedBy: byPage,
		After: map[string]string{
			"captive-portal": "a portal answers in everything's place, a filter's page too: signing in comes first",
		},
		ThisSiteOnly: true,
	},
	{
		// Before site-ok, which holds on any answer below 500: whatever
		// answers at 0.0.0.0, loopback or the router (a local web server,
		// the router's parental-control page) is not the site. Never
		// through a proxy, which resolves the name itself.
		Name: "dns-filtered", Side: SideUser, Hop: HopDNS,
		Means: "Your resolver answers the name with a blocking address (0.0.0.0, ::, 127.x or your router's own address) or says it does not exist, while the reference resolvers resolve it: a DNS filter (Pi-hole, AdGuard, NextDNS, router parental controls).",
		When:  func(e *Evidence) bool { return e.dnsFilterAnswer() != "" },
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("A DNS filter on your network blocks %s (%s), while the reference resolvers say %s: Pi-hole, AdGuard, NextDNS or the router's parental controls answer so.",
				e.Target.Hostname(), e.dnsFilterAnswer(), joinAddrs(e.DNS.ReferenceAddrs()))
		},
		Fixes:        []string{FixAllowInFilter, FixSwitchDNS, FixCopyReport},
		NetworkAlone: true,
		After: map[string]string{
			"captive-portal": "a portal answers every name with its own address until you sign in: signing in comes first",
			"filter-blocked": "a block page that names its product (a DNS-based filter such as FortiGuard's or Umbrella's sends names to it) says which filter blocks: the precise reading",
		},
		DecidedBy: func(e *Evidence) string {
			return "your resolver: " + e.dnsFilterAnswer() + "; the reference resolvers: " + joinAddrs(e.DNS.ReferenceAddrs())
		},
	},
	{
		// Before site-ok: a block page or a provider's search page answers
		// 200 in the site's place. A CDN's geo-DNS (another edge, the same
		// title) is no mismatch and stays site-ok.
		Name: "dns-block-page", Side: SideUser, Hop: HopDNS,
		Means: "Your resolver and the reference resolvers give different addresses, and the page served at yours is not the one served at theirs (status, title or size differ): a block page or your provider's page answers in the site's place.",
		When:  func(e *Evidence) bool { return len(e.pageMismatch()) > 0 },
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("Your DNS resolver sends %s to %s, where another page answers than at %s, the reference resolvers' address (%s): a DNS filter's block page or your provider's page in the site's place.",
				e.Target.Hostname(), joinAddrs(e.DNS.SystemAddrs()), joinAddrs(e.DNS.ReferenceAddrs()), mismatchWords(e))
		},
		Fixes: []string{FixAllowInFilter, FixSwitchDNS, FixFlushDNS},
		After: map[string]string{
			"dns-filtered": "an answer that is itself a blocking address (0.0.0.0, loopback, the router) says a filter answered, whatever page is served there",
		},
		DecidedBy: func(e *Evidence) string {
			return "page at your resolver's address vs. the reference address: " + mismatchWords(e)
		},
	},
	{
		// Before site-ok, which holds on any answer below 500: a forward
		// proxy's 403 is not the site answering. The proxy is the one
		// configured on this computer, so the side is the user's.
		Name: "proxy-refused", Side: SideUser, Hop: HopProxy,
		Means: "The proxy configured on this computer refused the request with its own 4xx page (access denied by its rules, authentication required): the site is not reached.",
		When: func(e *Evidence) bool {
			return e.proxied() && e.FP.GeneratedBy == checks.RoleProxy && proxyStatus4xx(e)
		},
		Summary: func(e *Evidence) string {
			status := proxyAnswer(e)
			return fmt.Sprintf("%s%s refuses to fetch %s (%d %s%s): its own rules block the request, the site is not reached.",
				yourProxy(e), parenthesised(e.FP.Vendor), e.Target.Host, status, http.StatusText(status), proxyErrorName(e))
		},
		Fixes: []string{FixBypassProxy, FixCopyReport},
		After: map[string]string{
			"captive-portal": "a portal answers in everything's place, the proxy's too: signing in comes first",
		},
		DecidedBy: byPage,
	},
	{
		// Side ok: the site's edge answered and the site is up; a person
		// in a browser passes the check. Hop none: nothing on the path is
		// failing, the edge is doing what the site asked of it. Never a
		// "down", whatever the status (Cloudflare's older challenge came
		// as 503).
		Name: "bot-check", Side: SideOK, Hop: HopNone,
		Means: "The site's edge (CDN or firewall: Cloudflare, Sucuri, DataDome, Imperva, HUMAN, AWS WAF, Vercel, DDoS-Guard) answered with a bot check (JavaScript or captcha challenge): the site is up, a browser passes it.",
		When: func(e *Evidence) bool {
			return e.siteAnsweredPage() && e.FP.GeneratedBy == checks.RoleEdge && e.FP.Page == checks.PageChallenge
		},
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("%s: the site is up but asks for a browser check (%s answered %d with a bot check); a browser passes it, gatewatch cannot, so it checks less often.",
				e.Target.Host, vendor(e), e.HTTP.Status)
		},
		Fixes: []string{FixOpenSite},
		After: map[string]string{
			"captive-portal": "a portal answers in the site's place: what looks like the site's bot check proves nothing behind it",
		},
		DecidedBy: byPage,
		// Checking a site that challenges gatewatch every minute only adds
		// to the firewall's count of this address: back off as for a rate
		// limit.
		BacksOff: true,
	},
	{
		// Side user: the site is up and refuses this computer's address,
		// so what the user can change is on their side (the VPN's or the
		// proxy's shared address is the usual cause); side unknown would
		// make the monitor report the site down, which it is not. Hop
		// none: no hop of the path is failing.
		Name: "access-refused", Side: SideUser, Hop: HopNone,
		Means: "The site's edge refuses this computer's address (Cloudflare error 1006, 1009 or 1020, Akamai's or Sucuri's \"Access Denied\", CloudFront's WAF block or geo restriction): the site is up but will not serve you.",
		When: func(e *Evidence) bool {
			return e.siteAnsweredPage() && e.FP.GeneratedBy == checks.RoleEdge && e.FP.Page == checks.PageRefused
		},
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("%s is up but its %s refuses this computer's address (%d %s)%s.",
				e.Target.Host, orWords(e.FP.Vendor, "firewall"), e.HTTP.Status, http.StatusText(e.HTTP.Status), refusedNote(e))
		},
		Fixes: []string{FixDisconnectVPN, FixBypassProxy, FixContactSite},
		After: map[string]string{
			"captive-portal": "a portal answers in the site's place: a refusal page behind one proves nothing about the site",
		},
		ThisSiteOnly: true,
		DecidedBy:    byPage,
	},
	{
		// Side ok: the site answered and is up; it wants fewer requests
		// from this computer, and gatewatch obliges (BacksOff). Hop none:
		// nothing on the path is failing. Never a "down". A proxy's own
		// 429 is the proxy's (proxy-refused).
		Name: "rate-limited", Side: SideOK, Hop: HopNone,
		Means: "The site or its edge answered 429 Too Many Requests, or its rate-limit page (Cloudflare error 1015): the site is up but rate-limits this computer; gatewatch backs off (honouring Retry-After).",
		When: func(e *Evidence) bool {
			return e.siteAnsweredPage() && e.FP.GeneratedBy != checks.RoleProxy &&
				(e.HTTP.Status == http.StatusTooManyRequests || e.FP.Page == checks.PageRateLimited)
		},
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("%s: the site is up but rate-limits this computer (%s answered %s): gatewatch backs off%s.",
				e.Target.Host, orWords(e.FP.Vendor, "the site"), statusLine(e.HTTP.Status), backoffNote(e))
		},
		Fixes: []string{FixRetryLater, FixOpenSite},
		After: map[string]string{
			"captive-portal": "a portal answers in the site's place: its 429 says nothing about the site",
			"bot-check":      "a bot check served as 429 (Vercel's checkpoint) is passed by a browser: the page asks for a person, not for fewer requests",
			"access-refused": "a refusal of this computer's address is the finer reading: waiting will not lift it",
		},
		BacksOff: true,
		DecidedBy: func(e *Evidence) string {
			if e.HTTP.RetryAfter > 0 {
				return byPage(e) + ", Retry-After " + checks.HumanDuration(e.HTTP.RetryAfter)
			}
			return byPage(e)
		},
	},
	{
		Name: "site-ok", Side: SideOK, Hop: HopNone,
		Means: "The site answered with a usable response.",
		When:  func(e *Evidence) bool { return e.siteOK() },
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("%s answers (%d %s) in %s.", e.Target.Host, e.HTTP.Status,
				http.StatusText(e.HTTP.Status), ms(e.HTTP.Elapsed))
		},
		After: map[string]string{
			"captive-portal": "a portal answers in the site's place, so a site that seems to answer behind one proves nothing",
			"proxy-refused":  "a configured proxy's own 4xx page is the proxy answering, not the site",
			"filter-blocked": "a network filter's block page answers in the site's place: the site is not reached",
			"bot-check":      "a bot check answers for the site: it is up, but the page is not the site's",
			"access-refused": "a refusal of this computer's address answers for the site, which will not serve you",
			"rate-limited":   "a 429 answers for the site, which wants fewer requests: usable it is not",
			"dns-filtered":   "the name was sent to a blocking address, so what answered there is not the site",
			"dns-block-page": "a page unlike the one at the reference address is not the site's, though it answers 200",
		},
		DecidedBy: func(e *Evidence) string {
			return fmt.Sprintf("site request: HTTP %d in %s", e.HTTP.Status, ms(e.HTTP.Elapsed))
		},
	},
	{
		// Before link-down, which also holds (no route out): connected
		// with only a link-local address says which piece is missing, the
		// address the network's DHCP server should have handed out.
		Name: "dhcp-failed", Side: SideUser, Hop: HopLink,
		Means: "An interface is connected but has only a link-local address (169.254.x.y, fe80::) and there is no default route: the network's DHCP server gave no address.",
		When:  func(e *Evidence) bool { return e.Net.Link != nil && e.Net.Link.NoAddress() },
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("Connected to the network but got no address (DHCP): %s, and no route out.", linkLocalWords(e.Net.Link))
		},
		Fixes:        []string{FixRenewDHCP, FixRestartRouter, FixCheckConnection},
		NetworkAlone: true, NoPathOut: true,
		After: map[string]string{
			"site-ok": "an answer from the site outranks a link list read mid-change (or a site on this computer)",
		},
		DecidedBy: func(e *Evidence) string { return "link: " + linkLocalWords(e.Net.Link) + ", no default route" },
	},
	{
		Name: "link-down", Side: SideUser, Hop: HopLink,
		Means: "No network interface has a carrier and an address, or there is no default route.",
		When:  func(e *Evidence) bool { return e.Net.Link != nil && !e.Net.Link.OK() },
		Summary: func(e *Evidence) string {
			return "This computer is not connected to a network: " + orWords(strings.TrimSuffix(e.Net.Link.Detail, "."), "no usable interface or route") + "."
		},
		Fixes:        []string{FixCheckConnection, FixRenewDHCP},
		NetworkAlone: true, NoPathOut: true,
		After: map[string]string{
			"site-ok":     "an answer from the site outranks a link list read mid-change (or a site on this computer)",
			"dhcp-failed": "connected with only a link-local address is the precise cause of having no route: no address came from DHCP",
		},
		DecidedBy: func(e *Evidence) string { return "link: " + orWords(e.Net.Link.Detail, "no usable interface or route") },
	},
	{
		Name: "proxy-down", Side: SideUser, Hop: HopProxy,
		Means: "The configured HTTP proxy does not accept connections.",
		When:  func(e *Evidence) bool { return e.proxied() && !e.Proxy.Reachable },
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("%s%s does not answer%s.", yourProxy(e), proxySource(e), directNote(e))
		},
		Fixes: []string{FixBypassProxy, FixCopyReport},
		After: map[string]string{
			"link-down": "without a link no proxy can answer: the link is the cause",
		},
		DecidedBy: byProxy,
	},
	{
		// Before proxy-error: an intercepting proxy's certificate fails
		// through the proxy while the site works without it, which
		// proxy-error would also accept, less precisely. Before
		// clock-wrong too, though they never hold together: with a wrong
		// clock, Go's verifier reports the leaf's dates (ErrTLSExpired)
		// before it looks for an authority, and the separate TLS probe
		// only runs without a proxy.
		Name: "tls-intercepted", Side: SideUser, Hop: HopProxy,
		Means: "The certificate is from an unknown authority and a proxy is in the path: it is intercepting TLS.",
		When: func(e *Evidence) bool {
			return e.proxied() && (e.siteErr() == checks.ErrTLSAuthority)
		},
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("%s presents its own certificate for %s, which this computer does not trust.", yourProxy(e), e.Target.Host)
		},
		Fixes: []string{FixBypassProxy, FixCopyReport},
		After: map[string]string{
			"proxy-down": "a proxy that takes no connections presents no certificate: that it is down is the precise verdict",
		},
		DecidedBy: func(e *Evidence) string {
			return "through your proxy" + strings.TrimPrefix(yourProxy(e), "Your proxy") + ", " + bySiteError(e)
		},
	},
	{
		// Without a configured proxy, an unknown authority is the site's
		// (tls-invalid) unless it is a known TLS-inspecting product's
		// (checks.InterceptionProduct, by the issuer's names): then the
		// network, or security software on this computer, re-signs every
		// site and this computer does not trust it. Not ThisSiteOnly: it
		// breaks every https site alike. When the authority is trusted
		// here the site works and a warning says so (interceptionWarning).
		Name: "tls-intercepted-network", Side: SideUser, Hop: HopFirewall,
		Means: "No proxy is configured and the certificate comes from the authority of a known TLS-inspecting product (Zscaler, Fortinet, Palo Alto, ESET, Kaspersky...) that this computer does not trust: your network inspects encrypted traffic.",
		When: func(e *Evidence) bool {
			if e.proxied() || e.siteErr() != checks.ErrTLSAuthority {
				return false
			}
			p, _ := interceptor(e)
			return p != ""
		},
		Summary: func(e *Evidence) string {
			product, issuer := interceptor(e)
			return fmt.Sprintf("Your network (%s) inspects encrypted traffic: the certificate for %s comes from %s, not the site's authority, and this computer does not trust it.",
				product, e.Target.Host, issuer)
		},
		Fixes:     []string{FixAskNetworkAdmin, FixCopyReport},
		DecidedBy: byInterception,
	},
	{
		Name: "proxy-error", Side: SideUser, Hop: HopProxy,
		Means: "The proxy configured on this computer produced the error itself (its own error page or a failed tunnel).",
		When: func(e *Evidence) bool {
			if !e.proxied() {
				return false
			}
			return (e.FP.GeneratedBy == checks.RoleProxy && e.siteAnswered5xx()) ||
				e.siteErr() == checks.ErrProxy || (e.Direct != nil && e.Direct.OK())
		},
		Summary: func(e *Evidence) string {
			status := 0
			if e.HTTP != nil {
				status = e.HTTP.Status
				if e.HTTP.ProxyStatus != 0 {
					status = e.HTTP.ProxyStatus
				}
			}
			if status == 0 {
				return fmt.Sprintf("%s failed to reach %s (%s)%s.", yourProxy(e), e.Target.Host, siteFailure(e), directNote(e))
			}
			return fmt.Sprintf("%s failed to reach %s and answered %d itself%s.", yourProxy(e), e.Target.Host, status, directNote(e))
		},
		Fixes: []string{FixBypassProxy, FixCopyReport},
		After: map[string]string{
			"proxy-refused":   "a proxy that refuses with a 4xx said why: its rules, not a failure to reach the site",
			"proxy-down":      "a proxy that takes no connections fails every request: that it is down is the precise verdict",
			"tls-intercepted": "a proxy presenting its own certificate is intercepting TLS: the precise verdict, though the site also works without it",
			"filter-blocked":  "a filter's block page through the proxy names who blocks: more precise than the proxy failing",
		},
		DecidedBy: byProxyError,
	},
	{
		// With no proxy configured, gatewatch cannot know whose proxy this
		// is: a transparent one on this network, the provider's, or the
		// site's own (a reverse proxy in front of its servers). So the
		// side is unknown; the hop is proxy, because that much the page
		// shows.
		Name: "proxy-in-path-unconfigured", Side: SideUnknown, Hop: HopProxy,
		Means: "A proxy's error page (5xx) came back from the site's address, but no proxy is configured on this computer: it may be on your network, your provider's or the site's own.",
		When: func(e *Evidence) bool {
			return !e.proxied() && e.FP.GeneratedBy == checks.RoleProxy && e.siteAnswered5xx()
		},
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("A proxy%s answered %d in %s's place; none is configured on this computer, so it may be on your network, your provider's or the site's own.",
				parenthesised(e.FP.Vendor), e.HTTP.Status, e.Target.Host)
		},
		Fixes:     []string{FixRetryLater, FixCopyReport},
		DecidedBy: byPage,
	},
	{
		Name: "vpn-blackhole", Side: SideUser, Hop: HopVPN,
		Means: "Traffic leaves through a VPN interface and nothing on the internet answers through it.",
		When:  func(e *Evidence) bool { return e.Net.VPN != nil && e.Net.VPN.DefaultViaVPN && e.internetDown() },
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("Your VPN%s carries all traffic but nothing answers through it%s.", parenthesised(e.Net.VPN.EgressIface), routerNote(e))
		},
		Fixes:        []string{FixDisconnectVPN, FixCopyReport},
		NetworkAlone: true, NoPathOut: true,
		After: map[string]string{
			"proxy-in-path-unconfigured": "an answer came back from the site's address, so something answers through the VPN",
		},
		DecidedBy: func(e *Evidence) string {
			return "default route via VPN " + e.Net.VPN.EgressIface + "; " + byInternetDown(e)
		},
	},
	{
		Name: "router-unreachable", Side: SideUser, Hop: HopRouter,
		Means: "Your router (default gateway) does not answer, and neither does anything beyond it.",
		When: func(e *Evidence) bool {
			return e.Net.Gateway != nil && !e.Net.Gateway.Reachable && e.internetDown()
		},
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("Your router%s does not answer%s; nothing beyond it can be reached.", routerAddr(e.Net.Gateway), parenthesised(e.Net.Gateway.Detail))
		},
		Fixes:        []string{FixRestartRouter, FixRenewDHCP, FixCheckConnection},
		NetworkAlone: true, NoPathOut: true,
		After: map[string]string{
			"vpn-blackhole": "with a VPN carrying all traffic, its client may firewall the router too: the VPN is the first thing to take down",
		},
		DecidedBy: func(e *Evidence) string {
			return "router" + routerAddr(e.Net.Gateway) + ": " + orWords(e.Net.Gateway.Detail, "no answer")
		},
	},
	{
		// NoPathOut although packets do get through: a status page fetched
		// over a path losing a quarter of its handshakes says little, and
		// the verdict is ours either way.
		Name: "isp-packet-loss", Side: SideUser, Hop: HopISP,
		Means: "The site did not answer and the path to the internet loses many packets.",
		When: func(e *Evidence) bool {
			return silentErrs.has(e.siteErr()) && e.Net.lossPercent() >= LossThreshold
		},
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("Your connection is losing packets (%d%% of test handshakes lost), so %s does not answer in time.", e.Net.lossPercent(), e.Target.Host)
		},
		Fixes:     []string{FixRestartRouter, FixContactISP, FixNotifyBack},
		NoPathOut: true,
		DecidedBy: func(e *Evidence) string {
			return fmt.Sprintf("%d%% of test handshakes to the reference resolvers lost", e.Net.lossPercent())
		},
	},
	{
		Name: "isp-down", Side: SideUser, Hop: HopISP,
		Means: "Your router answers, but nothing on the internet does (canaries and reference resolvers all fail).",
		When:  func(e *Evidence) bool { return e.internetDown() },
		Summary: func(e *Evidence) string {
			return "Your internet connection is down: " + routerState(e) + ", but no internet host answers."
		},
		Fixes:        []string{FixRestartRouter, FixContactISP, FixNotifyBack},
		NetworkAlone: true, NoPathOut: true,
		After: map[string]string{
			"link-down":          "without a link nothing answers: the link is the cause",
			"router-unreachable": "a router that does not answer explains why nothing beyond it does",
		},
		DecidedBy: byInternetDown,
	},
	// The second opinion (world.go, issue 14): other places on the
	// internet were asked because the local verdict was only a guess
	// (WorldWanted). Each holds only together with a WorldSettles rule
	// or on undecided evidence, never with an earlier rule; world.go
	// writes the After entries of the ambiguous rules below. The four are
	// disjoint: worldSays picks one.
	{
		Name: "world-isp-blocked", Side: SideUser, Hop: HopISP,
		Means: "Second opinion: the site answers from most other places on the internet, but fails from probes in your own provider's network too: your provider cannot reach it.",
		When:  func(e *Evidence) bool { return e.worldSays() == "world-isp-blocked" },
		Summary: func(e *Evidence) string {
			s := splitOf(e.World)
			return fmt.Sprintf("Your provider (%s) cannot reach %s; other networks can (%d of %d places answer: %s)%s.",
				userNetwork(e.World), e.Target.Hostname(), s.othersOK, s.others, placesOf(e.World, true), ageNote(e.World))
		},
		Fixes:      []string{FixContactISP, FixDisconnectVPN, FixNotifyBack},
		DecidedBy:  byWorld,
		ReadsWorld: true,
	},
	{
		Name: "world-elsewhere", Side: SideUnknown, Hop: HopNone,
		Means: "Second opinion: the site answers from most other places on the internet but not from here: the problem is between you and the site, not at the site.",
		When:  func(e *Evidence) bool { return e.worldSays() == "world-elsewhere" },
		Summary: func(e *Evidence) string {
			s := splitOf(e.World)
			return fmt.Sprintf("%s answers from %d of %d places elsewhere (%s) but not from here (%s): the problem is between you and the site, not at the site%s.",
				e.Target.Hostname(), s.places-s.failing, s.places, placesOf(e.World, true), siteFailure(e), ageNote(e.World))
		},
		Fixes:      []string{FixRestartRouter, FixDisconnectVPN, FixContactISP, FixCopyReport},
		DecidedBy:  byWorld,
		ReadsWorld: true,
	},
	{
		Name: "world-regional", Side: SideServer, Hop: HopOrigin,
		Means: "Second opinion: the site fails from here and from a large part of the other places asked, and answers from the rest: a regional outage on the site's side.",
		When:  func(e *Evidence) bool { return e.worldSays() == "world-regional" },
		Summary: func(e *Evidence) string {
			s := splitOf(e.World)
			where := "some regions"
			if len(s.failingRegions) > 0 {
				where = strings.Join(s.failingRegions, ", ")
			}
			return fmt.Sprintf("%s is down in %s: it fails from %d of %d places (%s) and answers from %s%s.",
				e.Target.Hostname(), where, s.failing, s.places, placesOf(e.World, false), strings.Join(s.okPlace, ", "), ageNote(e.World))
		},
		Fixes:      []string{FixStatusPage, FixNotifyBack, FixRetryLater},
		DecidedBy:  byWorld,
		ReadsWorld: true,
	},
	{
		Name: "world-down", Side: SideServer, Hop: HopOrigin,
		Means: "Second opinion: the site fails from here and from every other place asked: it is down for everyone.",
		When:  func(e *Evidence) bool { return e.worldSays() == "world-down" },
		Summary: func(e *Evidence) string {
			s := splitOf(e.World)
			return fmt.Sprintf("%s is down for everyone (%d of %d places): %s; from here: %s%s.",
				e.Target.Hostname(), s.failing, s.places, placesOf(e.World, false), siteFailure(e), ageNote(e.World))
		},
		Fixes:      []string{FixStatusPage, FixNotifyBack, FixRetryLater},
		DecidedBy:  byWorld,
		ReadsWorld: true,
	},
	{
		Name: "site-dns-broken", Side: SideServer, Hop: HopSiteDNS,
		Means: "Every resolver, yours and the reference ones, says the name does not exist or fails: the site's own DNS is broken.",
		When:  func(e *Evidence) bool { b, _ := e.dnsSiteBroken(); return b },
		Summary: func(e *Evidence) string {
			_, how := e.dnsSiteBroken()
			return fmt.Sprintf("The name %s cannot be resolved anywhere (%s from your resolver and from the reference resolvers): the site's DNS is broken.", e.Target.Hostname(), how)
		},
		Fixes:        []string{FixStatusPage, FixNotifyBack, FixContactSite},
		NetworkAlone: true,
		After: map[string]string{
			"isp-down": "when no internet host answers, the name failing everywhere says nothing about the site",
		},
		DecidedBy: func(e *Evidence) string {
			_, how := e.dnsSiteBroken()
			return how + " from every resolver, yours and the reference ones"
		},
		WorldSettles: true,
	},
	{
		// Behind a local stub, applications get the stub's answer; its
		// upstreams are asked only to tell which of the two fails.
		Name: "dns-stub-failing", Side: SideUser, Hop: HopDNS,
		Means: "The DNS service on this computer (systemd-resolved, NetworkManager's dnsmasq) fails while the upstream servers it forwards to answer; a SERVFAIL that checking disabled (CD) resolves is its DNSSEC validation failing.",
		When:  func(e *Evidence) bool { return e.dnsStubFailing() },
		Summary: func(e *Evidence) string {
			return stubSummary(e)
		},
		Fixes:        []string{FixRestartDNSService, FixSwitchDNS, FixCopyReport},
		NetworkAlone: true,
		DecidedBy: func(e *Evidence) string {
			return fmt.Sprintf("%s: %s; its upstream servers answer", serviceName(e), orWords(firstDetail(e.DNS.System), "no answer"))
		},
	},
	{
		Name: "dns-resolver-failing", Side: SideUser, Hop: HopDNS,
		Means: "Your resolver fails (no answer, SERVFAIL, REFUSED or NXDOMAIN) while reference resolvers resolve the name.",
		// A resolver that is merely silent while the path loses packets
		// heavily (LossThreshold) is not shown to be broken: the loss
		// explains it, so the site request is awaited and isp-packet-loss
		// (or whatever the site's answer shows) decides (the lab's
		// loss-heavy fault).
		When: func(e *Evidence) bool {
			return e.dnsSystemFailing() && e.DNS.ReferenceOK() && !(e.dnsSystemSilent() && e.Net.lossPercent() >= LossThreshold)
		},
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("%s cannot resolve %s (%s), while the reference resolvers can.", yourResolver(e), e.Target.Hostname(), firstDetail(e.DNS.System))
		},
		Fixes:        []string{FixSwitchDNS, FixFlushDNS, FixRestartRouter},
		NetworkAlone: true,
		After: map[string]string{
			"dns-filtered":     "an NXDOMAIN for a name the reference resolvers resolve is an answer, not a failure: filters answer so, while a failing resolver is silent or says SERVFAIL",
			"dns-stub-failing": "behind a local stub whose upstreams answer, the stub is what fails: restarting it is the fix, not another resolver",
		},
		DecidedBy: func(e *Evidence) string {
			return "your resolver: " + firstDetail(e.DNS.System) + "; the reference resolvers answer"
		},
	},
	{
		Name: "dns-wrong-answer", Side: SideUser, Hop: HopDNS,
		Means: "Your resolver gives a different address than the reference resolvers, and the site works at the reference address.",
		When: func(e *Evidence) bool {
			return e.DNS != nil && e.DNS.Disagree() && e.Pinned != nil && e.Pinned.OK()
		},
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("Your DNS resolver sends %s to %s, but the reference resolvers say %s, where the site answers: a hijacked or stale DNS answer.",
				e.Target.Hostname(), joinAddrs(e.DNS.SystemAddrs()), joinAddrs(e.DNS.ReferenceAddrs()))
		},
		Fixes: []string{FixFlushDNS, FixSwitchDNS, FixRestartRouter},
		DecidedBy: func(e *Evidence) string {
			return fmt.Sprintf("the site answers %d at the reference address %s", e.Pinned.Status, joinAddrs(e.DNS.ReferenceAddrs()))
		},
	},
	{
		Name: "clock-wrong", Side: SideUser, Hop: HopClock,
		Means: "The certificate check failed on dates (expired or not yet valid) and the internet's clocks (the canaries', the site's) agree this computer's clock is off by more than a day.",
		// ErrTLSExpired is Go's x509.Expired, which covers both "expired"
		// and "not yet valid": a clock ahead makes the first, one behind
		// the second.
		When: func(e *Evidence) bool {
			return (e.siteErr() == checks.ErrTLSExpired || (e.TLS != nil && e.TLS.Err == checks.ErrTLSExpired)) &&
				e.clockOff(ClockWrongSkew)
		},
		Summary: func(e *Evidence) string {
			c := e.clock()
			return fmt.Sprintf("This computer's clock is off by %s, %s: it is %s.", checks.HumanDuration(abs(c.Skew)), c.judgedBy(), clockDirection(c.Skew))
		},
		Fixes: []string{FixSyncClock},
		After: map[string]string{
			"dns-wrong-answer": "a hijacked address serves someone else's certificate: the DNS answer is the cause",
		},
		DecidedBy: func(e *Evidence) string {
			c := e.clock()
			return fmt.Sprintf("clock off by %s (%d of %d clocks agree) with a certificate that looks expired", checks.HumanDuration(abs(c.Skew)), c.Agree, c.Total)
		},
	},
	{
		Name: "tls-invalid", Side: SideServer, Hop: HopTLS,
		Means: "The site's certificate is expired, for another name or from an unknown authority, and your clock is right.",
		When: func(e *Evidence) bool {
			return tlsErrs.has(e.siteErr())
		},
		Summary: func(e *Evidence) string {
			d := e.HTTP.Error
			if e.TLS != nil && e.TLS.Detail != "" && e.TLS.Err != checks.ErrNone {
				d = e.TLS.Detail
			}
			return fmt.Sprintf("%s has a certificate problem: %s.", e.Target.Host, orWords(strings.TrimSuffix(d, "."), string(e.HTTP.Err)))
		},
		Fixes: []string{FixStatusPage, FixContactSite, FixNotifyBack},
		After: map[string]string{
			"clock-wrong":             "with the clock off by more than a day, a certificate that looks expired is the clock's fault",
			"tls-intercepted":         "an unknown authority behind a proxy is the proxy's certificate, not the site's",
			"tls-intercepted-network": "an unknown authority that is a known inspection product's is the network's certificate, not the site's",
		},
		DecidedBy:    byTLS,
		WorldSettles: true,
	},
	{
		Name: "cdn-error", Side: SideServer, Hop: HopCDN,
		Means: "The site's CDN answered with its own error page: it could not get a valid answer from the site's servers.",
		When:  func(e *Evidence) bool { return e.siteAnswered5xx() && e.FP.GeneratedBy == checks.RoleEdge },
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("%s's CDN (%s) answered %d: it cannot reach the site's own servers.%s", e.Target.Host, vendor(e), e.HTTP.Status, retryNote(e))
		},
		Fixes:     []string{FixStatusPage, FixNotifyBack, FixRetryLater},
		DecidedBy: byPage,
	},
	{
		Name: "origin-error", Side: SideServer, Hop: HopOrigin,
		Means: "The site's own servers answered with a server error (5xx), possibly relayed by its CDN.",
		When: func(e *Evidence) bool {
			return e.siteAnswered5xx() && e.FP.GeneratedBy != checks.RoleProxy && !(e.proxied() && e.FP.GeneratedBy == checks.RoleUnknown)
		},
		Summary: func(e *Evidence) string {
			who := "The site's server"
			switch {
			case e.FP.Vendor != "":
				who = "The site's server (" + e.FP.Vendor + ")"
			case e.FP.GeneratedBy == checks.RoleUnknown:
				who = "The site (server software not recognised)"
			}
			relay := ""
			if len(e.FP.Via) > 1 {
				relay = " through " + e.FP.Via[0]
			}
			return fmt.Sprintf("%s answered %d %s%s.%s", who, e.HTTP.Status, http.StatusText(e.HTTP.Status), relay, retryNote(e))
		},
		Fixes: []string{FixStatusPage, FixNotifyBack, FixRetryLater},
		After: map[string]string{
			"cdn-error":      "a 5xx page the CDN generated itself is the CDN's, though the CDN sits in front of the origin",
			"filter-blocked": "a network filter's block page served as 5xx is the filter's, not the site's server",
		},
		DecidedBy:    byPage,
		WorldSettles: true,
	},
	{
		Name: "firewall-blocked", Side: SideUser, Hop: HopFirewall,
		Means: "This computer itself refused to send the connection (operation not permitted): a firewall on this computer blocks it.",
		When:  func(e *Evidence) bool { return e.siteErr() == checks.ErrBlocked },
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("A firewall on this computer blocks connections to %s.", e.Target.Host)
		},
		Fixes:     []string{FixCheckFirewall},
		DecidedBy: bySiteError,
	},
	{
		// The route goes through a VPN, whose tunnel adds headers: the
		// usual cause of a path MTU black hole, and its interface's MTU is
		// what the user can lower.
		Name: "mtu-blackhole-vpn", Side: SideUser, Hop: HopVPN,
		Means: "Through the VPN, the site's connection stalls once large packets flow (TLS handshake or answer), and a retry with small TCP segments works: a path MTU black hole in the tunnel.",
		When:  func(e *Evidence) bool { return e.mssRescued() && e.Net.routeViaVPN() },
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("Through your VPN%s, %s: the tunnel drops large packets (an MTU black hole); lowering the VPN interface's MTU fixes it.",
				parenthesised(e.Net.VPN.EgressIface), mtuWords(e))
		},
		Fixes: []string{FixLowerMTU, FixDisconnectVPN, FixCopyReport},
		After: map[string]string{
			"isp-packet-loss": "with a quarter of the handshakes lost, a small-segment retry that worked may be luck; the loss is measured",
		},
		DecidedBy: func(e *Evidence) string {
			return fmt.Sprintf("site request: %s; retried with TCP segments of at most %d bytes: it answered", stallWords(e.HTTP), e.MSS.Working)
		},
	},
	{
		// Without a VPN the black hole is on the line out (PPPoE, a
		// tunnel or a misconfigured link at the router or the provider):
		// hop isp, and the fix is clamping the MSS on the router.
		Name: "mtu-blackhole", Side: SideUser, Hop: HopISP,
		Means: "The site's connection stalls once large packets flow (TLS handshake or answer), and a retry with small TCP segments works: a path MTU black hole between your router and the internet.",
		When:  func(e *Evidence) bool { return e.mssRescued() && !e.Net.routeViaVPN() },
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("Your connection drops large packets: %s (a path MTU black hole between your router and the internet).", mtuWords(e))
		},
		Fixes: []string{FixClampMSS, FixRestartRouter, FixContactISP},
		After: map[string]string{
			"isp-packet-loss": "with a quarter of the handshakes lost, a small-segment retry that worked may be luck; the loss is measured",
		},
		DecidedBy: func(e *Evidence) string {
			return fmt.Sprintf("site request: %s; retried with TCP segments of at most %d bytes: it answered", stallWords(e.HTTP), e.MSS.Working)
		},
	},
	{
		// A router, network firewall or local firewall that drops
		// outgoing 443 looks like a silent site unless port 443 is tried
		// elsewhere: the reference hosts, whose 53 answers, are silent on
		// 443 too (HTTPSBlockedPercent), while plain http gets through.
		Name: "https-blocked", Side: SideUser, Hop: HopFirewall,
		Means: "The site does not answer on port 443, nor do the reference hosts, while their port 53 and plain-http canaries answer: outgoing HTTPS is blocked on your side (router, network or local firewall).",
		When:  func(e *Evidence) bool { return e.httpsBlocked() },
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("Outgoing HTTPS (port 443) is blocked on your side: %s does not answer on 443, and %d%% of the test handshakes to port 443 of the reference hosts go unanswered, while DNS and plain http get through.",
				e.Target.Host, e.Net.HTTPS.SilentPercent())
		},
		Fixes: []string{FixCheckNetworkFirewall, FixCheckFirewall, FixCopyReport},
		After: map[string]string{
			"mtu-blackhole-vpn": "a small-segment retry reached the site on 443: the port is open, the packets were too large",
			"mtu-blackhole":     "a small-segment retry reached the site on 443: the port is open, the packets were too large",
		},
		DecidedBy: func(e *Evidence) string {
			return fmt.Sprintf("%d%% of the handshakes to port 443 of the reference hosts unanswered, port 53 and http answering", e.Net.HTTPS.SilentPercent())
		},
	},
	{
		Name: "origin-refused", Side: SideServer, Hop: HopOrigin,
		Means: "The site's server refused the connection while the rest of the internet works.",
		When:  func(e *Evidence) bool { return e.siteErr() == checks.ErrRefused && e.internetUp() },
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("%s refuses connections at %s while other internet hosts answer: its server is down.", e.Target.Host, remote(e))
		},
		Fixes: []string{FixStatusPage, FixNotifyBack, FixRetryLater},
		After: map[string]string{
			"dns-wrong-answer": "a refusal at a hijacked address says nothing about the site",
		},
		DecidedBy:    func(e *Evidence) string { return bySiteError(e) + ", while other internet hosts answer" },
		WorldSettles: true,
	},
	{
		// Slow is not silent: the site took the connection, the handshake
		// and the request, then sent nothing in time. Like origin-silent
		// it needs a clean internet (loss makes slowness ambiguous).
		Name: "origin-slow", Side: SideServer, Hop: HopOrigin,
		Means: "The site connects and takes the request quickly but sends no answer before the timeout, while the rest of the internet works without loss: it is too slow.",
		When:  func(e *Evidence) bool { return e.siteSlow() && e.internetClean() },
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("%s answers too slowly: %s, but no response after %s; the site is overloaded or stuck.",
				e.Target.Host, slowWords(e.HTTP), waitedWords(e.HTTP))
		},
		Fixes: []string{FixRetryLater, FixStatusPage, FixNotifyBack},
		After: map[string]string{
			"mtu-blackhole-vpn": "a small-segment retry got the answer: it was not slow, it was too large for the path",
			"mtu-blackhole":     "a small-segment retry got the answer: it was not slow, it was too large for the path",
		},
		DecidedBy: func(e *Evidence) string {
			return fmt.Sprintf("site request: %s, then no answer for %s", slowWords(e.HTTP), waitedWords(e.HTTP))
		},
	},
	{
		// Side user: the site is reachable from the internet over its one
		// family, and this network's copy of that family does not get out.
		// Hop router: the home router is what hands out IPv6 (router
		// advertisements, the prefix it got from the provider) and
		// forwards it; whether the provider delivers IPv6 to it is its
		// setting to check first, and restarting it is the first remedy.
		// Only without a proxy: with one, the proxy does the connecting.
		// NetworkAlone: the site's addresses and the handshakes per family
		// (the canaries' and the site's own, each bounded) decide, so a
		// site that can only time out is not waited for.
		Name: "ip-family-broken", Side: SideUser, Hop: HopRouter,
		Means: "The site has addresses in one family only (IPv6 or IPv4), and that family does not get out of your network while the other one works to the canaries.",
		When: func(e *Evidence) bool {
			return !e.proxied() && e.unreachableFamily() != 0
		},
		Summary: func(e *Evidence) string {
			f := e.unreachableFamily()
			return fmt.Sprintf("%s has only IPv%d addresses (%s), and %s: the site cannot be reached from this network.",
				e.Target.Hostname(), f, joinAddrs(e.siteAddrs()), familyWords(e, f))
		},
		Fixes:        []string{FixRestartRouter, FixContactISP, FixCopyReport},
		NetworkAlone: true,
		After: map[string]string{
			"site-ok":          "the site answered: its family got through after all (the handshakes were unlucky)",
			"isp-packet-loss":  "a path losing a quarter of its handshakes explains a silent site over any family",
			"dns-wrong-answer": "the site works at the reference resolvers' address: the resolver's answer is the cause, not the family",
			"tls-invalid":      "a certificate came back: the family got through to the site",
			"origin-error":     "the site's servers answered: the family got through to them",
			"firewall-blocked": "this computer's own firewall refusing the connection is the precise cause",
			"origin-refused":   "a refusal is the site answering: the family got through to it",
		},
		DecidedBy: func(e *Evidence) string {
			f := e.unreachableFamily()
			return fmt.Sprintf("the site has only IPv%d addresses and %s", f, familyWords(e, f))
		},
	},
	{
		Name: "origin-silent", Side: SideServer, Hop: HopOrigin,
		Means: "The site does not answer (timeout, reset, broken or looping response) while the rest of the internet works without loss (every canary and reference resolver answers, on port 53 and 443).",
		// A silent site says something about the site only on a clean
		// internet (internetClean): with any loss, a silent canary or a
		// silent reference resolver, the site's silence may be the
		// path's, so the verdict stays undecided. A broken answer
		// (protocol error, redirect loop, oversize) came back whole over
		// TCP: loss does not make one, but heavy loss still leaves it
		// undecided as before.
		When: func(e *Evidence) bool {
			k := e.siteErr()
			if silentErrs.has(k) {
				return e.internetClean()
			}
			return brokenAnswerErrs.has(k) && e.internetUp() && e.Net.lossPercent() < LossThreshold
		},
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("%s does not answer properly (%s) while other internet hosts do: the problem is at the site.", e.Target.Host, siteFailure(e))
		},
		Fixes: []string{FixStatusPage, FixNotifyBack, FixRetryLater},
		After: map[string]string{
			"proxy-error":       "a site that answers without the proxy and fails through it is failed by the proxy",
			"mtu-blackhole-vpn": "a small-segment retry got the answer: the path drops large packets, the site is fine",
			"mtu-blackhole":     "a small-segment retry got the answer: the path drops large packets, the site is fine",
			"origin-slow":       "a site that took the request and sent nothing back in time is slow: the precise verdict",
			"ip-family-broken":  "a site reachable only over a family that does not get out of this network is silent because of the network",
		},
		DecidedBy:    func(e *Evidence) string { return bySiteError(e) + ", while the internet answers cleanly" },
		WorldSettles: true,
	},
}

// NetworkWide reports whether v blames the user's network: a user-side
// verdict whose rule is not about its site alone (ThisSiteOnly).
func NetworkWide(v Verdict) bool {
	if v.Side != SideUser {
		return false
	}
	r, ok := RuleNamed(v.Rule)
	return !ok || !r.ThisSiteOnly
}

// HonoursRetryAfter reports whether the monitor waits out v's Retry-After:
// a server-side verdict's, or a rate limit's (BacksOff) whatever its side.
// A proxy's or captive portal's header says nothing about the site.
func HonoursRetryAfter(v Verdict) bool {
	if v.Side == SideServer {
		return true
	}
	r, ok := RuleNamed(v.Rule)
	return ok && r.BacksOff
}

// RuleNamed returns the table's rule called name.
func RuleNamed(name string) (Rule, bool) {
	for _, r := range Rules {
		if r.Name == name {
			return r, true
		}
	}
	return Rule{}, false
}
