package verdict

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/checks"
	"github.com/gatewatch/gatewatch/monitor/config"
)

// NetworkAlone means what it says: for every such rule, a site request
// that never finishes does not hold the verdict up, and the verdict is
// that rule; for every other rule, the site request is waited for.
func TestNetworkAloneRulesDoNotWaitForTheSite(t *testing.T) {
	for _, r := range Rules {
		t.Run(r.Name, func(t *testing.T) {
			e := typical(t, r.Name)
			site := e.HTTP
			stripSite(e)
			e.SiteNotAwaited = ""
			never := make(chan checks.HTTPResult) // the site request never finishes
			canceled := make(chan struct{}, 1)
			done := make(chan struct{})
			go func() {
				defer close(done)
				awaitSite(e, never, func() { canceled <- struct{}{} })
			}()
			if r.NetworkAlone {
				select {
				case <-done:
				case <-time.After(2 * time.Second):
					t.Fatal("waited for a site request that never finishes")
				}
				if len(canceled) != 1 || e.HTTP != nil || !strings.Contains(e.SiteNotAwaited, "not awaited") || !strings.Contains(e.SiteNotAwaited, r.Name) {
					t.Fatalf("canceled %d, HTTP %v, reason %q", len(canceled), e.HTTP, e.SiteNotAwaited)
				}
				if v := Decide(e); v.Rule != r.Name {
					t.Fatalf("decided %s without the site, want %s", v.Rule, r.Name)
				}
				return
			}
			select {
			case <-done:
				t.Fatalf("did not wait for the site (reason %q)", e.SiteNotAwaited)
			case <-time.After(50 * time.Millisecond):
			}
			if site == nil {
				t.Fatal("a rule that waits for the site needs a site outcome in its typical evidence")
			}
			never <- *site
			<-done
			if e.HTTP == nil || len(canceled) != 0 || e.SiteNotAwaited != "" {
				t.Fatalf("HTTP %v canceled %d reason %q", e.HTTP, len(canceled), e.SiteNotAwaited)
			}
		})
	}
}

// A NetworkAlone rule reads no site evidence: on every fixture it decides
// the same with the site's evidence removed.
func TestNetworkAloneRulesReadNoSiteEvidence(t *testing.T) {
	for _, f := range broadFixtures(t) {
		bare := *f.e
		stripSite(&bare)
		for _, r := range Rules {
			if r.NetworkAlone && r.When(f.e) != r.When(&bare) {
				t.Errorf("%s on %s: %v with the site's evidence, %v without", r.Name, f.name, r.When(f.e), r.When(&bare))
			}
		}
	}
}

// "We never waited for the site" is not evidence about the site: with the
// site not awaited, only rules that read no site evidence may hold.
func TestSiteNotAwaitedIsNoEvidenceAboutTheSite(t *testing.T) {
	siteFree := func(r Rule) bool { return r.NetworkAlone || r.Name == "proxy-down" }
	for _, f := range broadFixtures(t) {
		e := *f.e
		stripSite(&e)
		for _, r := range Rules {
			if r.When(&e) && !siteFree(r) {
				t.Errorf("%s holds on %s with the site not awaited", r.Name, f.name)
			}
		}
	}
}

// The issue-12 case: the system resolver fails (with an answer: REFUSED;
// a merely silent one under heavy loss is the loss's, see
// TestSilentResolverUnderHeavyLoss), the path loses packets, and the site
// was not awaited. The DNS verdict stands; the loss rule must not claim
// the site "does not answer in time".
func TestDNSFailureWithLossAndSiteNotAwaited(t *testing.T) {
	e := typical(t, "dns-resolver-failing")
	e.DNS.System = []checks.DNSAnswer{answer("192.0.2.1:53", "REFUSED")}
	e.Net.Reach[0] = checks.ReachResult{Addr: "203.0.113.53:53", Attempts: reachAttempts, Succeeded: reachAttempts / 2}
	if e.HTTP != nil || e.Net.lossPercent() < LossThreshold {
		t.Fatal("fixture: the site must be not awaited and the loss over the threshold")
	}
	v := Decide(e)
	if v.Rule != "dns-resolver-failing" || strings.Contains(v.Summary, "in time") {
		t.Fatalf("got %s: %s", v.Rule, v.Summary)
	}
	if len(v.Warnings) == 0 || !strings.Contains(v.Warnings[0], "packet loss") {
		t.Errorf("the loss should still be a warning: %q", v.Warnings)
	}
}

