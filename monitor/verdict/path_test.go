package verdict

import (
	"strings"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/checks"
)

// mtuStall: the site's request stalled at stage after connecting, and the
// 1200-byte retry answered (the 536 one too).
func mtuStall(e *Evidence, stage checks.Stage) {
	e.HTTP = failure(checks.ErrTimeout, "context deadline exceeded")
	e.HTTP.Stage = stage
	e.MSS = &checks.MSSResult{Supported: true, Working: 1200, Tried: []checks.MSSAttempt{
		{MSS: 1200, Result: *response(200, nil, "hello")}, {MSS: 536, Result: *response(200, nil, "hello")},
	}, Detail: "retry with TCP segments of at most 1200 bytes: answered 200"}
}

// httpsSilent: port 443 of the reference host never answers; its 53 does.
func httpsSilent(e *Evidence) {
	e.Net.HTTPS = &checks.HTTPSReachResult{
		Hosts:    []checks.ReachResult{{Addr: "203.0.113.53:443", Attempts: 3, Err: checks.ErrTimeout}},
		Attempts: 3, Silent: 3, Detail: "tcp/443 answered at 0 of 1 reference hosts",
	}
}

// slowSite: connected and shook hands fast, sent the request, no answer.
func slowSite(e *Evidence) {
	e.HTTP = failure(checks.ErrTimeout, "context deadline exceeded")
	e.HTTP.Stage = checks.StageWaiting
	e.HTTP.Phases = checks.Phases{Connect: 12 * time.Millisecond, TLS: 30 * time.Millisecond}
	e.HTTP.Waited = 4900 * time.Millisecond
}

func init() {
	for k, f := range map[string]func(e *Evidence){
		"isp-packet-loss>mtu-blackhole-vpn": func(e *Evidence) {
			typicalOf("mtu-blackhole-vpn")(e)
			e.Net.Reach[0] = checks.ReachResult{Addr: "203.0.113.53:53", Attempts: 8, Succeeded: 4, Err: checks.ErrTimeout}
		},
		"isp-packet-loss>mtu-blackhole": func(e *Evidence) {
			typicalOf("mtu-blackhole")(e)
			e.Net.Reach[0] = checks.ReachResult{Addr: "203.0.113.53:53", Attempts: 8, Succeeded: 4, Err: checks.ErrTimeout}
		},
		"mtu-blackhole-vpn>https-blocked": func(e *Evidence) {
			typicalOf("mtu-blackhole-vpn")(e)
			httpsSilent(e)
		},
		"mtu-blackhole>https-blocked": func(e *Evidence) {
			typicalOf("mtu-blackhole")(e)
			e.HTTP.Stage = checks.StageTLS
			httpsSilent(e)
		},
		"mtu-blackhole-vpn>origin-slow": func(e *Evidence) {
			slowSite(e)
			e.Net.VPN = &checks.VPNResult{Interfaces: []string{"gwvpn0"}, EgressIface: "gwvpn0", DefaultViaVPN: true}
			e.MSS = &checks.MSSResult{Supported: true, Working: 536}
		},
		"mtu-blackhole>origin-slow": func(e *Evidence) {
			slowSite(e)
			e.MSS = &checks.MSSResult{Supported: true, Working: 536}
		},
		"mtu-blackhole-vpn>origin-silent": func(e *Evidence) {
			typicalOf("mtu-blackhole-vpn")(e)
		},
		"mtu-blackhole>origin-silent": func(e *Evidence) {
			typicalOf("mtu-blackhole")(e)
		},
		"origin-slow>origin-silent": slowSite,
	} {
		bothHold[k] = f
	}
}

