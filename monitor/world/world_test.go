package world

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/checks"
	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newAsker(res checks.WorldResult) (*Asker, *fakeClock, *atomic.Int32) {
	clk := &fakeClock{t: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)}
	var runs atomic.Int32
	a := &Asker{Now: clk.now, Run: func(ctx context.Context, u *url.URL, o checks.WorldOptions) checks.WorldResult {
		runs.Add(1)
		r := res
		r.CheckedAt = clk.now()
		return r
	}}
	return a, clk, &runs
}

var answered = checks.WorldResult{Probes: []checks.WorldProbe{{Place: "Frankfurt, DE", OK: true, Status: 200}}}

func mustURL(s string) *url.URL { u, _ := url.Parse(s); return u }

// One measurement per site per ten minutes; the cached answer carries its
// age; the query string is not part of the site.
func TestAskerCachesPerSite(t *testing.T) {
	a, clk, runs := newAsker(answered)
	ctx := context.Background()
	a.Ask(ctx, mustURL("https://a.lab/x?q=1"))
	clk.add(4 * time.Minute)
	r := a.Ask(ctx, mustURL("https://a.lab/x?q=2"))
	if runs.Load() != 1 || r.Age != 4*time.Minute {
		t.Fatalf("runs %d, age %s", runs.Load(), r.Age)
	}
	a.Ask(ctx, mustURL("https://b.lab/"))
	if runs.Load() != 2 {
		t.Fatalf("another site must be asked: runs %d", runs.Load())
	}
	clk.add(DefaultPerSite - 4*time.Minute)
	if r := a.Ask(ctx, mustURL("https://a.lab/x")); runs.Load() != 3 || r.Age != 0 {
		t.Fatalf("after %s the site is asked again: runs %d age %s", DefaultPerSite, runs.Load(), r.Age)
	}
}

// The hourly cap counts probe results, and frees up as the hour passes.
func TestAskerHourlyCap(t *testing.T) {
	a, clk, runs := newAsker(answered)
	a.HourlyProbes = 14 // two asks of 6 probes; not three
	ctx := context.Background()
	for i, site := range []string{"https://a.lab/", "https://b.lab/", "https://c.lab/"} {
		r := a.Ask(ctx, mustURL(site))
		if i < 2 && r.Err != "" {
			t.Fatalf("%s: %s", site, r.Err)
		}
		if i == 2 && !strings.Contains(r.Err, "cap of 14 probe results an hour is spent (12 used)") {
			t.Fatalf("third ask: %q", r.Err)
		}
		clk.add(time.Minute)
	}
	if runs.Load() != 2 {
		t.Fatalf("runs %d", runs.Load())
	}
	clk.add(58 * time.Minute) // the first ask is an hour old
	if r := a.Ask(ctx, mustURL("https://c.lab/")); r.Err != "" || runs.Load() != 3 {
		t.Fatalf("after an hour: %q runs %d", r.Err, runs.Load())
	}
}

// A rate-limited answer pauses every site until the stated reset.
func TestAskerPausesWhenRateLimited(t *testing.T) {
	a, clk, runs := newAsker(checks.WorldResult{RateLimited: true, RetryIn: 30 * time.Minute, Err: "globalping rate limit reached"})
	ctx := context.Background()
	a.Ask(ctx, mustURL("https://a.lab/"))
	r := a.Ask(ctx, mustURL("https://b.lab/"))
	if runs.Load() != 1 || !r.RateLimited || !strings.Contains(r.Err, "for 30 min more") {
		t.Fatalf("runs %d: %+v", runs.Load(), r)
	}
	clk.add(31 * time.Minute)
	a.Ask(ctx, mustURL("https://b.lab/"))
	if runs.Load() != 2 {
		t.Fatalf("after the reset: runs %d", runs.Load())
	}
}

// A service that was down is not cached: the next failure asks again.
func TestAskerDoesNotCacheServiceErrors(t *testing.T) {
	a, _, runs := newAsker(checks.WorldResult{Err: "globalping unavailable"})
	ctx := context.Background()
	a.Ask(ctx, mustURL("https://a.lab/"))
	a.Ask(ctx, mustURL("https://a.lab/"))
	if runs.Load() != 2 {
		t.Fatalf("runs %d", runs.Load())
	}
}

// Concurrent asks for one site share one measurement.
func TestAskerSharesInflight(t *testing.T) {
	a, _, runs := newAsker(answered)
	release := make(chan struct{})
	inner := a.Run
	a.Run = func(ctx context.Context, u *url.URL, o checks.WorldOptions) checks.WorldResult {
		<-release
		return inner(ctx, u, o)
	}
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); a.Ask(context.Background(), mustURL("https://a.lab/")) }()
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	if runs.Load() != 1 {
		t.Fatalf("runs %d", runs.Load())
	}
}

// Attach: nothing when off; one Asker kept across reloads of the same
// table; a new one when the table changes.
func TestAttach(t *testing.T) {
	var opt verdict.Options
	Attach(&opt, config.WorldConfig{})
	if opt.World != nil {
		t.Fatal("a second opinion while [world] is off")
	}
	on := config.WorldConfig{Enabled: true, API: "http://127.0.0.1:1"}
	Attach(&opt, on)
	first := opt.World
	var again verdict.Options
	Attach(&again, on)
	if first == nil || again.World != first {
		t.Fatalf("reload made a new Asker: %v %v", first, again.World)
	}
	on.Token = "t"
	Attach(&again, on)
	if again.World == first {
		t.Fatal("a changed table kept the old Asker")
	}
	if a := again.World.(*Asker); a.Opt.Client.Token != "t" || a.Opt.Client.API != on.API {
		t.Fatalf("%+v", a.Opt.Client)
	}
}