// NoPathOut means no status page is fetched; every other problem verdict
// fetches one (when the site has a page).
func TestNoPathOutRulesFetchNoStatusPage(t *testing.T) {
	site, _ := config.ParseTarget("https://shop.gw.test")
	for _, r := range Rules {
		if r.Side == SideOK {
			continue
		}
		sp := NewStatusPages(config.Config{Sites: []config.Site{{URL: site.String(), StatusPage: "https://status.gw.test"}}})
		fetched := 0
		sp.fetch = func(context.Context, *url.URL) checks.StatusPageResult {
			fetched++
			return checks.StatusPageResult{Indicator: "none"}
		}
		v := Verdict{Rule: r.Name, Side: r.Side, Hop: r.Hop, Summary: "It failed."}
		sp.Annotate(context.Background(), site, &v)
		if want := map[bool]int{true: 0, false: 1}[r.NoPathOut]; fetched != want {
			t.Errorf("%s (NoPathOut %v): %d status page fetches, want %d", r.Name, r.NoPathOut, fetched, want)
		}
	}
}

// LossThreshold is written against reachAttempts: two lost handshakes out
// of the attempts made count as loss, one does not.
func TestLossThresholdIsTwoHandshakes(t *testing.T) {
	lost := func(n int) int {
		return checks.ReachResult{Attempts: reachAttempts, Succeeded: reachAttempts - n}.LossPercent()
	}
	if lost(2) < LossThreshold || lost(1) >= LossThreshold {
		t.Fatalf("with %d handshakes, 1 lost = %d%%, 2 lost = %d%%; LossThreshold %d%% should sit between", reachAttempts, lost(1), lost(2), LossThreshold)
	}
}

// The flags are not free choices: NetworkAlone is set on exactly the rules
// whose When reads no site evidence (but proxy-down), and NoPathOut on
// exactly the problem rules that hold only when the path out is unusable.
// The fixtures decide, not the flags themselves.
func TestFlagsFollowTheEvidence(t *testing.T) {
	// proxy-down reads no site evidence either, but waits for the site:
	// the proxy probe gives up after a second, and a slow proxy that
	// still carries the site request must not be called down.
	waitsAnyway := map[string]bool{"proxy-down": true}
	fixtures := broadFixtures(t)
	for _, r := range Rules {
		readsSite, heldBare, onlyWithoutPath, held := false, false, true, false
		for _, f := range fixtures {
			bare := *f.e
			stripSite(&bare)
			if r.When(f.e) != r.When(&bare) {
				readsSite = true
			}
			heldBare = heldBare || r.When(&bare)
			if r.When(f.e) {
				held = true
				onlyWithoutPath = onlyWithoutPath && pathOutUnusable(f.e)
			}
		}
		if want := !readsSite && heldBare && !waitsAnyway[r.Name]; r.NetworkAlone != want {
			t.Errorf("%s: NetworkAlone %v, but the evidence says %v (reads the site: %v)", r.Name, r.NetworkAlone, want, readsSite)
		}
		if want := held && onlyWithoutPath && r.Side != SideOK; r.NoPathOut != want {
			t.Errorf("%s: NoPathOut %v, but it holds only without a usable path out: %v", r.Name, r.NoPathOut, want)
		}
	}
}

// pathOutUnusable: no link, a portal in the way, nothing on the internet
// answering, or a quarter of the handshakes lost.
func pathOutUnusable(e *Evidence) bool {
	c, _ := e.Net.captive()
	return (e.Net.Link != nil && !e.Net.Link.OK()) || c || e.internetDown() || e.Net.lossPercent() >= LossThreshold
}

// NetworkWide: a user-side verdict blames the user's network unless its
// rule is about that site alone (ThisSiteOnly: a site refusing this
// computer's address); other sides never do.
func TestNetworkWide(t *testing.T) {
	tests := []struct {
		rule string
		side Side
		want bool
	}{
		{"access-refused", SideUser, false},
		{"dns-resolver-failing", SideUser, true},
		{"link-down", SideUser, true},
		{"origin-error", SideServer, false},
		{"bot-check", SideOK, false},
		{Undecided, SideUnknown, false},
	}
	for _, tt := range tests {
		if got := NetworkWide(Verdict{Rule: tt.rule, Side: tt.side}); got != tt.want {
			t.Errorf("NetworkWide(%s, %s) = %v, want %v", tt.rule, tt.side, got, tt.want)
		}
	}
	for _, r := range Rules {
		if r.ThisSiteOnly && r.Side != SideUser {
			t.Errorf("rule %s: ThisSiteOnly only means something on the user's side", r.Name)
		}
	}
}