// Each path rule's condition, one part broken at a time: the verdict must
// move off the rule (to the one named, or anything else when "").
func TestPathRulesNeedEveryPart(t *testing.T) {
	cases := []struct {
		name  string
		rule  string
		brk   func(e *Evidence)
		after string // the rule that must decide instead; "" any other
	}{
		{"https: site answered", "https-blocked", func(e *Evidence) { e.HTTP = response(200, nil, "hello") }, "site-ok"},
		{"https: site refused", "https-blocked", func(e *Evidence) { e.HTTP.Err = checks.ErrRefused }, "origin-refused"},
		{"https: unreachable still counts", "https-blocked", func(e *Evidence) { e.HTTP.Err = checks.ErrUnreachable }, "https-blocked"},
		{"https: tls stage counts", "https-blocked", func(e *Evidence) { e.HTTP.Stage = checks.StageTLS }, "https-blocked"},
		{"https: stalled after the request", "https-blocked", func(e *Evidence) { e.HTTP.Stage = checks.StageWaiting }, ""},
		{"https: no stage", "https-blocked", func(e *Evidence) { e.HTTP.Stage = "" }, ""},
		{"https: plain http site", "https-blocked", func(e *Evidence) { e.Target = mustURL("http://shop.gw.test/") }, ""},
		{"https: other port", "https-blocked", func(e *Evidence) { e.Target = mustURL("https://shop.gw.test:8443/") }, ""},
		{"https: explicit 443", "https-blocked", func(e *Evidence) { e.Target = mustURL("https://shop.gw.test:443/") }, "https-blocked"},
		{"https: proxied", "https-blocked", func(e *Evidence) { withProxy(e, true) }, ""},
		{"https: 443 answers", "https-blocked", func(e *Evidence) { e.Net.HTTPS.Silent = 0 }, "origin-silent"},
		{"https: 443 mostly silent", "https-blocked", func(e *Evidence) { e.Net.HTTPS.Attempts, e.Net.HTTPS.Silent = 5, 4 }, "https-blocked"},
		{"https: 443 partly silent", "https-blocked", func(e *Evidence) { e.Net.HTTPS.Attempts, e.Net.HTTPS.Silent = 100, HTTPSBlockedPercent-1 }, ""},
		{"https: 443 not tried", "https-blocked", func(e *Evidence) { e.Net.HTTPS = &checks.HTTPSReachResult{} }, ""},
		{"https: no 443 probe", "https-blocked", func(e *Evidence) { e.Net.HTTPS = nil }, "origin-silent"},
		{"https: 53 lossy", "https-blocked", func(e *Evidence) { e.Net.Reach[0].Succeeded = 6 }, ""},
		{"https: 53 lossy below threshold", "https-blocked", func(e *Evidence) { e.Net.Reach[0].Succeeded = 7 }, "https-blocked"},
		{"https: 53 silent", "https-blocked", func(e *Evidence) { e.Net.Reach[0].Succeeded = 0 }, ""},
		{"https: no 53 probe", "https-blocked", func(e *Evidence) { e.Net.Reach = nil }, ""},
		{"https: canary silent", "https-blocked", func(e *Evidence) { e.Net.Canaries[0].Online = false }, ""},
		{"https: no canary", "https-blocked", func(e *Evidence) { e.Net.Canaries = nil }, ""},
		{"https: only an https canary", "https-blocked", func(e *Evidence) { e.Net.Canaries[0].URL = "https://203.0.113.30/generate_204" }, ""},
		{"https: a second canary silent", "https-blocked", func(e *Evidence) {
			e.Net.Canaries = append(e.Net.Canaries, checks.CanaryResult{URL: "http://203.0.113.31/", Err: checks.ErrTimeout})
		}, ""},
		{"mtu: nothing rescued", "mtu-blackhole", func(e *Evidence) { e.MSS.Working = 0 }, "origin-slow"},
		{"mtu: not tried", "mtu-blackhole", func(e *Evidence) { e.MSS = nil }, "origin-slow"},
		{"mtu: tls stall not rescued", "mtu-blackhole", func(e *Evidence) { e.HTTP.Stage, e.MSS.Working = checks.StageTLS, 0 }, "origin-silent"},
		{"mtu: reset counts", "mtu-blackhole", func(e *Evidence) { e.HTTP.Err = checks.ErrReset }, "mtu-blackhole"},
		{"mtu: tls stall counts", "mtu-blackhole", func(e *Evidence) { e.HTTP.Stage = checks.StageTLS }, "mtu-blackhole"},
		{"mtu: connect stall is no black hole", "mtu-blackhole", func(e *Evidence) { e.HTTP.Stage = checks.StageConnect }, "origin-silent"},
		{"mtu: refused", "mtu-blackhole", func(e *Evidence) { e.HTTP.Err = checks.ErrRefused }, "origin-refused"},
		{"mtu: proxied", "mtu-blackhole", func(e *Evidence) { withProxy(e, true) }, ""},
		{"mtu: via vpn", "mtu-blackhole", func(e *Evidence) {
			e.Net.VPN = &checks.VPNResult{EgressIface: "gwvpn0", DefaultViaVPN: true}
		}, "mtu-blackhole-vpn"},
		{"mtu-vpn: vpn not carrying", "mtu-blackhole-vpn", func(e *Evidence) { e.Net.VPN.DefaultViaVPN = false }, "mtu-blackhole"},
		{"mtu-vpn: no vpn probe", "mtu-blackhole-vpn", func(e *Evidence) { e.Net.VPN = nil }, "mtu-blackhole"},
		{"slow: request not sent", "origin-slow", func(e *Evidence) { e.HTTP.Stage = checks.StageTLS }, "origin-silent"},
		{"slow: reset is not slow", "origin-slow", func(e *Evidence) { e.HTTP.Err = checks.ErrReset }, "origin-silent"},
		{"slow: lossy path", "origin-slow", func(e *Evidence) { e.Net.Reach[0].Succeeded = 7 }, Undecided},
		{"slow: 443 silent somewhere", "origin-slow", func(e *Evidence) { httpsSilent(e); e.Net.HTTPS.Silent = 1 }, Undecided},
		{"slow: proxied", "origin-slow", func(e *Evidence) { withProxy(e, true) }, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := typical(t, c.rule)
			if v := Decide(e); v.Rule != c.rule {
				t.Fatalf("typical evidence gives %s, want %s", v.Rule, c.rule)
			}
			c.brk(e)
			v := Decide(e)
			switch {
			case c.after == "" && v.Rule == c.rule:
				t.Errorf("still %s: %s", v.Rule, v.Summary)
			case c.after != "" && v.Rule != c.after:
				t.Errorf("got %s, want %s: %s", v.Rule, c.after, v.Summary)
			}
		})
	}
}

