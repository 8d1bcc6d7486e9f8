// Package world keeps gatewatch's second opinion (checks.World, through
// Globalping) within its budget: at most one measurement per site per
// PerSite, at most HourlyProbes probe results an hour in all (well under
// the service's free 250), nothing while the service said it is rate
// limited, and cached answers handed out with their age.
package world

import (
	"context"
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/gatewatch/gatewatch/checks"
)

// Budget defaults.
const (
	DefaultPerSite      = 10 * time.Minute
	DefaultHourlyProbes = 100 // of the service's 250 probe results an hour without a token
)

// Asker is safe for concurrent use; one serves a whole process.
type Asker struct {
	Opt          checks.WorldOptions
	PerSite      time.Duration // 0 = DefaultPerSite
	HourlyProbes int           // 0 = DefaultHourlyProbes
	// Run, when set, replaces checks.World (tests).
	Run func(ctx context.Context, target *url.URL, opt checks.WorldOptions) checks.WorldResult
	Now func() time.Time // nil = time.Now

	mu         sync.Mutex
	cache      map[string]checks.WorldResult
	spent      []spend
	pausedTill time.Time
	inflight   map[string]*call
}

type spend struct {
	at     time.Time
	probes int
}

type call struct {
	done chan struct{}
	res  checks.WorldResult
}

func (a *Asker) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

// key is the site as the cache knows it: scheme, host and path (what is
// sent), never the query.
func key(u *url.URL) string { return u.Scheme + "://" + u.Host + u.EscapedPath() }

// Ask returns a second opinion on target: a cached one younger than
// PerSite (Age set), a fresh one, or one whose Err says why none was
// asked (budget spent, service rate limited). Concurrent asks for the same
// site share one measurement.
func (a *Asker) Ask(ctx context.Context, target *url.URL) *checks.WorldResult {
	now := a.now()
	k := key(target)
	a.mu.Lock()
	if r, ok := a.cache[k]; ok && now.Sub(r.CheckedAt) < a.perSite() {
		a.mu.Unlock()
		r.Age = now.Sub(r.CheckedAt)
		return &r
	}
	if c, ok := a.inflight[k]; ok {
		a.mu.Unlock()
		select {
		case <-c.done:
			r := c.res
			return &r
		case <-ctx.Done():
			return &checks.WorldResult{Err: "second opinion still running: " + ctx.Err().Error(), CheckedAt: now}
		}
	}
	if now.Before(a.pausedTill) {
		a.mu.Unlock()
		return &checks.WorldResult{RateLimited: true, CheckedAt: now,
			Err: fmt.Sprintf("not asked: Globalping said its rate limit is reached, for %s more", checks.HumanDuration(a.pausedTill.Sub(now)))}
	}
	need := checks.WorldProbeBudget(a.Opt)
	if used := a.usedLocked(now); used+need > a.hourly() {
		a.mu.Unlock()
		return &checks.WorldResult{CheckedAt: now,
			Err: fmt.Sprintf("not asked: gatewatch's own cap of %d probe results an hour is spent (%d used)", a.hourly(), used)}
	}
	a.spent = append(a.spent, spend{at: now, probes: need})
	c := &call{done: make(chan struct{})}
	if a.inflight == nil {
		a.inflight = map[string]*call{}
	}
	a.inflight[k] = c
	a.mu.Unlock()

	run := a.Run
	if run == nil {
		run = checks.World
	}
	res := run(ctx, target, a.Opt)

	a.mu.Lock()
	delete(a.inflight, k)
	if res.RateLimited {
		// Without a stated reset, wait the per-site interval before the
		// service is bothered again.
		pause := res.RetryIn
		if pause <= 0 {
			pause = a.perSite()
		}
		a.pausedTill = a.now().Add(pause)
	}
	if res.Answered() || res.RateLimited {
		// A service that is down or answered garbage is asked again next
		// time: only answers and refusals are worth keeping.
		if a.cache == nil {
			a.cache = map[string]checks.WorldResult{}
		}
		a.cache[k] = res
	}
	a.mu.Unlock()
	c.res = res
	close(c.done)
	return &res
}

// usedLocked counts the probe results spent in the last hour.
func (a *Asker) usedLocked(now time.Time) int {
	keep := a.spent[:0]
	used := 0
	for _, s := range a.spent {
		if now.Sub(s.at) < time.Hour {
			keep = append(keep, s)
			used += s.probes
		}
	}
	a.spent = keep
	return used
}

func (a *Asker) perSite() time.Duration {
	if a.PerSite > 0 {
		return a.PerSite
	}
	return DefaultPerSite
}

func (a *Asker) hourly() int {
	if a.HourlyProbes > 0 {
		return a.HourlyProbes
	}
	return DefaultHourlyProbes
}
