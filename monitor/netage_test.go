package monitor

import (
	"context"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// How often the shared network probe runs: every verdict.NetMaxAge while
// anything fails, every calmNetMaxAge while every site works; each check
// is told when its evidence was probed (WatchCheck re-probes for a failure
// when that is older than verdict.NetMaxAge).
func TestNetworkProbeAge(t *testing.T) {
	down := verdict.Verdict{Side: verdict.SideServer, Hop: verdict.HopOrigin}
	cases := []struct {
		name       string
		set        map[string]verdict.Verdict
		wantProbes int
	}{
		// Rounds every 15 s for 2 min (9 rounds): probes at 0, 60, 120 s.
		{"calm", nil, 3},
		// One of the two sites failing: no calm, every round probes
		// (15 s > NetMaxAge); confirmation re-checks add rounds, each
		// with its own probe.
		{"one site down", map[string]verdict.Verdict{siteB: down}, -1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, w, _ := testMonitor(t, siteA, siteB)
			m.interval = 15 * time.Second
			for u, v := range c.set {
				w.set(u, v)
			}
			ctx := context.Background()
			rounds := 0
			for now := t0; !now.After(t0.Add(2 * time.Minute)); rounds++ {
				probes := w.netProbes
				next := m.Tick(ctx, now)
				if w.netProbes > probes && !w.netAt.Equal(now) {
					t.Fatalf("round at %s probed but told its checks the evidence is from %s", now.Sub(t0), w.netAt.Sub(t0))
				}
				if w.netProbes == probes && w.netAt.After(now) {
					t.Fatalf("evidence from the future at %s", now.Sub(t0))
				}
				if c.set != nil && now.Sub(w.netAt) >= verdict.NetMaxAge {
					t.Fatalf("round at %s with a site down used evidence %s old", now.Sub(t0), now.Sub(w.netAt))
				}
				now = next
			}
			if c.wantProbes >= 0 && w.netProbes != c.wantProbes {
				t.Fatalf("%d probes in %d rounds, want %d", w.netProbes, rounds, c.wantProbes)
			}
			if c.wantProbes < 0 && w.netProbes != rounds {
				t.Fatalf("%d probes in %d rounds, want one per round", w.netProbes, rounds)
			}
		})
	}
}

// "Check now" and a network change drop a calm monitor's evidence.
func TestCheckNowProbesAfresh(t *testing.T) {
	m, w, _ := testMonitor(t, siteA)
	m.interval = 15 * time.Second
	ctx := context.Background()
	next := m.Tick(ctx, t0)
	next = m.Tick(ctx, next) // calm now
	probes := w.netProbes
	m.NetworkChanged(next.Add(time.Second))
	m.Tick(ctx, next.Add(15*time.Second))
	if w.netProbes != probes+1 {
		t.Fatalf("probes %d after a network change, want %d", w.netProbes, probes+1)
	}
}
