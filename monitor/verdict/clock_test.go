package verdict

import (
	"strings"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/checks"
)

const day = 24 * time.Hour

func readings(skews ...time.Duration) []ClockReading {
	rs := make([]ClockReading, len(skews))
	for i, s := range skews {
		rs[i] = ClockReading{Source: "clock" + string(rune('A'+i)), Skew: s}
	}
	return rs
}

func TestJudgeClocks(t *testing.T) {
	tests := []struct {
		name         string
		rs           []ClockReading
		known        bool
		skew         time.Duration
		agree, total int
	}{
		{"none", nil, false, 0, 0, 0},
		{"a lone clock is its own majority", readings(40 * day), true, 40 * day, 1, 1},
		{"two agree", readings(40*day, 40*day+2*time.Second), true, 40*day + 2*time.Second, 2, 2},
		{"two agree at exactly the tolerance", readings(40*day, 40*day+ClockAgree), true, 40*day + ClockAgree, 2, 2},
		{"two a little more apart disagree", readings(40*day, 40*day+ClockAgree+time.Second), false, 0, 0, 2},
		{"one skewed against one right: no majority", readings(40*day, time.Second), false, 0, 0, 2},
		{"two skewed outvote one right", readings(40*day, time.Second, 40*day-time.Second), true, 40 * day, 2, 3},
		{"two right outvote one skewed", readings(40*day, time.Second, -time.Second), true, time.Second, 2, 3},
		{"two against two: no majority", readings(40*day, 40*day, 0, 0), false, 0, 0, 4},
		{"behind", readings(-40*day, -40*day), true, -40 * day, 2, 2},
		{"median of three agreeing", readings(10*time.Second, 30*time.Second, 20*time.Second), true, 20 * time.Second, 3, 3},
		// Two majorities that overlap, as large as each other: the one
		// around the earlier reading decides (the order is the evidence's).
		{"overlapping majorities: the first", readings(0, 6*ClockAgree/10, 12*ClockAgree/10, 18*ClockAgree/10), true, 6 * ClockAgree / 10, 3, 4},
	}
	for _, tt := range tests {
		c := judgeClocks(tt.rs)
		if c.Known != tt.known || c.Skew != tt.skew || c.Agree != tt.agree || c.Total != tt.total {
			t.Errorf("%s: got known %v skew %s agree %d of %d, want %v %s %d of %d",
				tt.name, c.Known, c.Skew, c.Agree, c.Total, tt.known, tt.skew, tt.agree, tt.total)
		}
	}
}

// clock-wrong needs the internet's clocks to agree: one skewed canary
// against the site's right clock is not this computer's clock.
func TestClockWrongNeedsAgreement(t *testing.T) {
	expired := func(e *Evidence) {
		e.HTTP = failure(checks.ErrTLSExpired, "x509: certificate has expired or is not yet valid")
		e.TLS = &checks.TLSResult{Err: checks.ErrTLSExpired, Detail: "certificate for shop.gw.test expired 10 days ago"}
	}
	tests := []struct {
		name    string
		canary  []time.Duration
		site    time.Duration
		hasSite bool
		rule    string
		says    string
	}{
		{"canary and site agree, ahead", []time.Duration{40 * day}, 40 * day, true, "clock-wrong", "judged by 2 clocks on the internet (canary 203.0.113.30, shop.gw.test): it is ahead, so valid certificates look expired"},
		{"canary and site agree, behind", []time.Duration{-40 * day}, -40 * day, true, "clock-wrong", "behind, so valid certificates look not yet valid"},
		{"canary alone", []time.Duration{40 * day}, 0, false, "clock-wrong", "judged by 1 clock on the internet (canary 203.0.113.30)"},
		{"the site alone", nil, 40 * day, true, "clock-wrong", "(shop.gw.test)"},
		{"skewed canary, right site", []time.Duration{40 * day}, time.Second, true, "tls-invalid", "expired 10 days ago"},
		{"two canaries skewed, site right", []time.Duration{40 * day, 40 * day}, time.Second, true, "clock-wrong", "judged by 2 of 3 clocks"},
		{"one canary skewed, one right, site right", []time.Duration{40 * day, 0}, time.Second, true, "tls-invalid", "expired"},
		{"no clock at all", nil, 0, false, "tls-invalid", "expired"},
	}
	for _, tt := range tests {
		e := healthy()
		expired(e)
		e.Net.Clocks = nil
		for i, s := range tt.canary {
			src := "canary 203.0.113.30"
			if i > 0 {
				src = "canary 203.0.113.31"
			}
			e.Net.Clocks = append(e.Net.Clocks, ClockReading{Source: src, Skew: s})
		}
		if tt.hasSite {
			e.TLS.Date, e.TLS.Skew = time.Now().Add(-tt.site), tt.site
		}
		v := Decide(e)
		if v.Rule != tt.rule || !strings.Contains(v.Summary, tt.says) {
			t.Errorf("%s: %s %q, want %s saying %q", tt.name, v.Rule, v.Summary, tt.rule, tt.says)
		}
	}
}

