package monitor

import (
	"context"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

func TestMonitorOnRoundFollowsEvents(t *testing.T) {
	m, w, events := testMonitor(t, siteA)
	var log []string
	m.onEvent = func(e Event) { *events = append(*events, e); log = append(log, "event") }
	m.SetOnRound(func() { log = append(log, "round") })
	ctx := context.Background()
	next := m.Tick(ctx, t0)
	w.set(siteA, verdict.Verdict{Side: verdict.SideServer, Hop: verdict.HopOrigin})
	next = m.Tick(ctx, next)
	m.Tick(ctx, next)
	want := []string{"round", "round", "event", "round"}
	if len(log) != len(want) {
		t.Fatalf("calls %v, want %v", log, want)
	}
	for i := range want {
		if log[i] != want[i] {
			t.Fatalf("calls %v, want %v", log, want)
		}
	}
}

func TestMonitorConfirmDelayOverride(t *testing.T) {
	cases := []struct {
		name     string
		override time.Duration
		want     time.Duration
	}{
		{"default", 0, ConfirmDelay},
		{"test override", time.Second, time.Second},
		{"negative restores default", -time.Second, ConfirmDelay},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, w, _ := testMonitor(t, siteA)
			m.SetConfirmDelay(c.override)
			ctx := context.Background()
			now := m.Tick(ctx, t0)
			w.set(siteA, verdict.Verdict{Side: verdict.SideServer, Hop: verdict.HopOrigin})
			if next := m.Tick(ctx, now); next != now.Add(c.want) {
				t.Fatalf("confirmation at %s after the failure, want %s", next.Sub(now), c.want)
			}
			// Only confirmations are hurried: once down, the interval rules.
			down := now.Add(c.want)
			if next := m.Tick(ctx, down); next.Sub(down) < config.MinInterval {
				t.Fatalf("down site re-checked after %s", next.Sub(down))
			}
		})
	}
}
