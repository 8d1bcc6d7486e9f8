package monitor

import (
	"context"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// fakeWorld answers checks from a table the test edits, and counts calls.
type fakeWorld struct {
	mu        sync.Mutex
	verdicts  map[string]verdict.Verdict // by URL; missing = ok
	checks    map[string]int
	netProbes int
	netAt     time.Time // Options.NetAt of the last check
}

func (f *fakeWorld) diagnose(_ context.Context, u *url.URL, opt verdict.Options) verdict.Verdict {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.checks[u.String()]++
	f.netAt = opt.NetAt
	if opt.Net == nil {
		panic("site checked without the round's shared network evidence")
	}
	v, ok := f.verdicts[u.String()]
	if !ok {
		v = verdict.Verdict{Side: verdict.SideOK, Hop: verdict.HopNone}
	}
	v.URL = u.String()
	return v
}

func (f *fakeWorld) probeNet(context.Context, verdict.Options) verdict.NetEvidence {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.netProbes++
	return verdict.NetEvidence{}
}

func (f *fakeWorld) set(u string, v verdict.Verdict) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.verdicts[u] = v
}

var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func testMonitor(t *testing.T, sites ...string) (*Monitor, *fakeWorld, *[]Event) {
	t.Helper()
	cfg := config.Config{Interval: config.Duration{Duration: time.Minute}, Timeout: config.Duration{Duration: 5 * time.Second}}
	for _, s := range sites {
		cfg.Sites = append(cfg.Sites, config.Site{URL: s})
	}
	w := &fakeWorld{verdicts: map[string]verdict.Verdict{}, checks: map[string]int{}}
	var events []Event
	m, err := newAt(cfg, verdict.Options{}, func(e Event) { events = append(events, e) }, t0)
	if err != nil {
		t.Fatal(err)
	}
	m.diagnose, m.probeNet = w.diagnose, w.probeNet
	m.rnd = func() float64 { return 0.5 } // no jitter: exact times
	m.budget.Spacing = 0
	return m, w, &events
}

const (
	siteA = "https://a.gw.test/"
	siteB = "https://b.gw.test/"
	siteC = "https://c.gw.test/"
)

func TestMonitorSharesNetworkProbesPerRound(t *testing.T) {
	m, w, _ := testMonitor(t, siteA, siteB, siteC)
	next := m.Tick(context.Background(), t0)
	if w.netProbes != 1 || w.checks[siteA] != 1 || w.checks[siteB] != 1 || w.checks[siteC] != 1 {
		t.Fatalf("net probes %d, checks %v", w.netProbes, w.checks)
	}
	if want := t0.Add(time.Minute); !next.Equal(want) {
		t.Errorf("next %s, want %s", next, want)
	}
}

func TestMonitorConfirmsBeforeAlerting(t *testing.T) {
	m, w, events := testMonitor(t, siteA)
	ctx := context.Background()
	m.Tick(ctx, t0)
	w.set(siteA, verdict.Verdict{Side: verdict.SideServer, Hop: verdict.HopCDN})
	now := t0.Add(time.Minute)
	next := m.Tick(ctx, now)
	if len(*events) != 0 {
		t.Fatalf("alerted on the first failure: %v", *events)
	}
	if next != now.Add(ConfirmDelay) {
		t.Fatalf("confirmation scheduled at %s, want %s", next, now.Add(ConfirmDelay))
	}
	m.Tick(ctx, next)
	if len(*events) != 1 || (*events)[0].Kind != EventDown || (*events)[0].Status.Hop != verdict.HopCDN {
		t.Fatalf("events %+v", *events)
	}
	// Staying down raises nothing more and backs off.
	for i := 0; i < 5; i++ {
		next = m.Tick(ctx, m.nextDue(next))
	}
	if len(*events) != 1 {
		t.Fatalf("repeated alerts: %+v", *events)
	}
	w.set(siteA, verdict.Verdict{Side: verdict.SideOK, Hop: verdict.HopNone})
	next = m.Tick(ctx, next)
	m.Tick(ctx, next)
	if len(*events) != 2 || (*events)[1].Kind != EventBack {
		t.Fatalf("events %+v", *events)
	}
}

func TestMonitorCheckNowRespectsMinimumInterval(t *testing.T) {
	m, w, _ := testMonitor(t, siteA)
	ctx := context.Background()
	m.Tick(ctx, t0)
	for i := 0; i < 10; i++ { // an impatient user
		now := t0.Add(time.Duration(i) * time.Second)
		m.CheckNow(now)
		m.Tick(ctx, now)
	}
	if w.checks[siteA] != 1 {
		t.Fatalf("%d checks within the minimum interval", w.checks[siteA])
	}
	now := t0.Add(config.MinInterval)
	m.CheckNow(now)
	m.Tick(ctx, now)
	if w.checks[siteA] != 2 {
		t.Fatalf("check now after the minimum interval did not check: %d", w.checks[siteA])
	}
}

