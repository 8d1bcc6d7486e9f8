package verdict

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/checks"
)

func TestFamilyState(t *testing.T) {
	tests := []struct {
		name   string
		build  func(e *Evidence)
		v4, v6 familyState
	}{
		{"ipv4 only network: no handshakes tried", func(e *Evidence) {}, familyUnknown, familyAbsent},
		{"zero routes known", func(e *Evidence) { e.Net.Link.DefaultRoutes = nil }, familyAbsent, familyAbsent},
		{"dual stack", dualStack, familyWorks, familyWorks},
		{"ipv6 broken", ipv6Broken, familyWorks, familyBroken},
		{"ipv6 tried without a route: absent, not broken", func(e *Evidence) {
			ipv6Broken(e)
			e.Net.Link.DefaultRoutes = e.Net.Link.DefaultRoutes[:1]
		}, familyWorks, familyAbsent},
		{"an ipv6 split route counts as a route", func(e *Evidence) {
			ipv6Broken(e)
			e.Net.Link.DefaultRoutes = e.Net.Link.DefaultRoutes[:1]
			e.Net.Link.SplitRoutes = []checks.Route{{Interface: "tun0", Dst: netip.MustParsePrefix("::/1")}}
		}, familyWorks, familyBroken},
		{"the guard's refusal says nothing", func(e *Evidence) {
			ipv6Broken(e)
			e.Net.Families[1].Err = checks.ErrGuard
		}, familyWorks, familyUnknown},
		{"the site answering over ipv6 shows it works", func(e *Evidence) {
			ipv6Broken(e)
			e.SiteFamilies = []checks.FamilyProbe{{Host: "shop.gw.test", Addr: v6Site, OK: true}}
		}, familyWorks, familyWorks},
		{"the site failing over ipv4 alone is not the network's ipv4", func(e *Evidence) {
			dualStack(e)
			e.SiteFamilies = []checks.FamilyProbe{{Host: "shop.gw.test", Addr: netip.MustParseAddr("203.0.113.40"), Err: checks.ErrTimeout}}
		}, familyWorks, familyWorks},
		{"no link evidence, nothing tried", func(e *Evidence) { e.Net.Link = nil }, familyUnknown, familyUnknown},
	}
	for _, tt := range tests {
		e := healthy()
		tt.build(e)
		if v4, v6 := e.family(4), e.family(6); v4 != tt.v4 || v6 != tt.v6 {
			t.Errorf("%s: ipv4 %d ipv6 %d, want %d %d", tt.name, v4, v6, tt.v4, tt.v6)
		}
	}
}

// A broken IPv6 under a dual-stack site that answered (over IPv4) is an ok
// verdict with a warning; an absent IPv6 is no warning at all.
func TestIPv6BrokenWarnsOnOK(t *testing.T) {
	e := healthy()
	ipv6Broken(e)
	v := Decide(e)
	if v.Rule != "site-ok" || !strings.Contains(strings.Join(v.Warnings, "; "), "IPv6 is broken on your network") {
		t.Fatalf("got %s with warnings %q", v.Rule, v.Warnings)
	}
	e.Net.Link.DefaultRoutes = e.Net.Link.DefaultRoutes[:1] // no IPv6 route: no IPv6 here
	if v := Decide(e); len(v.Warnings) != 0 {
		t.Errorf("an absent IPv6 warned: %q", v.Warnings)
	}
	e = healthy()
	dualStack(e)
	e.Net.Families[0].OK, e.Net.Families[0].Err = false, checks.ErrTimeout
	if v := Decide(e); !strings.Contains(strings.Join(v.Warnings, "; "), "IPv4 is broken on your network") {
		t.Errorf("the reverse: %q", v.Warnings)
	}
}

