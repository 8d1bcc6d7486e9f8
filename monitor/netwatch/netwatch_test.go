package netwatch

import (
	"context"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock runs timers only when the test advances it.
type fakeClock struct {
	mu     sync.Mutex
	t      time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	c       *fakeClock
	at      time.Time
	f       func()
	stopped bool
}

func (t *fakeTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	was := !t.stopped
	t.stopped = true
	return was
}

func (c *fakeClock) clock() clock {
	return clock{
		now: func() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t },
		afterFunc: func(d time.Duration, f func()) stopper {
			c.mu.Lock()
			defer c.mu.Unlock()
			t := &fakeTimer{c: c, at: c.t.Add(d), f: f}
			c.timers = append(c.timers, t)
			return t
		},
	}
}

// advance moves time on by d, running every timer that comes due.
func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	end := c.t.Add(d)
	c.mu.Unlock()
	for {
		c.mu.Lock()
		sort.SliceStable(c.timers, func(i, j int) bool { return c.timers[i].at.Before(c.timers[j].at) })
		var due *fakeTimer
		for i, t := range c.timers {
			if !t.stopped && !t.at.After(end) {
				due = t
				c.timers = append(c.timers[:i], c.timers[i+1:]...)
				break
			}
		}
		if due == nil {
			c.t = end
			c.mu.Unlock()
			return
		}
		c.t = due.at
		due.stopped = true
		c.mu.Unlock()
		due.f()
	}
}

func TestDebouncer(t *testing.T) {
	const wait, maxWait = 2 * time.Second, 10 * time.Second
	cases := []struct {
		name  string
		every time.Duration // gap between pokes
		for_  time.Duration // how long pokes keep coming
		after time.Duration // quiet time after the last poke
		fires []time.Duration
	}{
		{"one poke", 0, 0, 5 * time.Second, []time.Duration{2 * time.Second}},
		{"a short burst is one call", 100 * time.Millisecond, time.Second, 5 * time.Second, []time.Duration{3 * time.Second}},
		{"a chatty driver is still heard every maxWait", time.Second, 25 * time.Second, 5 * time.Second,
			[]time.Duration{10 * time.Second, 20 * time.Second, 27 * time.Second}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fc := &fakeClock{t: time.Unix(0, 0)}
			var fires []time.Duration
			d := newDebouncerClock(wait, maxWait, func() { fires = append(fires, fc.t.Sub(time.Unix(0, 0))) }, fc.clock())
			d.poke()
			for el := time.Duration(0); c.every > 0 && el+c.every <= c.for_; el += c.every {
				fc.advance(c.every)
				d.poke()
			}
			fc.advance(c.after)
			if !equalDurations(fires, c.fires) {
				t.Fatalf("fired at %v, want %v", fires, c.fires)
			}
		})
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// The real timer: a burst folds into one call, and stop ends it.
func TestDebouncerFoldsBursts(t *testing.T) {
	var calls atomic.Int32
	fired := make(chan struct{}, 10)
	d := newDebouncer(50*time.Millisecond, time.Second, func() { calls.Add(1); fired <- struct{}{} })
	for range 20 {
		d.poke()
	}
	select {
	case <-fired:
	case <-time.After(5 * time.Second):
		t.Fatal("debounced call never came")
	}
	select {
	case <-fired:
		t.Fatal("a burst made more than one call")
	case <-time.After(200 * time.Millisecond):
	}
	d.stop()
	d.poke()
	time.Sleep(100 * time.Millisecond)
	if calls.Load() != 1 {
		t.Fatalf("%d calls", calls.Load())
	}
}

func TestSnapshotEqual(t *testing.T) {
	base := Snapshot{
		Routes: []string{"eth0 via 192.0.2.1 dst 0.0.0.0/0 metric 100"},
		Links:  []string{"eth0 up|broadcast [192.0.2.10/24]", "lo up|loopback [127.0.0.1/8]"},
		DNS:    []string{"192.0.2.1:53"},
	}
	with := func(f func(*Snapshot)) Snapshot {
		s := Snapshot{Routes: append([]string(nil), base.Routes...), Links: append([]string(nil), base.Links...), DNS: append([]string(nil), base.DNS...)}
		f(&s)
		return s
	}
	cases := []struct {
		name  string
		s     Snapshot
		equal bool
	}{
		{"same", with(func(*Snapshot) {}), true},
		{"new gateway", with(func(s *Snapshot) { s.Routes[0] = "wlan0 via 198.51.100.1 dst 0.0.0.0/0 metric 600" }), false},
		{"vpn split routes", with(func(s *Snapshot) { s.Routes = append(s.Routes, "tun0 via invalid IP dst 0.0.0.0/1 metric 0") }), false},
		{"address gone", with(func(s *Snapshot) { s.Links[0] = "eth0 up|broadcast []" }), false},
		{"link down", with(func(s *Snapshot) { s.Links[0] = "eth0 broadcast [192.0.2.10/24]" }), false},
		{"new resolver", with(func(s *Snapshot) { s.DNS = []string{"198.51.100.53:53"} }), false},
		{"resolver order", with(func(s *Snapshot) { s.DNS = append([]string{"198.51.100.53:53"}, s.DNS...) }), false},
	}
	for _, c := range cases {
		if got := base.Equal(c.s); got != c.equal {
			t.Errorf("%s: Equal = %v, want %v", c.name, got, c.equal)
		}
	}
}

// Only a snapshot that differs from the last reaches onChange: events
// that change nothing (neighbour refreshes, an address added and removed
// within the debounce) cost a look, not a round of checks.
func TestChangeFilter(t *testing.T) {
	states := []Snapshot{
		{DNS: []string{"a"}}, // same as the start: no call
		{DNS: []string{"b"}}, // changed
		{DNS: []string{"b"}}, // same again
		{DNS: []string{"a"}}, // changed back
	}
	i := 0
	old := takeSnapshot
	takeSnapshot = func(context.Context) Snapshot { s := states[i]; i++; return s }
	defer func() { takeSnapshot = old }()
	calls := 0
	c := &changeFilter{last: Snapshot{DNS: []string{"a"}}, onChange: func() { calls++ }}
	var got []int
	for range states {
		c.check(context.Background())
		got = append(got, calls)
	}
	if want := []int{0, 1, 1, 2}; !equalInts(got, want) {
		t.Fatalf("calls after each look %v, want %v", got, want)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
