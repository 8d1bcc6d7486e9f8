package monitor

import (
	"context"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// A site that rate-limits this computer is up (no event) and left alone:
// for its Retry-After, or RateLimitBackoff without one. The rule's side
// and BacksOff are read from the table, so moving it breaks this test.
func TestMonitorBacksOffOnRateLimit(t *testing.T) {
	r, ok := verdict.RuleNamed("rate-limited")
	if !ok {
		t.Fatal("no rate-limited rule")
	}
	for _, c := range []struct {
		name       string
		retryAfter time.Duration
		want       time.Duration
	}{
		{"with Retry-After", 7 * time.Minute, 7 * time.Minute},
		{"without Retry-After", 0, RateLimitBackoff},
		{"Retry-After capped", 5 * time.Hour, MaxRetryAfter},
	} {
		m, w, events := testMonitor(t, siteA)
		ctx := context.Background()
		w.set(siteA, verdict.Verdict{Rule: r.Name, Side: r.Side, Hop: r.Hop, Status: 429, RetryAfter: c.retryAfter})
		now := t0
		for i := range 4 {
			next := m.Tick(ctx, now)
			if next != now.Add(c.want) {
				t.Fatalf("%s, check %d: next %s, want %s later", c.name, i+1, next.Sub(now), c.want)
			}
			m.CheckNow(now.Add(time.Minute)) // an impatient click waits too
			if m.Tick(ctx, now.Add(time.Minute)); w.checks[siteA] != i+1 {
				t.Fatalf("%s: check now ignored the backoff (%d checks)", c.name, w.checks[siteA])
			}
			now = next
		}
		if len(*events) != 0 {
			t.Errorf("%s: events %+v", c.name, *events)
		}
	}
}

// A bot check backs off too (checking it every minute only hardens the
// firewall against this address); a refusal keeps its interval, so the
// user who switches the VPN off hears back soon.
func TestMonitorBackOffIsForBotChecksNotRefusals(t *testing.T) {
	for _, c := range []struct {
		rule    string
		backOff bool
	}{{"bot-check", true}, {"access-refused", false}} {
		r, _ := verdict.RuleNamed(c.rule)
		m, w, _ := testMonitor(t, siteA)
		w.set(siteA, verdict.Verdict{Rule: r.Name, Side: r.Side, Hop: r.Hop, Status: 403})
		next := m.Tick(context.Background(), t0)
		if got := next.Sub(t0) >= RateLimitBackoff; got != c.backOff {
			t.Errorf("%s: next in %s, backing off %v, want %v", c.rule, next.Sub(t0), got, c.backOff)
		}
	}
}
