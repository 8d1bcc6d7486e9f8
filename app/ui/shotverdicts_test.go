package ui

import (
	"bufio"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/checks"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// The screenshots show what the engine really says: each one is
// verdict.Decide on evidence built the way monitor/verdict/rules_test.go
// builds it (a healthy home network, then the one part its rule is about
// broken), never a hand-written summary, step list or fix title.

var (
	shotSite   = "https://chat.example/"
	shotRouter = netip.MustParseAddr("192.0.2.1")
	shotAddr   = netip.MustParseAddr("203.0.113.10")
	ms         = time.Millisecond
)

func shotEvidence() *verdict.Evidence {
	u, _ := url.Parse(shotSite)
	return &verdict.Evidence{
		Target: u,
		Net: verdict.NetEvidence{
			Link: &checks.LinkResult{
				Usable:        []string{"wlan0"},
				DefaultRoutes: []checks.Route{{Interface: "wlan0", Gateway: shotRouter}},
				Detail:        "wlan0 up, 192.0.2.10/24, default via 192.0.2.1",
			},
			Gateway:  &checks.GatewayResult{Gateway: shotRouter, Reachable: true, Detail: "192.0.2.1 answered: icmp echo reply", Elapsed: 2 * ms},
			VPN:      &checks.VPNResult{EgressIface: "wlan0", Detail: "no VPN: traffic to 198.51.100.53 leaves by wlan0"},
			Canaries: []checks.CanaryResult{{URL: "http://198.51.100.30/generate_204", Online: true, Status: 204, Detail: "198.51.100.30 answered 204", Elapsed: 21 * ms}},
			Reach:    []checks.ReachResult{{Addr: "198.51.100.53:53", Attempts: 8, Succeeded: 8, Detail: "tcp 198.51.100.53:53 answered 8/8 in 14ms", Elapsed: 15 * ms}},
		},
		DNS: &checks.DNSResult{
			Host:      "chat.example",
			System:    []checks.DNSAnswer{{Server: "192.0.2.1:53", Rcode: "NOERROR", Addrs: []netip.Addr{shotAddr}, Detail: "NOERROR in 4ms: 203.0.113.10", RTT: 4 * ms}},
			Reference: []checks.DNSAnswer{{Server: "198.51.100.53:53", Rcode: "NOERROR", Addrs: []netip.Addr{shotAddr}, Detail: "NOERROR in 9ms: 203.0.113.10", RTT: 9 * ms}},
		},
		HTTP: &checks.HTTPResult{URL: shotSite, Status: 200, Proto: "HTTP/2.0", RemoteAddr: "203.0.113.10:443", Elapsed: 143 * ms},
	}
}

// readHTTPFixture reads a recorded response of checks' fingerprint tests.
func readHTTPFixture(t *testing.T, name string) (int, http.Header, []byte) {
	t.Helper()
	f, err := os.Open("../../checks/testdata/fingerprint/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	resp, err := http.ReadResponse(bufio.NewReader(f), nil)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, body
}

// shotVerdict is one screenshot's verdict: the rule it must come from and
// how its evidence differs from the healthy one.
type shotVerdict struct {
	rule  string
	build func(t *testing.T, e *verdict.Evidence)
}

var shotVerdicts = map[string]shotVerdict{
	"site-ok": {"site-ok", func(*testing.T, *verdict.Evidence) {}},
	// The CDN's own error page: Cloudflare could not connect to the origin.
	"cdn-error": {"cdn-error", func(t *testing.T, e *verdict.Evidence) {
		status, h, body := readHTTPFixture(t, "cf-edge-connect.http")
		e.HTTP = &checks.HTTPResult{URL: shotSite, Status: status, Proto: "HTTP/2.0", Header: h, Body: body, RemoteAddr: "203.0.113.10:443", Elapsed: 141 * ms}
		e.FP = checks.FingerprintResponse(status, h, body)
	}},
	// The home router's resolver refuses; the reference resolvers answer.
	"dns-resolver-failing": {"dns-resolver-failing", func(_ *testing.T, e *verdict.Evidence) {
		e.DNS.System = []checks.DNSAnswer{{Server: "192.0.2.1:53", Err: checks.ErrTimeout, Detail: "timeout after 1.5s", RTT: 1500 * ms}}
		e.HTTP = nil
		e.SiteNotAwaited = "site request not awaited: the network evidence alone decides (dns-resolver-failing)"
	}},
	// A hotel network: the canary is redirected to the login page.
	"captive-portal": {"captive-portal", func(_ *testing.T, e *verdict.Evidence) {
		e.Net.Canaries[0] = checks.CanaryResult{URL: "http://198.51.100.30/generate_204", Captive: true, Status: 302,
			PortalURL: "http://192.0.2.1/login", Detail: "302 to http://192.0.2.1/login", Elapsed: 6 * ms}
		e.HTTP = nil
		e.SiteNotAwaited = "site request not awaited: the network evidence alone decides (captive-portal)"
	}},
}

// decideShot builds the evidence for a screenshot and decides it, failing
// unless the rule the screenshot is named for decided.
func decideShot(t *testing.T, name string) verdict.Verdict {
	t.Helper()
	sv, ok := shotVerdicts[name]
	if !ok {
		t.Fatalf("no shot verdict %q", name)
	}
	e := shotEvidence()
	sv.build(t, e)
	v := verdict.Decide(e)
	if v.Rule != sv.rule {
		t.Fatalf("%s: the evidence decides rule %q (%s), want %q", name, v.Rule, v.Summary, sv.rule)
	}
	return v
}