// The steps show the 443 probe and the small-segment retry.
func TestPathSteps(t *testing.T) {
	for _, c := range []struct {
		rule, check string
		ok          bool
	}{
		{"https-blocked", "internet (https)", false},
		{"mtu-blackhole", "small segments", true},
	} {
		var found *Step
		for _, s := range Decide(typical(t, c.rule)).Evidence {
			if s.Check == c.check {
				found = &s
			}
		}
		if found == nil || found.OK != c.ok || found.Detail == "" {
			t.Errorf("%s: step %q = %+v, want ok %v with a detail", c.rule, c.check, found, c.ok)
		}
	}
	e := typical(t, "mtu-blackhole")
	e.MSS.Working = 0
	for _, s := range Decide(e).Evidence {
		if s.Check == "small segments" && s.OK {
			t.Errorf("a retry that did not work is shown ok")
		}
	}
	e = typical(t, "https-blocked")
	e.Net.HTTPS.Silent = 0
	for _, s := range Decide(e).Evidence {
		if s.Check == "internet (https)" && !s.OK {
			t.Errorf("443 answering is shown failed")
		}
	}
}

// Slow and silent are worded apart.
func TestSlowIsNotSilentInWords(t *testing.T) {
	slow := Decide(typical(t, "origin-slow")).Summary
	silent := Decide(typical(t, "origin-silent")).Summary
	if !strings.Contains(slow, "too slowly") || strings.Contains(slow, "does not answer") || strings.Contains(silent, "too slowly") {
		t.Errorf("slow %q, silent %q", slow, silent)
	}
}

func TestFineMS(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                        "0s",
		500 * time.Microsecond:   "500µs",
		12345 * time.Microsecond: "12ms",
		time.Millisecond:         "1ms",
	} {
		if got := fineMS(d); got != want {
			t.Errorf("fineMS(%s) = %q, want %q", d, got, want)
		}
	}
}

// The verdict carries the working segment size for the fix.
func TestPathMSSInVerdict(t *testing.T) {
	if v := Decide(typical(t, "mtu-blackhole")); v.PathMSS != 1200 {
		t.Errorf("path_mss %d, want 1200", v.PathMSS)
	}
	if v := Decide(typical(t, "origin-slow")); v.PathMSS != 0 {
		t.Errorf("no retry made, yet path_mss %d", v.PathMSS)
	}
}
