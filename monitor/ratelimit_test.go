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

// A bot check's Retry-After is not a rate limit: the site is checked at
// its interval.
func TestMonitorBotCheckKeepsItsInterval(t *testing.T) {
	r, _ := verdict.RuleNamed("bot-check")
	m, w, _ := testMonitor(t, siteA)
	w.set(siteA, verdict.Verdict{Rule: r.Name, Side: r.Side, Hop: r.Hop, Status: 403, RetryAfter: 30 * time.Minute})
	if next := m.Tick(context.Background(), t0); next != t0.Add(time.Minute) {
		t.Fatalf("next %s, want the interval", next.Sub(t0))
	}
}
