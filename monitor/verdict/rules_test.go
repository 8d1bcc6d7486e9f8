package verdict

import (
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/checks"
)

// The evidence builders below describe a healthy lab network; each rule
// test breaks exactly the part its rule is about.

var (
	siteURL = mustURL("https://shop.gw.test/")
	gw      = netip.MustParseAddr("192.0.2.1")
	refAddr = netip.MustParseAddr("203.0.113.10")
	// hijackAddr is where a hijacking resolver sends the site: no
	// blocking address, just someone else's server.
	hijackAddr = netip.MustParseAddr("198.51.100.66")
)

// stubDNS is a dead systemd-resolved stub in front of an upstream (the
// router) that answers.
func stubDNS(e *Evidence) {
	e.DNS.Service = "systemd-resolved"
	e.DNS.System = []checks.DNSAnswer{
		{Server: "127.0.0.53:53", Stub: true, Err: checks.ErrRefused, Detail: "refused"},
		{Server: "192.0.2.1:53", Upstream: true, Rcode: "NOERROR", Addrs: []netip.Addr{refAddr}},
	}
}

// blockPage is the site's name sent to hijackAddr, where a filter's page
// answers 200, while the real site answers at the reference address.
func blockPage(e *Evidence) {
	e.DNS.System = []checks.DNSAnswer{answer("192.0.2.1:53", "NOERROR", hijackAddr)}
	e.HTTP = response(200, nil, "<title>Blocked by the network filter</title>")
	e.HTTP.RemoteAddr = "198.51.100.66:443"
	e.Pinned = response(200, nil, "<title>Shop</title>hello")
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func healthyNet() NetEvidence {
	return NetEvidence{
		Link: &checks.LinkResult{
			Usable:        []string{"eth0"},
			DefaultRoutes: []checks.Route{{Interface: "eth0", Gateway: gw, Dst: netip.MustParsePrefix("0.0.0.0/0")}},
			Detail:        "eth0 up",
		},
		Gateway:  &checks.GatewayResult{Gateway: gw, Reachable: true, Detail: "tcp/53 open"},
		Canaries: []checks.CanaryResult{{URL: "http://203.0.113.30/generate_204", Online: true, Status: 204}},
		Reach:    []checks.ReachResult{{Addr: "203.0.113.53:53", Attempts: 8, Succeeded: 8}},
		VPN:      &checks.VPNResult{EgressIface: "eth0"},
	}
}

func answer(server string, rcode string, addrs ...netip.Addr) checks.DNSAnswer {
	return checks.DNSAnswer{Server: server, Rcode: rcode, Addrs: addrs}
}

func healthyDNS() *checks.DNSResult {
	return &checks.DNSResult{
		Host:      "shop.gw.test",
		System:    []checks.DNSAnswer{answer("192.0.2.1:53", "NOERROR", refAddr)},
		Reference: []checks.DNSAnswer{answer("203.0.113.53:53", "NOERROR", refAddr)},
	}
}

func response(status int, h http.Header, body string) *checks.HTTPResult {
	return &checks.HTTPResult{URL: siteURL.String(), Status: status, Header: h, Body: []byte(body), RemoteAddr: "203.0.113.10:443"}
}

func failure(kind checks.ErrKind, msg string) *checks.HTTPResult {
	return &checks.HTTPResult{URL: siteURL.String(), Err: kind, Error: msg}
}

func healthy() *Evidence {
	return &Evidence{Target: siteURL, Net: healthyNet(), DNS: healthyDNS(), HTTP: response(200, nil, "hello")}
}

func internetDown(e *Evidence) {
	e.Net.Canaries[0] = checks.CanaryResult{URL: "http://203.0.113.30/generate_204", Err: checks.ErrTimeout}
	e.Net.Reach[0] = checks.ReachResult{Addr: "203.0.113.53:53", Attempts: 8, Err: checks.ErrTimeout}
	e.DNS.Reference = []checks.DNSAnswer{{Server: "203.0.113.53:53", Err: checks.ErrTimeout}}
	e.HTTP = nil
	e.SiteNotAwaited = "site request not awaited: no internet host answers"
}

// noDHCP: eth0 is connected with only self-assigned addresses and no
// route (the DHCP server did not answer).
func noDHCP(e *Evidence) {
	e.Net.Link = &checks.LinkResult{
		Interfaces: []checks.Interface{{Name: "eth0", Up: true, Running: true,
			Addrs: []netip.Prefix{netip.MustParsePrefix("169.254.3.4/16"), netip.MustParsePrefix("fe80::1/64")}}},
		LinkLocalOnly: []string{"eth0"},
		Detail:        "eth0 has a carrier but no address",
	}
	e.Net.Gateway = nil
}

var (
	v6Gateway = netip.MustParseAddr("2001:db8:2::1")
	v6Canary  = netip.MustParseAddr("2001:db8:113::30")
	v6Site    = netip.MustParseAddr("2001:db8:113::40")
)

// dualStack: this network routes both families and the canary answers
// over both.
func dualStack(e *Evidence) {
	e.Net.Link.DefaultRoutes = []checks.Route{
		{Interface: "eth0", Gateway: gw, Dst: netip.MustParsePrefix("0.0.0.0/0")},
		{Interface: "eth0", Gateway: v6Gateway, Dst: netip.MustParsePrefix("::/0")},
	}
	e.Net.Families = []checks.FamilyProbe{
		{Host: "canary canary.gw.test", Addr: netip.MustParseAddr("203.0.113.30"), OK: true, Detail: "canary over IPv4: answered"},
		{Host: "canary canary.gw.test", Addr: v6Canary, OK: true, Detail: "canary over IPv6: answered"},
	}
}

// ipv6Broken: both families are routed, the canary answers over IPv4 and
// not over IPv6.
func ipv6Broken(e *Evidence) {
	dualStack(e)
	e.Net.Families[1].OK, e.Net.Families[1].Err = false, checks.ErrTimeout
	e.Net.Families[1].Detail = "canary over IPv6: no answer (timeout)"
}

// v6Only: the site has only an IPv6 address.
func v6Only(e *Evidence) {
	e.DNS.System = []checks.DNSAnswer{answer("192.0.2.1:53", "NOERROR", v6Site)}
	e.DNS.Reference = []checks.DNSAnswer{answer("203.0.113.53:53", "NOERROR", v6Site)}
}

func withProxy(e *Evidence, reachable bool) {
	p := mustURL("http://198.51.100.80:3128")
	e.Proxy = &checks.ProxyResult{Setting: checks.ProxySetting{URL: p, Source: "env HTTPS_PROXY"}, Display: p.String(), Reachable: reachable}
}

var ruleCases = []struct {
	rule  string
	side  Side
	hop   Hop
	build func(e *Evidence)
	says  string // a phrase the summary must contain
}{
	{"captive-portal", SideUser, HopCaptive, func(e *Evidence) {
		e.Net.Canaries[0] = checks.CanaryResult{Captive: true, PortalURL: "http://192.0.2.1/login", Status: 302}
		e.HTTP = nil
		e.SiteNotAwaited = "captive portal"
	}, "http://192.0.2.1/login"},
	{"filter-blocked", SideUser, HopFirewall, filterPage(200), "A security filter on your network (FortiGuard) blocks shop.gw.test"},
	{"proxy-refused", SideUser, HopProxy, func(e *Evidence) {
		withProxy(e, true)
		e.HTTP = response(403, http.Header{"Server": {"squid/6.6"}, "X-Squid-Error": {"ERR_ACCESS_DENIED 0"}}, "squid access denied page")
		e.FP = checks.Fingerprint{Vendor: "Squid", Via: []string{"Squid"}, GeneratedBy: checks.RoleProxy}
	}, "refuses to fetch shop.gw.test (403 Forbidden, ERR_ACCESS_DENIED)"},
	{"bot-check", SideOK, HopNone, func(e *Evidence) {
		// Cloudflare's older JavaScript challenge came as 503.
		e.HTTP = response(503, http.Header{"Server": {"cloudflare"}}, "Checking your browser before accessing")
		e.FP = checks.Fingerprint{Vendor: "Cloudflare", Via: []string{"Cloudflare"}, GeneratedBy: checks.RoleEdge, Page: checks.PageChallenge}
	}, "the site is up but asks for a browser check"},
	{"access-refused", SideUser, HopNone, func(e *Evidence) {
		e.HTTP = response(403, http.Header{"Server": {"cloudflare"}, "Cf-Ray": {"abc-LAB"}}, "Error 1020 Access denied")
		e.FP = checks.Fingerprint{Vendor: "Cloudflare", Via: []string{"Cloudflare"}, GeneratedBy: checks.RoleEdge, Page: checks.PageRefused}
	}, "refuses this computer's address"},
	{"rate-limited", SideOK, HopNone, func(e *Evidence) {
		e.HTTP = response(429, http.Header{"Server": {"cloudflare"}, "Retry-After": {"120"}}, "error code: 1015")
		e.HTTP.RetryAfter = 2 * time.Minute
		e.FP = checks.Fingerprint{Vendor: "Cloudflare", Via: []string{"Cloudflare"}, GeneratedBy: checks.RoleEdge, Page: checks.PageRateLimited}
	}, "the site is up but rate-limits this computer (Cloudflare answered 429 Too Many Requests): gatewatch backs off (it asks to retry after 2 min)."},
	{"site-ok", SideOK, HopNone, func(e *Evidence) {}, "answers (200"},
	{"dhcp-failed", SideUser, HopLink, func(e *Evidence) {
		noDHCP(e)
		internetDown(e)
	}, "got no address (DHCP): eth0 has only the self-assigned link-local 169.254.3.4, fe80::1"},
	{"link-down", SideUser, HopLink, func(e *Evidence) {
		e.Net.Link = &checks.LinkResult{Detail: "no interface has a carrier"}
		e.Net.Gateway = nil
		internetDown(e)
	}, "not connected"},
	{"proxy-down", SideUser, HopProxy, func(e *Evidence) {
		withProxy(e, false)
		e.HTTP = failure(checks.ErrProxy, "proxyconnect tcp: dial tcp 198.51.100.80:3128: connect: connection refused")
	}, "does not answer"},
	{"proxy-error", SideUser, HopProxy, func(e *Evidence) {
		withProxy(e, true)
		e.HTTP = &checks.HTTPResult{Err: checks.ErrProxy, Error: "proxy answered 502", ProxyStatus: 502}
		e.FP = checks.Fingerprint{Vendor: "Squid", GeneratedBy: checks.RoleProxy}
	}, "answered 502 itself"},
	{"proxy-in-path-unconfigured", SideUnknown, HopProxy, func(e *Evidence) {
		// The evil-body case: the site's own address answers with a Squid
		// page while no proxy is configured here.
		e.HTTP = response(502, http.Header{"Server": {"squid/5.7"}, "X-Squid-Error": {"ERR_CONNECT_FAIL 111"}}, "squid error page")
		e.FP = checks.Fingerprint{Vendor: "Squid", GeneratedBy: checks.RoleProxy}
	}, "none is configured on this computer"},
	{"vpn-blackhole", SideUser, HopVPN, func(e *Evidence) {
		e.Net.VPN = &checks.VPNResult{Interfaces: []string{"gwvpn0"}, EgressIface: "gwvpn0", DefaultViaVPN: true}
		internetDown(e)
	}, "gwvpn0"},
	{"router-unreachable", SideUser, HopRouter, func(e *Evidence) {
		e.Net.Gateway = &checks.GatewayResult{Gateway: gw, Reachable: false, Err: checks.ErrTimeout, Detail: "no answer on tcp/53, 80, 443 or icmp"}
		internetDown(e)
		e.DNS.System = []checks.DNSAnswer{{Server: "192.0.2.1:53", Err: checks.ErrTimeout}}
	}, "192.0.2.1 does not answer"},
	{"isp-packet-loss", SideUser, HopISP, func(e *Evidence) {
		e.Net.Reach[0] = checks.ReachResult{Addr: "203.0.113.53:53", Attempts: 8, Succeeded: 4, Err: checks.ErrTimeout}
		e.HTTP = failure(checks.ErrTimeout, "context deadline exceeded")
	}, "losing packets (50%"},
	{"isp-down", SideUser, HopISP, func(e *Evidence) {
		internetDown(e)
	}, "internet connection is down"},
	{"site-dns-broken", SideServer, HopSiteDNS, func(e *Evidence) {
		e.DNS.System = []checks.DNSAnswer{answer("192.0.2.1:53", "NXDOMAIN")}
		e.DNS.Reference = []checks.DNSAnswer{answer("203.0.113.53:53", "NXDOMAIN")}
		e.HTTP = failure(checks.ErrNXDomain, "lookup shop.gw.test: no such host")
	}, "cannot be resolved anywhere"},
	{"dns-resolver-failing", SideUser, HopDNS, func(e *Evidence) {
		e.DNS.System = []checks.DNSAnswer{{Server: "192.0.2.1:53", Err: checks.ErrRefused, Detail: "refused"}}
		e.HTTP = nil
		e.SiteNotAwaited = "site request not awaited: the system resolver fails"
	}, "reference resolvers can"},
	{"dns-filtered", SideUser, HopDNS, func(e *Evidence) {
		e.DNS.System = []checks.DNSAnswer{answer("192.0.2.1:53", "NOERROR", netip.IPv4Unspecified())}
		e.HTTP = nil
		e.SiteNotAwaited = "site request not awaited: the system resolver blocks the name"
	}, "A DNS filter on your network blocks shop.gw.test (it answers 0.0.0.0)"},
	{"dns-block-page", SideUser, HopDNS, blockPage, `where another page answers than at 203.0.113.10, the reference resolvers' address (title "Blocked by the network filter" instead of "Shop")`},
	{"dns-stub-failing", SideUser, HopDNS, func(e *Evidence) {
		stubDNS(e)
		e.HTTP = nil
		e.SiteNotAwaited = "site request not awaited: the stub fails"
	}, "Your computer's DNS service (systemd-resolved) does not answer, while its upstream servers do."},
	{"dns-wrong-answer", SideUser, HopDNS, func(e *Evidence) {
		e.DNS.System = []checks.DNSAnswer{answer("192.0.2.1:53", "NOERROR", hijackAddr)}
		e.HTTP = failure(checks.ErrRefused, "connect: connection refused")
		e.Pinned = response(200, nil, "hello")
	}, "hijacked or stale"},
	{"clock-wrong", SideUser, HopClock, func(e *Evidence) {
		e.HTTP = failure(checks.ErrTLSExpired, "x509: certificate has expired or is not yet valid")
		e.Net.Clocks = []ClockReading{{Source: "canary 203.0.113.30", Skew: 400 * 24 * time.Hour}}
	}, "clock is off by 400 days"},
	{"tls-intercepted", SideUser, HopProxy, func(e *Evidence) {
		withProxy(e, true)
		e.HTTP = failure(checks.ErrTLSAuthority, "x509: certificate signed by unknown authority")
	}, "its own certificate"},
	{"tls-intercepted-network", SideUser, HopFirewall, inspected("CN=Zscaler Intermediate Root CA (zscaler.net),O=Zscaler Inc."),
		"Your network (Zscaler) inspects encrypted traffic: the certificate for shop.gw.test comes from Zscaler Intermediate Root CA (zscaler.net)"},
	{"tls-invalid", SideServer, HopTLS, func(e *Evidence) {
		e.HTTP = failure(checks.ErrTLSExpired, "x509: certificate has expired")
		e.TLS = &checks.TLSResult{Err: checks.ErrTLSExpired, Detail: "certificate for shop.gw.test expired 3 days ago, on 2026-11-20"}
		e.Net.Clocks = []ClockReading{{Source: "canary 203.0.113.30", Skew: time.Second}}
	}, "expired 3 days ago"},
	{"cdn-error", SideServer, HopCDN, func(e *Evidence) {
		e.HTTP = response(502, http.Header{"Cf-Ray": {"abc-LAB"}}, "edge page")
		e.FP = checks.Fingerprint{Vendor: "Cloudflare", GeneratedBy: checks.RoleEdge}
	}, "CDN (Cloudflare) answered 502"},
	{"origin-error", SideServer, HopOrigin, func(e *Evidence) {
		e.HTTP = response(503, nil, "maintenance")
		e.HTTP.RetryAfter = 2 * time.Minute
		e.FP = checks.Fingerprint{Vendor: "nginx", Via: []string{"Cloudflare", "nginx"}, GeneratedBy: checks.RoleOrigin}
	}, "retry after 2 min"},
	{"firewall-blocked", SideUser, HopFirewall, func(e *Evidence) {
		e.HTTP = failure(checks.ErrBlocked, "connect: operation not permitted")
	}, "firewall"},
	{"mtu-blackhole-vpn", SideUser, HopVPN, func(e *Evidence) {
		e.Net.VPN = &checks.VPNResult{Interfaces: []string{"gwvpn0"}, EgressIface: "gwvpn0", DefaultViaVPN: true}
		mtuStall(e, checks.StageTLS)
	}, "Through your VPN (gwvpn0), connections to shop.gw.test stall once large packets flow (the TLS handshake never finished), but work with TCP segments of at most 1200 bytes"},
	{"mtu-blackhole", SideUser, HopISP, func(e *Evidence) {
		mtuStall(e, checks.StageWaiting)
	}, "no answer came after the request), but work with TCP segments of at most 1200 bytes"},
	{"https-blocked", SideUser, HopFirewall, func(e *Evidence) {
		httpsSilent(e)
		e.HTTP = failure(checks.ErrTimeout, "dial tcp 203.0.113.10:443: i/o timeout")
		e.HTTP.Stage = checks.StageConnect
	}, "HTTPS (port 443) is blocked on your side: shop.gw.test does not answer on 443, and 100% of the test handshakes to port 443 of the reference hosts go unanswered"},
	{"origin-refused", SideServer, HopOrigin, func(e *Evidence) {
		e.HTTP = failure(checks.ErrRefused, "connect: connection refused")
	}, "refuses connections"},
	{"origin-slow", SideServer, HopOrigin, func(e *Evidence) {
		slowSite(e)
	}, "shop.gw.test answers too slowly: connected in 12ms, TLS in 30ms, but no response after 4.9 s"},
	{"ip-family-broken", SideUser, HopRouter, func(e *Evidence) {
		ipv6Broken(e)
		v6Only(e)
		e.HTTP = failure(checks.ErrTimeout, "dial tcp [2001:db8:113::40]:443: i/o timeout")
	}, "has only IPv6 addresses (2001:db8:113::40), and IPv6 is broken on your network"},
	{"origin-silent", SideServer, HopOrigin, func(e *Evidence) {
		e.HTTP = failure(checks.ErrTimeout, "context deadline exceeded")
	}, "does not answer properly"},
	{"undecided", SideUnknown, HopNone, func(e *Evidence) {
		// The site times out and there is nothing to compare with.
		e.Net.Canaries, e.Net.Reach = nil, nil
		e.DNS.Reference = nil
		e.HTTP = failure(checks.ErrTimeout, "context deadline exceeded")
	}, "no canary or reference resolver"},
}

func TestEveryRuleHasACase(t *testing.T) {
	have := map[string]bool{}
	for _, c := range ruleCases {
		have[c.rule] = true
	}
	for _, r := range Rules {
		if !have[r.Name] {
			t.Errorf("rule %q has no test case", r.Name)
		}
	}
}

func TestRules(t *testing.T) {
	for _, c := range ruleCases {
		t.Run(c.rule, func(t *testing.T) {
			e := healthy()
			c.build(e)
			v := Decide(e)
			if v.Rule != c.rule || v.Side != c.side || v.Hop != c.hop {
				t.Fatalf("got rule %s side %s hop %s, want %s %s %s\nsummary: %s", v.Rule, v.Side, v.Hop, c.rule, c.side, c.hop, v.Summary)
			}
			if !strings.Contains(v.Summary, c.says) {
				t.Errorf("summary %q does not say %q", v.Summary, c.says)
			}
			if v.Side != SideOK && len(v.Fixes) == 0 {
				t.Errorf("a problem verdict without fixes")
			}
			if len(v.Evidence) == 0 {
				t.Errorf("no evidence listed")
			}
		})
	}
}

// A proxy in the path with an unrecognised 5xx page is ambiguous: the site
// or the proxy may have produced it.
func TestProxiedUnknownPageIsUndecided(t *testing.T) {
	e := healthy()
	withProxy(e, true)
	e.HTTP = response(502, nil, "<html>bad gateway</html>")
	v := Decide(e)
	if v.Side != SideUnknown {
		t.Fatalf("got %s/%s (%s), want unknown", v.Side, v.Hop, v.Summary)
	}
}

// Packet loss while the site still answers is a warning, not a failure.
func TestLossWithWorkingSiteWarns(t *testing.T) {
	e := healthy()
	e.Net.Reach[0].Succeeded = 5
	v := Decide(e)
	if v.Side != SideOK || len(v.Warnings) == 0 || !strings.Contains(v.Warnings[0], "packet loss") {
		t.Fatalf("got %s with warnings %q", v.Side, v.Warnings)
	}
}

// typical is rule's typical evidence: the healthy lab network broken the
// way ruleCases says.
func typical(t testing.TB, rule string) *Evidence {
	t.Helper()
	for _, c := range ruleCases {
		if c.rule == rule {
			e := healthy()
			c.build(e)
			return e
		}
	}
	t.Fatalf("no typical evidence for rule %q", rule)
	return nil
}

// A Squid page from the site's address is the user's proxy only when one
// is configured on this computer (the evil-body case, issue 12).
func TestProxyPageBlamesTheUserOnlyWithAConfiguredProxy(t *testing.T) {
	e := typical(t, "proxy-in-path-unconfigured")
	v := Decide(e)
	if v.Side == SideUser || strings.Contains(v.Summary, "Your proxy") {
		t.Fatalf("no proxy configured, yet the verdict blames the user's proxy: %s/%s %q", v.Side, v.Rule, v.Summary)
	}
	withProxy(e, true)
	v = Decide(e)
	if v.Rule != "proxy-error" || v.Side != SideUser || !strings.Contains(v.Summary, "Your proxy http://198.51.100.80:3128") {
		t.Fatalf("configured proxy's own page: got %s/%s %q", v.Side, v.Rule, v.Summary)
	}
}

// The access-refused summary points at the VPN or the proxy whose shared
// address the site may refuse, when one is in use.
func TestAccessRefusedNamesTheVPNOrProxy(t *testing.T) {
	e := typical(t, "access-refused")
	e.Net.VPN = &checks.VPNResult{Interfaces: []string{"gwvpn0"}, EgressIface: "gwvpn0", DefaultViaVPN: true}
	if v := Decide(e); !strings.Contains(v.Summary, "try without the VPN") {
		t.Errorf("VPN in use: %q", v.Summary)
	}
	e = typical(t, "access-refused")
	withProxy(e, true)
	if v := Decide(e); v.Rule != "access-refused" || !strings.Contains(v.Summary, "try without the proxy") {
		t.Errorf("proxy in use: %s %q", v.Rule, v.Summary)
	}
}

// A proxy refusing CONNECT for an https site (no page, a 403 status line)
// is the same refusal.
func TestProxyRefusedConnect(t *testing.T) {
	e := healthy()
	withProxy(e, true)
	e.HTTP = &checks.HTTPResult{Err: checks.ErrProxy, Error: "proxy answered 403", ProxyStatus: 403,
		ProxyHeader: http.Header{"X-Squid-Error": {"ERR_ACCESS_DENIED 0"}}}
	e.FP = checks.Fingerprint{Vendor: "Squid", Via: []string{"Squid"}, GeneratedBy: checks.RoleProxy}
	v := Decide(e)
	if v.Rule != "proxy-refused" || !strings.Contains(v.Summary, "(403 Forbidden, ERR_ACCESS_DENIED)") {
		t.Fatalf("got %s: %q", v.Rule, v.Summary)
	}
	// A proxy's 5xx stays proxy-error.
	e.HTTP.ProxyStatus = 502
	if v := Decide(e); v.Rule != "proxy-error" {
		t.Fatalf("proxy 502: got %s", v.Rule)
	}
}

// The fingerprint step tells a bot check (no failure, even at 503) and a
// refusal (the failure) rather than "served through" or a failed page.
func TestChallengeAndRefusalSteps(t *testing.T) {
	for _, c := range []struct {
		rule   string
		status int
		ok     bool
		says   string
	}{
		{"bot-check", 503, true, "generated by"},
		{"bot-check", 403, true, "generated by"},
		{"access-refused", 403, false, "generated by"},
	} {
		e := typical(t, c.rule)
		e.HTTP.Status = c.status
		e.FP.Signals = []string{"header cf-mitigated: challenge"}
		var fp *Step
		for _, s := range Decide(e).Evidence {
			if s.Check == "fingerprint" {
				fp = &s
			}
		}
		if fp == nil || fp.OK != c.ok || !strings.Contains(fp.Detail, c.says) {
			t.Errorf("%s %d: fingerprint step %+v, want ok %v saying %q", c.rule, c.status, fp, c.ok, c.says)
		}
	}
}

// A rate limit is read from the 429 or from the page kind (Cloudflare's
// rate-limiting rules may answer 1015 with another status); a proxy's own
// 429 is the proxy's, and a 503 without the page kind is the site's error.
func TestRateLimited(t *testing.T) {
	for _, c := range []struct {
		name   string
		status int
		fp     checks.Fingerprint
		want   string
	}{
		{"429 from the site, nothing recognised", 429, checks.Fingerprint{}, "rate-limited"},
		{"1015 page served as 503", 503, checks.Fingerprint{Vendor: "Cloudflare", Via: []string{"Cloudflare"}, GeneratedBy: checks.RoleEdge, Page: checks.PageRateLimited}, "rate-limited"},
		{"HAProxy's 429 page", 429, checks.Fingerprint{Vendor: "HAProxy", Via: []string{"HAProxy"}, GeneratedBy: checks.RoleOrigin, Page: checks.PageRateLimited}, "rate-limited"},
		{"503 without the page kind", 503, checks.Fingerprint{Vendor: "Cloudflare", Via: []string{"Cloudflare"}, GeneratedBy: checks.RoleEdge}, "cdn-error"},
	} {
		e := healthy()
		e.HTTP = response(c.status, nil, "")
		e.FP = c.fp
		if v := Decide(e); v.Rule != c.want || (c.want == "rate-limited" && v.Side != SideOK) {
			t.Errorf("%s: %s (%s), want %s", c.name, v.Rule, v.Side, c.want)
		}
	}
	e := typical(t, "proxy-refused")
	e.HTTP.Status = 429
	if v := Decide(e); v.Rule != "proxy-refused" {
		t.Errorf("a proxy's own 429: %s, want proxy-refused", v.Rule)
	}
	e = typical(t, "rate-limited")
	if v := Decide(e); !HonoursRetryAfter(v) || v.RetryAfter != 2*time.Minute {
		t.Errorf("rate-limited: HonoursRetryAfter %v, RetryAfter %s", HonoursRetryAfter(v), v.RetryAfter)
	}
	if !HonoursRetryAfter(Decide(typical(t, "bot-check"))) || !HonoursRetryAfter(Verdict{Side: SideServer}) ||
		HonoursRetryAfter(Decide(typical(t, "access-refused"))) || HonoursRetryAfter(Decide(typical(t, "site-ok"))) {
		t.Error("HonoursRetryAfter: a bot check and a server-side verdict back off, a refusal and a healthy site do not")
	}
}

// A status net/http has no text for (Cloudflare's 530) reads as its bare
// code, with no gap where the text would be.
func TestStatusLine(t *testing.T) {
	for code, want := range map[int]string{429: "429 Too Many Requests", 530: "530", 522: "522"} {
		if got := statusLine(code); got != want {
			t.Errorf("statusLine(%d) = %q, want %q", code, got, want)
		}
	}
	e := typical(t, "rate-limited")
	e.HTTP.Status = 530
	if s := Decide(e).Summary; strings.Contains(s, "530 )") || !strings.Contains(s, "answered 530)") {
		t.Errorf("summary %q", s)
	}
}
