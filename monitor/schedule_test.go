package monitor

import (
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/monitor/config"
)

func TestNextDelay(t *testing.T) {
	minute := time.Minute
	cases := []struct {
		name       string
		st         SiteStatus
		interval   time.Duration
		retryAfter time.Duration
		rnd        float64
		want       time.Duration
	}{
		{"ok, no jitter", SiteStatus{State: StateOK}, minute, 0, 0.5, minute},
		{"ok, jitter low", SiteStatus{State: StateOK}, minute, 0, 0, 54 * time.Second},
		{"ok, jitter high", SiteStatus{State: StateOK}, minute, 0, 0.999999, 66 * time.Second},
		{"interval below minimum", SiteStatus{State: StateOK}, time.Second, 0, 0.5, config.MinInterval},
		{"suspect confirms soon", SiteStatus{State: StateSuspect, Failures: 1}, minute, 0, 0.5, ConfirmDelay},
		{"recovering confirms soon", SiteStatus{State: StateRecovering}, minute, 0, 0.5, ConfirmDelay},
		{"down, first", SiteStatus{State: StateDown, Failures: 2}, minute, 0, 0.5, minute},
		{"down, backoff", SiteStatus{State: StateDown, Failures: 4}, minute, 0, 0.5, 4 * minute},
		{"down, capped", SiteStatus{State: StateDown, Failures: 40}, minute, 0, 0.5, MaxBackoff},
		{"affected backs off too", SiteStatus{State: StateAffected, Failures: 3}, minute, 0, 0.5, 2 * minute},
		{"retry-after respected", SiteStatus{State: StateDown, Failures: 2}, minute, 5 * minute, 0.5, 5 * minute},
		{"retry-after capped", SiteStatus{State: StateDown, Failures: 2}, minute, 48 * time.Hour, 0.5, MaxRetryAfter},
		{"retry-after even when confirming", SiteStatus{State: StateSuspect}, minute, 2 * minute, 0.5, 2 * minute},
	}
	for _, c := range cases {
		if got := NextDelay(c.st, c.interval, c.retryAfter, c.rnd); got.Round(time.Millisecond) != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
}

// Whatever the state and inputs, a site is never checked again sooner
// than MinInterval.
func TestNextDelayNeverBelowMinimum(t *testing.T) {
	for _, s := range []State{StateChecking, StateOK, StateSuspect, StateDown, StateAffected, StateRecovering} {
		for f := 0; f < 50; f++ {
			for _, rnd := range []float64{0, 0.3, 0.99} {
				if d := NextDelay(SiteStatus{State: s, Failures: f}, 0, 0, rnd); d < config.MinInterval {
					t.Fatalf("%s/%d: %s", s, f, d)
				}
			}
		}
	}
}
