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

// maxWaitFactor: a burst that never goes quiet is still looked at
// maxWaitFactor debounces (10 s by default) after it began.
const maxWaitFactor = 5

// WatchNetwork calls onChange whenever the default routes, an interface's
// state or addresses, or the system resolvers changed (which is also what
// resuming from sleep looks like). The operating system's events only say
// when to look: after a burst of them settles (debounce, or at most five
// debounces after its first event), a snapshot is compared with the last
// one, and only a difference calls onChange. It blocks until ctx ends. On
// Linux it listens to rtnetlink and inotify and sleeps otherwise;
// elsewhere it looks every 30 seconds.
func WatchNetwork(ctx context.Context, debounce time.Duration, onChange func()) error {
	if debounce <= 0 {
		debounce = DefaultNetworkDebounce
	}
	c := &changeFilter{last: takeSnapshot(ctx), onChange: onChange}
	d := newDebouncer(debounce, maxWaitFactor*debounce, func() { c.check(ctx) })
	defer d.stop()
	return watchNetwork(ctx, d.poke)
}

// changeFilter calls onChange when a new snapshot differs from the last.
type changeFilter struct {
	mu       sync.Mutex // one comparison at a time: timers may overlap
	last     Snapshot
	onChange func()
}

func (c *changeFilter) check(ctx context.Context) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := takeSnapshot(ctx)
	if ctx.Err() != nil || s.Equal(c.last) {
		return
	}
	c.last = s
	c.onChange()
}
