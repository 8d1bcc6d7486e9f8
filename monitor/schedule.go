package monitor

import (
	"time"

	"github.com/gatewatch/gatewatch/monitor/config"
)

// Scheduling limits: gatewatch is a good citizen of the network.
const (
	// ConfirmDelay is how soon a failure (or a recovery) is re-checked
	// before anyone is told. It equals MinInterval, so even confirmation
	// never sends a site more than one request per minimum interval.
	ConfirmDelay = config.MinInterval
	// MaxBackoff caps the wait between checks of a site that is down.
	MaxBackoff = 10 * time.Minute
	// MaxRetryAfter caps how long a site's Retry-After can park it.
	MaxRetryAfter = time.Hour
	// RateLimitBackoff is how long a site that rate-limits this computer
	// without a Retry-After is left alone (the verdict's BacksOff).
	RateLimitBackoff = 5 * time.Minute
	// Jitter spreads checks so sites with the same interval do not fire
	// together.
	Jitter = 0.10
)

// NextDelay says how long to wait before checking a site again, given its
// status, its interval and the Retry-After it last sent. rnd is a number in
// [0,1) (rand.Float64 in production, fixed in tests).
func NextDelay(st SiteStatus, interval, retryAfter time.Duration, rnd float64) time.Duration {
	if interval < config.MinInterval {
		interval = config.MinInterval
	}
	var d time.Duration
	switch {
	case st.NeedsConfirmation():
		d = ConfirmDelay
	case st.State == StateDown || st.State == StateAffected:
		// Exponential backoff from the second confirmed failure on:
		// interval, 2×, 4× … up to MaxBackoff.
		d = interval
		for i := 2; i < st.Failures && d < MaxBackoff; i++ {
			d *= 2
		}
		d = min(d, MaxBackoff)
		d = jitter(d, rnd)
	default:
		d = jitter(interval, rnd)
	}
	if retryAfter > 0 {
		d = max(d, min(retryAfter, MaxRetryAfter))
	}
	return max(d, config.MinInterval)
}

func jitter(d time.Duration, rnd float64) time.Duration {
	f := 1 + Jitter*(2*rnd-1)
	return time.Duration(float64(d) * f)
}
