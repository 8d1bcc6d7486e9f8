package netwatch

import (
	"context"
	"sync"
	"time"
)

// DefaultNetworkDebounce folds the burst of events one change makes (link
// down, address gone, routes gone, link up, DHCP, new routes, new
// resolv.conf) into one re-check.
const DefaultNetworkDebounce = 2 * time.Second

// debouncer calls fn once, quiet after the last of a burst of pokes.
type debouncer struct {
	mu    sync.Mutex
	wait  time.Duration
	fn    func()
	timer *time.Timer
}

func newDebouncer(wait time.Duration, fn func()) *debouncer {
	return &debouncer{wait: wait, fn: fn}
}

func (d *debouncer) poke() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer != nil {
		d.timer.Stop()
	}
	d.timer = time.AfterFunc(d.wait, d.fn)
}

func (d *debouncer) stop() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer != nil {
		d.timer.Stop()
	}
}

// WatchNetwork calls onChange, debounced, whenever the operating system
// reports that an interface, address, route or the resolver configuration
// changed (which is also what resuming from sleep looks like). It blocks
// until ctx ends. On Linux it listens to rtnetlink and inotify and sleeps
// otherwise; elsewhere it compares a cheap snapshot every 30 seconds.
func WatchNetwork(ctx context.Context, debounce time.Duration, onChange func()) error {
	if debounce <= 0 {
		debounce = DefaultNetworkDebounce
	}
	d := newDebouncer(debounce, onChange)
	defer d.stop()
	return watchNetwork(ctx, d.poke)
}
