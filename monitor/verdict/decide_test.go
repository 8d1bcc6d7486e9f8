package verdict

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/checks"
)

func TestDecideReportsTheRequest(t *testing.T) {
	v := Decide(typical(t, "proxy-error"))
	if v.Status != 502 {
		t.Errorf("a failed CONNECT answered 502: status %d", v.Status)
	}
	if v := Decide(typical(t, "origin-error")); v.Phases == nil || v.Status != 503 {
		t.Errorf("an answered request keeps its phases and status: %v %d", v.Phases, v.Status)
	}
	if v := Decide(typical(t, "origin-silent")); v.Phases != nil {
		t.Errorf("a request that got no answer has no phases: %+v", v.Phases)
	}
	if v := Decide(typical(t, "site-ok")); v.Phases == nil {
		t.Error("a working site keeps its phases")
	}
}

func TestUndecidedSaysWhy(t *testing.T) {
	e := typical(t, "undecided")
	if s := Decide(e).Summary; !strings.Contains(s, "the site failed (context deadline exceeded)") {
		t.Errorf("summary %q does not give the site's error", s)
	}
	e.HTTP.Error = ""
	if s := Decide(e).Summary; strings.Contains(s, "the site failed") {
		t.Errorf("summary %q quotes an empty error", s)
	}
	if _, ok := RuleNamed(Undecided); ok {
		t.Error("undecided is not a rule of the table")
	}
}

func TestWarnings(t *testing.T) {
	canaries := func(up ...bool) func(e *Evidence) {
		return func(e *Evidence) {
			e.Net.Canaries = nil
			for _, u := range up {
				e.Net.Canaries = append(e.Net.Canaries, checks.CanaryResult{Online: u})
			}
		}
	}
	skew := func(d time.Duration) func(e *Evidence) {
		return func(e *Evidence) { e.Net.Clocks = []ClockReading{{Source: "canary 203.0.113.30", Skew: d}} }
	}
	tests := []struct {
		name  string
		build func(e *Evidence)
		want  string // "" for no warning
	}{
		{"healthy", func(e *Evidence) {}, ""},
		{"one canary of two down", canaries(true, false), "1 of 2 connectivity canaries did not answer"},
		{"every canary up", canaries(true, true), ""},
		{"every canary down", canaries(false, false), ""},
		{"no canary", canaries(), ""},
		{"clock off a little", skew(ClockWarnSkew + time.Minute), "clock is off by"},
		{"clock off less than the tolerance", skew(ClockWarnSkew - time.Minute), ""},
		{"clock off exactly the tolerance", skew(-ClockWarnSkew), ""},
	}
	for _, tt := range tests {
		e := healthy()
		tt.build(e)
		w := strings.Join(warnings(e), "; ")
		if (tt.want == "") != (w == "") || !strings.Contains(w, tt.want) {
			t.Errorf("%s: warnings %q, want %q", tt.name, w, tt.want)
		}
	}
}

func TestHopsOffering(t *testing.T) {
	tests := []struct {
		id   string
		want []Hop
	}{
		{FixRetryLater, []Hop{HopNone, HopProxy, HopOrigin, HopCDN}},
		{FixNotifyBack, []Hop{HopCaptive, HopISP, HopOrigin, HopSiteDNS, HopTLS, HopCDN}},
		{FixSyncClock, []Hop{HopClock}},
		{"no-such-fix", nil},
	}
	for _, tt := range tests {
		if got := HopsOffering(tt.id); !slices.Equal(got, tt.want) {
			t.Errorf("HopsOffering(%s) = %v, want %v", tt.id, got, tt.want)
		}
	}
	ids := FixIDsOffered()
	if len(ids) != len(fixCatalog) || len(slices.Compact(slices.Sorted(slices.Values(ids)))) != len(ids) {
		t.Errorf("FixIDsOffered = %v: want each of the %d catalog fixes once", ids, len(fixCatalog))
	}
}

