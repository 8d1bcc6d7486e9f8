package netwatch

import (
	"sync"
	"time"
)

// stopper is the part of *time.Timer the debouncer uses (a fake clock's
// timers in tests).
type stopper interface{ Stop() bool }

// clock is where the debouncer reads the time and sets its timer.
type clock struct {
	now       func() time.Time
	afterFunc func(time.Duration, func()) stopper
}

var realClock = clock{
	now:       time.Now,
	afterFunc: func(d time.Duration, f func()) stopper { return time.AfterFunc(d, f) },
}

// debouncer calls fn once per burst of pokes: wait after the last poke,
// but never later than maxWait after the first one, so a chatty driver
// (Wi-Fi scans every second) cannot postpone the re-check forever.
type debouncer struct {
	mu            sync.Mutex
	wait, maxWait time.Duration
	fn            func()
	clk           clock
	timer         stopper
	first         time.Time // first poke of the pending burst; zero when none
	gen           int       // which timer is current: a stopped one may still run
	stopped       bool
}

func newDebouncer(wait, maxWait time.Duration, fn func()) *debouncer {
	return newDebouncerClock(wait, maxWait, fn, realClock)
}

func newDebouncerClock(wait, maxWait time.Duration, fn func(), clk clock) *debouncer {
	return &debouncer{wait: wait, maxWait: max(maxWait, wait), fn: fn, clk: clk}
}

func (d *debouncer) poke() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.stopped {
		return
	}
	now := d.clk.now()
	if d.first.IsZero() {
		d.first = now
	}
	delay := min(d.wait, max(d.first.Add(d.maxWait).Sub(now), 0))
	if d.timer != nil {
		d.timer.Stop()
	}
	d.gen++
	gen := d.gen
	d.timer = d.clk.afterFunc(delay, func() { d.fire(gen) })
}

func (d *debouncer) fire(gen int) {
	d.mu.Lock()
	if d.stopped || gen != d.gen {
		d.mu.Unlock()
		return // replaced by a later poke's timer after it had started
	}
	d.first, d.timer = time.Time{}, nil
	d.mu.Unlock()
	d.fn()
}

func (d *debouncer) stop() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.stopped = true
	if d.timer != nil {
		d.timer.Stop()
	}
}
