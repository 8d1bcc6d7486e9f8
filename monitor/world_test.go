package monitor

import (
	"context"
	"net"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/checks"
	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// slowWorld is a second opinion that takes a moment and says the site is
// down from every place.
type slowWorld struct{ asked atomic.Int32 }

func (s *slowWorld) Ask(context.Context, *url.URL) *checks.WorldResult {
	s.asked.Add(1)
	time.Sleep(100 * time.Millisecond)
	w := &checks.WorldResult{CheckedAt: time.Now()}
	for _, p := range []string{"Frankfurt, DE", "Ashburn, US", "Tokyo, JP", "Sydney, AU", "São Paulo, BR"} {
		w.Probes = append(w.Probes, checks.WorldProbe{Place: p, Continent: "EU", Error: "connect ECONNREFUSED"})
	}
	return w
}

// With a second opinion configured, the monitor's check of a refused site
// waits for it, so the alert it raises is already "down for everyone".
func TestMonitorWaitsForTheSecondOpinion(t *testing.T) {
	t.Setenv(checks.LabOnlyEnv, "1")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	site := "http://" + l.Addr().String() + "/"
	l.Close()
	cfg := config.Config{Interval: config.Duration{Duration: time.Minute}, Timeout: config.Duration{Duration: 2 * time.Second},
		Sites: []config.Site{{URL: site}}}
	world := &slowWorld{}
	opt := verdict.Options{World: world, SystemResolvers: []string{}, SkipSystemProxy: true, Getenv: func(string) string { return "" }}
	var events []Event
	m, err := newAt(cfg, opt, func(e Event) { events = append(events, e) }, t0)
	if err != nil {
		t.Fatal(err)
	}
	m.probeNet = func(context.Context, verdict.Options) verdict.NetEvidence {
		return verdict.NetEvidence{
			Canaries: []checks.CanaryResult{{URL: "http://127.0.0.1:1/generate_204", Online: true, Status: 204}},
			Reach:    []checks.ReachResult{{Addr: "127.0.0.1:53", Attempts: 8, Succeeded: 8}},
		}
	}
	m.rnd = func() float64 { return 0.5 }
	m.budget.Spacing = 0
	ctx := context.Background()
	next := m.Tick(ctx, t0)
	m.Tick(ctx, next)
	if len(events) != 1 || events[0].Kind != EventDown {
		t.Fatalf("events %+v", events)
	}
	last := events[0].Status.Last
	if last.Rule != "world-down" || last.World == nil || last.World.Agreed != 5 || last.World.Places != 5 {
		t.Fatalf("alert verdict %s: %s", last.Rule, last.Summary)
	}
	if world.asked.Load() == 0 {
		t.Fatal("the second opinion was never asked")
	}
}