// Phrases whose evidence the typical fixtures leave out.
func TestSummaryWording(t *testing.T) {
	tests := []struct {
		name, rule string
		build      func(e *Evidence)
		says, not  string
	}{
		{"origin page not recognised", "origin-error", func(e *Evidence) {
			e.HTTP = response(502, nil, "bad gateway")
			e.FP = checks.Fingerprint{GeneratedBy: checks.RoleUnknown}
		}, "server software not recognised", ""},
		{"origin page without vendor", "origin-error", func(e *Evidence) {
			e.HTTP = response(502, nil, "bad gateway")
			e.FP = checks.Fingerprint{GeneratedBy: checks.RoleOrigin}
		}, "The site's server answered 502", "not recognised"},
		{"proxy source known", "proxy-down", func(e *Evidence) {
			withProxy(e, false)
			e.HTTP = failure(checks.ErrProxy, "refused")
		}, "(from env HTTPS_PROXY)", ""},
		{"proxy source unknown", "proxy-down", func(e *Evidence) {
			withProxy(e, false)
			e.Proxy.Setting.Source = ""
			e.HTTP = failure(checks.ErrProxy, "refused")
		}, "does not answer", "(from"},
		{"error class when the text is empty", "origin-silent", func(e *Evidence) {
			e.HTTP = failure(checks.ErrTimeout, "")
		}, "(timeout)", ""},
		{"refused at the connected address", "origin-refused", func(e *Evidence) {
			e.HTTP = failure(checks.ErrRefused, "refused")
			e.HTTP.RemoteAddr = "203.0.113.10:443"
		}, "at 203.0.113.10:443 ", ""},
		{"refused at the resolved address", "origin-refused", func(e *Evidence) {
			e.HTTP = failure(checks.ErrRefused, "refused")
		}, "at 203.0.113.10 ", ""},
		{"refused, address unknown", "origin-refused", func(e *Evidence) {
			e.HTTP = failure(checks.ErrRefused, "refused")
			e.DNS.System = nil
		}, "at shop.gw.test ", ""},
		{"site-dns broken by SERVFAIL", "site-dns-broken", func(e *Evidence) {
			e.DNS.System = []checks.DNSAnswer{answer("192.0.2.1:53", "SERVFAIL")}
			e.DNS.Reference = []checks.DNSAnswer{answer("203.0.113.53:53", "SERVFAIL")}
			e.HTTP = failure(checks.ErrDNS, "server misbehaving")
		}, "(SERVFAIL from your resolver", ""},
		// Up, but not clean: a silent site then proves nothing.
		{"internet up through the reference resolvers' handshakes only", Undecided, func(e *Evidence) {
			e.Net.Canaries[0] = checks.CanaryResult{Err: checks.ErrTimeout}
			e.DNS.Reference = []checks.DNSAnswer{{Server: "203.0.113.53:53", Err: checks.ErrTimeout}}
			e.HTTP = failure(checks.ErrTimeout, "context deadline exceeded")
		}, "some internet hosts do not answer either", "give no answer"},
	}
	for _, tt := range tests {
		e := healthy()
		tt.build(e)
		v := Decide(e)
		if v.Rule != tt.rule || !strings.Contains(v.Summary, tt.says) || (tt.not != "" && strings.Contains(v.Summary, tt.not)) {
			t.Errorf("%s: got %s %q, want %s saying %q (and not %q)", tt.name, v.Rule, v.Summary, tt.rule, tt.says, tt.not)
		}
	}
}

// SERVFAIL everywhere is the site's DNS only when both sides were asked.
func TestServfailNeedsBothSides(t *testing.T) {
	for name, build := range map[string]func(e *Evidence){
		"no system resolver": func(e *Evidence) {
			e.DNS.System = nil
			e.DNS.Reference = []checks.DNSAnswer{answer("203.0.113.53:53", "SERVFAIL")}
		},
		"no reference resolver": func(e *Evidence) {
			e.DNS.System = []checks.DNSAnswer{answer("192.0.2.1:53", "SERVFAIL")}
			e.DNS.Reference = nil
		},
	} {
		e := healthy()
		build(e)
		e.HTTP = failure(checks.ErrDNS, "server misbehaving")
		if b, _ := e.dnsSiteBroken(); b {
			t.Errorf("%s: called the site's DNS broken", name)
		}
	}
}