func TestMonitorHonoursRetryAfter(t *testing.T) {
	m, w, _ := testMonitor(t, siteA)
	ctx := context.Background()
	w.set(siteA, verdict.Verdict{Side: verdict.SideServer, Hop: verdict.HopOrigin, Status: 503, RetryAfter: 5 * time.Minute})
	next := m.Tick(ctx, t0)
	if next != t0.Add(5*time.Minute) {
		t.Fatalf("next %s, want Retry-After %s", next, t0.Add(5*time.Minute))
	}
	m.CheckNow(t0.Add(time.Minute))
	m.Tick(ctx, t0.Add(time.Minute))
	if w.checks[siteA] != 1 {
		t.Fatal("check now ignored Retry-After")
	}
}

func TestMonitorPause(t *testing.T) {
	m, w, _ := testMonitor(t, siteA)
	ctx := context.Background()
	m.Pause(t0, time.Hour)
	if next := m.Tick(ctx, t0); next != t0.Add(time.Hour) || w.checks[siteA] != 0 {
		t.Fatalf("paused monitor checked (%d) or wakes at %s", w.checks[siteA], next)
	}
	if p, _ := m.Paused(t0); !p {
		t.Error("not reported as paused")
	}
	m.Resume()
	m.Tick(ctx, t0.Add(time.Minute))
	if w.checks[siteA] != 1 {
		t.Fatal("resume did not check")
	}
}

func TestMonitorLiveConfig(t *testing.T) {
	m, w, _ := testMonitor(t, siteA, siteB)
	ctx := context.Background()
	w.set(siteA, verdict.Verdict{Side: verdict.SideServer, Hop: verdict.HopOrigin})
	m.Tick(ctx, t0)
	cfg := config.Config{Interval: config.Duration{Duration: time.Minute}, Timeout: config.Duration{Duration: 5 * time.Second}, Sites: []config.Site{{URL: siteA}, {URL: siteC}}}
	if err := m.SetConfig(cfg, verdict.Options{}, t0.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	st := m.Statuses()
	if len(st) != 2 || st[0].URL != siteA || st[0].State != StateSuspect || st[1].URL != siteC || st[1].State != StateChecking {
		t.Fatalf("statuses %+v", st)
	}
	m.Tick(ctx, t0.Add(time.Second))
	if w.checks[siteC] != 1 || w.checks[siteA] != 1 {
		t.Fatalf("checks %v", w.checks)
	}
	bad := cfg
	bad.Sites = []config.Site{{URL: "ftp://x.test"}}
	if err := m.SetConfig(bad, verdict.Options{}, t0); err == nil || len(m.Statuses()) != 2 {
		t.Fatal("an invalid config replaced the watch list")
	}
}

// A user-side failure of every site is not an outage of each site.
func TestMonitorOwnNetworkDownIsNotSiteOutages(t *testing.T) {
	m, w, events := testMonitor(t, siteA, siteB)
	ctx := context.Background()
	m.Tick(ctx, t0)
	w.set(siteA, verdict.Verdict{Side: verdict.SideUser, Hop: verdict.HopISP})
	w.set(siteB, verdict.Verdict{Side: verdict.SideUser, Hop: verdict.HopISP})
	next := m.Tick(ctx, t0.Add(time.Minute))
	m.Tick(ctx, next)
	for _, s := range m.Statuses() {
		if s.State != StateAffected {
			t.Errorf("%s is %s, want affected", s.URL, s.State)
		}
	}
	for _, e := range *events {
		if e.Kind == EventDown || e.Kind == EventChanged || e.Kind == EventBack {
			t.Errorf("per-site alert for the user's own network: %+v", e)
		}
	}
}

func TestSleptThrough(t *testing.T) {
	cases := []struct {
		name       string
		wall, mono time.Duration
		want       bool
	}{
		{"awake one minute", time.Minute, time.Minute, false},
		{"slept ten minutes during a 1 s wait", 10*time.Minute + time.Second, time.Second, true},
		{"clock nudged forward by NTP", 3 * time.Second, time.Second, false},
		{"clock set back", 0, time.Minute, false},
	}
	for _, c := range cases {
		if got := sleptThrough(c.wall, c.mono); got != c.want {
			t.Errorf("%s: sleptThrough = %v, want %v", c.name, got, c.want)
		}
	}
}