func TestCanaryHost(t *testing.T) {
	for raw, want := range map[string]string{
		"http://203.0.113.30/generate_204": "203.0.113.30",
		"http://[2001:db8::30]:8080/x":     "[2001:db8::30]:8080",
		"no-scheme":                        "no-scheme",
		"http://%zz":                       "http://%zz",
	} {
		if got := canaryHost(raw); got != want {
			t.Errorf("canaryHost(%q) = %q, want %q", raw, got, want)
		}
	}
}

// The site's clock is one reading however many probes heard it: the site
// request's answer when there is one, else the TLS probe's.
func TestSiteClockCountsOnce(t *testing.T) {
	e := healthy()
	e.Net.Clocks = nil
	e.HTTP.Date, e.HTTP.Skew = time.Now(), 10*time.Minute
	e.TLS = &checks.TLSResult{Date: time.Now(), Skew: 20 * time.Minute}
	rs := e.clockReadings()
	if len(rs) != 1 || rs[0].Skew != 10*time.Minute || rs[0].Source != "shop.gw.test" {
		t.Fatalf("readings %+v, want the site request's alone", rs)
	}
	e.HTTP = failure(checks.ErrTLSExpired, "expired")
	if rs := e.clockReadings(); len(rs) != 1 || rs[0].Skew != 20*time.Minute {
		t.Fatalf("readings %+v, want the TLS probe's", rs)
	}
	e.TLS = nil
	if rs := e.clockReadings(); len(rs) != 0 {
		t.Fatalf("readings %+v, want none", rs)
	}
}

// The clock step lists every reading; disagreeing clocks are said so.
func TestClockStep(t *testing.T) {
	e := healthy()
	if _, ok := clockStep(e); ok {
		t.Error("a step without any clock reading")
	}
	e.Net.Clocks = readings(40*day, time.Second)
	s, ok := clockStep(e)
	if !ok || s.OK || !strings.Contains(s.Detail, "disagree") || !strings.Contains(s.Detail, "clockA +40 days; clockB +1 s") {
		t.Errorf("disagreeing: %+v", s)
	}
	e.Net.Clocks = readings(-2*time.Second, time.Second)
	s, ok = clockStep(e)
	if !ok || !s.OK || !strings.Contains(s.Detail, "judged by 2 clocks") || !strings.Contains(s.Detail, "clockA -2 s") {
		t.Errorf("agreeing: %+v", s)
	}
	e.Net.Clocks = readings(ClockWarnSkew+time.Minute, ClockWarnSkew+time.Minute)
	if s, _ := clockStep(e); s.OK {
		t.Errorf("off by more than the warning tolerance, yet ok: %+v", s)
	}
}