// A silent site with any measured loss below LossThreshold is not the
// site's fault for sure: one handshake in eight lost is enough to make a
// request time out (the lab's loss30 fault once gave origin-silent, a
// confident wrong side). Undecided, and the reason names the loss.
func TestSilentSiteWithSomeLossIsUndecided(t *testing.T) {
	t.Run("reference resolver takes handshakes but does not answer DNS", func(t *testing.T) {
		e := healthy()
		e.DNS.Reference = []checks.DNSAnswer{{Server: "203.0.113.53:53", Err: checks.ErrTimeout, Detail: "timeout after 1.5s"}}
		e.HTTP = failure(checks.ErrTimeout, "context deadline exceeded")
		if v := Decide(e); v.Rule != Undecided {
			t.Errorf("rule %s: %s", v.Rule, v.Summary)
		}
	})
	t.Run("reference resolver silent, canary answering (CI's loss30)", func(t *testing.T) {
		e := healthy()
		e.Net.Reach[0].Succeeded = 0
		e.DNS.Reference = []checks.DNSAnswer{{Server: "203.0.113.53:53", Err: checks.ErrTimeout, Detail: "timeout after 1.5s"}}
		e.HTTP = failure(checks.ErrTimeout, "context deadline exceeded")
		if v := Decide(e); v.Rule != Undecided || !strings.Contains(v.Summary, "some internet hosts do not answer") {
			t.Errorf("rule %s: %s", v.Rule, v.Summary)
		}
	})
	tests := []struct {
		name      string
		succeeded int
		err       checks.ErrKind
		rule      string
	}{
		{"timeout, no loss", 8, checks.ErrTimeout, "origin-silent"},
		{"timeout, one of eight lost", 7, checks.ErrTimeout, "undecided"},
		{"reset, one of eight lost", 7, checks.ErrReset, "undecided"},
		{"timeout, two of eight lost", 6, checks.ErrTimeout, "isp-packet-loss"},
		{"protocol error, one of eight lost", 7, checks.ErrProtocol, "origin-silent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := healthy()
			e.Net.Reach[0].Succeeded = tt.succeeded
			e.HTTP = failure(tt.err, "context deadline exceeded")
			v := Decide(e)
			if v.Rule != tt.rule {
				t.Fatalf("rule %s (%s), want %s", v.Rule, v.Summary, tt.rule)
			}
			if tt.rule == "undecided" && (v.Side != SideUnknown || !strings.Contains(v.Summary, "loses packets (12%")) {
				t.Errorf("side %s, summary %q: want unknown, naming the 12%% loss", v.Side, v.Summary)
			}
		})
	}
}

// Under heavy loss a silent system resolver is the loss's doing: the site
// is awaited and the loss decides; an explicit SERVFAIL is still the
// resolver's (lab fault loss-heavy).
func TestSilentResolverUnderHeavyLoss(t *testing.T) {
	for _, tt := range []struct {
		name     string
		answer   checks.DNSAnswer
		networkA bool // the rule decides from the network alone
		want     string
	}{
		{"timeout", checks.DNSAnswer{Server: "192.0.2.1:53", Err: checks.ErrTimeout, Detail: "timeout after 1.5s"}, false, "isp-packet-loss"},
		{"SERVFAIL", answer("192.0.2.1:53", "SERVFAIL"), true, "dns-resolver-failing"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := healthy()
			e.Net.Reach[0].Succeeded = 2
			e.DNS.System = []checks.DNSAnswer{tt.answer}
			if got := networkConclusive(e) != ""; got != tt.networkA {
				t.Fatalf("decided from the network alone: %v, want %v", got, tt.networkA)
			}
			// What Diagnose then has: the site's timeout, or no site request.
			e.HTTP = failure(checks.ErrTimeout, "context deadline exceeded")
			if tt.networkA {
				e.HTTP, e.SiteNotAwaited = nil, "site request not awaited: test"
			}
			if v := Decide(e); v.Rule != tt.want {
				t.Errorf("rule %s (%s), want %s", v.Rule, v.Summary, tt.want)
			}
		})
	}
}
