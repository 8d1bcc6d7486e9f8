package monitor

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// Many new sites are spread over the interval instead of all firing at
// the first tick; a short list is still checked at once.
func TestNewSitesSpreadOverTheInterval(t *testing.T) {
	tests := []struct {
		n         int
		wantFirst int // checks in the first tick
	}{
		{4, 4},
		{spreadAbove, spreadAbove},
		{100, 1},
		{1000, 1},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.n), func(t *testing.T) {
			var sites []string
			for i := range tt.n {
				sites = append(sites, fmt.Sprintf("https://s%d.gw.test/", i))
			}
			m, w, _ := testMonitor(t, sites...)
			ctx := context.Background()
			next := m.Tick(ctx, t0)
			total := 0
			for _, c := range w.checks {
				total += c
			}
			if total != tt.wantFirst {
				t.Fatalf("first tick checked %d sites, want %d", total, tt.wantFirst)
			}
			// Walk the first interval: every site is checked exactly once,
			// and the last one before the interval ends.
			for i := 0; i < tt.n+2 && next.Before(t0.Add(time.Minute)); i++ {
				next = m.Tick(ctx, next)
			}
			for _, s := range sites {
				if w.checks[s] != 1 {
					t.Fatalf("%s checked %d times in the first interval", s, w.checks[s])
				}
			}
		})
	}
}

func TestBudgetScales(t *testing.T) {
	tests := []struct {
		n        int
		interval time.Duration
		want     Budget
	}{
		{4, time.Minute, DefaultBudget},
		{100, 30 * time.Second, Budget{Concurrent: 4, Spacing: 150 * time.Millisecond}},
		{1000, 30 * time.Second, Budget{Concurrent: 31, Spacing: 15 * time.Millisecond}},
		{100000, 30 * time.Second, Budget{Concurrent: maxConcurrent, Spacing: 150 * time.Microsecond}},
	}
	for _, tt := range tests {
		if got := DefaultBudget.scaled(tt.n, tt.interval); got != tt.want {
			t.Errorf("scaled(%d, %s) = %+v, want %+v", tt.n, tt.interval, got, tt.want)
		}
	}
}

func TestRecorderSeesEveryVerdict(t *testing.T) {
	m, w, _ := testMonitor(t, siteA, siteB)
	w.set(siteB, verdict.Verdict{Side: verdict.SideServer, Hop: verdict.HopCDN})
	type seen struct {
		site string
		side verdict.Side
		at   time.Time
	}
	var got []seen
	m.SetRecorder(func(site string, v verdict.Verdict, at time.Time) { got = append(got, seen{site, v.Side, at}) })
	m.Tick(context.Background(), t0)
	if len(got) != 2 {
		t.Fatalf("recorded %v, want both sites", got)
	}
	for _, g := range got {
		want := verdict.SideOK
		if g.site == siteB {
			want = verdict.SideServer
		}
		if g.side != want || !g.at.Equal(t0) {
			t.Errorf("recorded %+v, want side %s at %s", g, want, t0)
		}
	}
}

// Short spacings are pooled into bursts (one wake-up each) at the same
// rate; long ones are kept per check.
func TestStartGap(t *testing.T) {
	cases := []struct {
		spacing time.Duration
		gaps    []time.Duration // before checks 0, 1, 2, …
	}{
		{0, []time.Duration{0, 0, 0}},
		{200 * time.Millisecond, []time.Duration{0, 200 * time.Millisecond, 200 * time.Millisecond}},
		{minWake, []time.Duration{0, minWake, minWake}},
		{15 * time.Millisecond, []time.Duration{0, 0, 0, 45 * time.Millisecond, 0, 0, 45 * time.Millisecond}},
		{150 * time.Microsecond, append(append([]time.Duration{0}, make([]time.Duration, 332)...), 50*time.Millisecond-50*time.Microsecond)},
	}
	for _, tc := range cases {
		var total time.Duration
		for i, want := range tc.gaps {
			got := startGap(i, tc.spacing)
			if got != want {
				t.Errorf("spacing %s, check %d: gap %s, want %s", tc.spacing, i, got, want)
			}
			total += got
		}
		// Pooling must not slow a round down: the waits add up to at
		// most one spacing per check.
		if n := len(tc.gaps) - 1; tc.spacing > 0 && total > time.Duration(n)*tc.spacing {
			t.Errorf("spacing %s: %s of waits for %d checks, more than one spacing each", tc.spacing, total, n)
		}
	}
}