func TestIPFamilyBroken(t *testing.T) {
	timeout := func(e *Evidence) { e.HTTP = failure(checks.ErrTimeout, "i/o timeout") }
	tests := []struct {
		name  string
		build func(e *Evidence)
		rule  string
		says  string
	}{
		{"v6-only site, ipv6 broken", func(e *Evidence) { ipv6Broken(e); v6Only(e); timeout(e) }, "ip-family-broken", "IPv6 is broken on your network"},
		{"v6-only site, unreachable at once", func(e *Evidence) {
			ipv6Broken(e)
			v6Only(e)
			e.HTTP = failure(checks.ErrUnreachable, "connect: network is unreachable")
		}, "ip-family-broken", "IPv6 is broken"},
		{"v6-only site, no ipv6 here", func(e *Evidence) {
			ipv6Broken(e)
			e.Net.Link.DefaultRoutes = e.Net.Link.DefaultRoutes[:1]
			v6Only(e)
			timeout(e)
		}, "ip-family-broken", "your network has no IPv6"},
		{"v6-only site at an address literal", func(e *Evidence) {
			ipv6Broken(e)
			e.Target = mustURL("https://[2001:db8:113::40]/")
			e.DNS = nil
			timeout(e)
		}, "ip-family-broken", "has only IPv6 addresses (2001:db8:113::40)"},
		{"v4-only site, ipv4 broken", func(e *Evidence) {
			dualStack(e)
			e.Net.Families[0].OK, e.Net.Families[0].Err = false, checks.ErrTimeout
			timeout(e)
		}, "ip-family-broken", "has only IPv4 addresses (203.0.113.10), and IPv4 is broken"},
		{"v6-only site, ipv6 works: the site's problem", func(e *Evidence) { dualStack(e); v6Only(e); timeout(e) }, "origin-silent", ""},
		{"dual-stack site silent, ipv6 broken: not the family", func(e *Evidence) {
			ipv6Broken(e)
			e.DNS.System = []checks.DNSAnswer{answer("192.0.2.1:53", "NOERROR", refAddr, v6Site)}
			timeout(e)
		}, "origin-silent", ""},
		{"v6-only site that answered", func(e *Evidence) { ipv6Broken(e); v6Only(e) }, "site-ok", ""},
		{"v6-only site refusing: it answered", func(e *Evidence) {
			ipv6Broken(e)
			v6Only(e)
			e.HTTP = failure(checks.ErrRefused, "connection refused")
		}, "origin-refused", ""},
		{"through a proxy the proxy connects", func(e *Evidence) { ipv6Broken(e); v6Only(e); timeout(e); withProxy(e, true) }, "origin-silent", ""},
		{"ipv4 down too: not the family", func(e *Evidence) {
			ipv6Broken(e)
			v6Only(e)
			timeout(e)
			e.Net.Families[0].OK, e.Net.Families[0].Err = false, checks.ErrTimeout
		}, "origin-silent", ""},
	}
	for _, tt := range tests {
		e := healthy()
		tt.build(e)
		v := Decide(e)
		if v.Rule != tt.rule || !strings.Contains(v.Summary, tt.says) {
			t.Errorf("%s: %s %q, want %s saying %q", tt.name, v.Rule, v.Summary, tt.rule, tt.says)
		}
	}
}

// Every family handshake is an evidence line of its own.
func TestFamilySteps(t *testing.T) {
	e := healthy()
	ipv6Broken(e)
	e.SiteFamilies = []checks.FamilyProbe{{Host: "shop.gw.test", Addr: v6Site, Err: checks.ErrTimeout, Detail: "shop.gw.test over IPv6: no answer"}}
	var got []string
	for _, s := range Decide(e).Evidence {
		if strings.HasPrefix(s.Check, "ipv") {
			got = append(got, s.Check+":"+map[bool]string{true: "ok", false: "fail"}[s.OK])
		}
	}
	if strings.Join(got, " ") != "ipv4:ok ipv6:fail ipv6:fail" {
		t.Errorf("steps %v", got)
	}
}

// A canary fetch is its own family's probe: any answer counts as the
// family getting through, a timeout does not.
func TestCanaryFamily(t *testing.T) {
	a := netip.MustParseAddr("203.0.113.30")
	for _, tt := range []struct {
		res  checks.CanaryResult
		want bool
	}{
		{checks.CanaryResult{Online: true, Status: 204}, true},
		{checks.CanaryResult{Captive: true, Status: 302}, true},
		{checks.CanaryResult{Err: checks.ErrProtocol, Status: 500}, true},
		{checks.CanaryResult{Err: checks.ErrRefused}, true},
		{checks.CanaryResult{Err: checks.ErrTimeout}, false},
		{checks.CanaryResult{Err: checks.ErrUnreachable}, false},
	} {
		p := canaryFamily("203.0.113.30", a, tt.res)
		if p.OK != tt.want || p.Family() != 4 || p.Host != "canary 203.0.113.30" || !strings.Contains(p.Detail, "over IPv4 (203.0.113.30)") {
			t.Errorf("%+v: probe %+v, want ok %v", tt.res, p, tt.want)
		}
	}
}

func TestHasIPv6(t *testing.T) {
	v4, v6 := netip.MustParseAddr("203.0.113.10"), netip.MustParseAddr("2001:db8::1")
	if hasIPv6(nil) || hasIPv6([]netip.Addr{v4}) || !hasIPv6([]netip.Addr{v4, v6}) || !hasIPv6([]netip.Addr{v6}) {
		t.Error("hasIPv6")
	}
}

// The real engine against a loopback canary: the fetch stands for its
// family, with no handshake of its own.
func TestProbeNetworkCanaryFamilies(t *testing.T) {
	t.Setenv(checks.LabOnlyEnv, "1")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	defer srv.Close()
	u, _ := url.Parse(srv.URL + "/generate_204")
	n := ProbeNetwork(context.Background(), Options{Timeout: 2 * time.Second, Canaries: []*url.URL{u}})
	if len(n.Families) != 1 || !n.Families[0].OK || n.Families[0].Family() != 4 {
		t.Fatalf("families %+v", n.Families)
	}
	if len(n.Clocks) != 1 || !strings.HasPrefix(n.Clocks[0].Source, "canary 127.0.0.1") {
		t.Errorf("clocks %+v", n.Clocks)
	}
}

func TestURLPort(t *testing.T) {
	for raw, want := range map[string]string{
		"http://203.0.113.30/generate_204": "80",
		"https://shop.gw.test/":            "443",
		"https://shop.gw.test:8443/":       "8443",
		"http://[2001:db8::30]:8080/":      "8080",
	} {
		if got := urlPort(mustURL(raw)); got != want {
			t.Errorf("urlPort(%s) = %s, want %s", raw, got, want)
		}
	}
}
