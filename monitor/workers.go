package monitor

import (
	"context"
	"slices"
	"sync"
	"time"
)

// workers runs checks on goroutines kept between them. A check's call
// chain (request, rule table, steps) is deep: on a fresh goroutine its
// stack is grown and copied several times, which the profile of 1,000
// sites put at about a tenth of the monitor's CPU. There are never more
// workers than checks that ran at once (the round's semaphore bounds
// those); one idle for workerIdle, or whose context ends, exits.
type workers struct {
	mu   sync.Mutex
	idle []chan func() // each idle worker's own inbox (buffered: one job)
}

const workerIdle = 2 * time.Minute

func newWorkers() *workers { return &workers{} }

// do runs f on an idle worker, or on a new one when none waits.
func (p *workers) do(ctx context.Context, f func()) {
	p.mu.Lock()
	if n := len(p.idle); n > 0 {
		in := p.idle[n-1] // the most recently used: its stack is warm
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		in <- f
		return
	}
	p.mu.Unlock()
	go p.loop(ctx, f)
}

func (p *workers) loop(ctx context.Context, f func()) {
	in := make(chan func(), 1)
	timer := time.NewTimer(workerIdle)
	defer timer.Stop()
	for {
		f()
		p.mu.Lock()
		p.idle = append(p.idle, in)
		p.mu.Unlock()
		timer.Reset(workerIdle)
		select {
		case f = <-in:
			continue
		case <-timer.C:
		case <-ctx.Done():
		}
		p.mu.Lock()
		i := slices.Index(p.idle, in)
		if i >= 0 {
			p.idle = slices.Delete(p.idle, i, i+1)
		}
		p.mu.Unlock()
		if i >= 0 {
			return
		}
		f = <-in // handed a job just as it was leaving: run it first
	}
}

// idleCount is for tests.
func (p *workers) idleCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.idle)
}
