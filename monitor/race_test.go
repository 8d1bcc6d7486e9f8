package monitor

import (
	"sync"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// The tray applies every config change with SetConfig while the monitor's
// goroutine runs rounds: run under -race, this fails if a kept site's
// entry is written without the lock a round reads it under.
func TestSetConfigDuringRounds(t *testing.T) {
	m, w, _ := testMonitor(t, siteA, siteB)
	w.set(siteA, verdict.Verdict{Side: verdict.SideServer, Hop: verdict.HopOrigin})
	ctx := t.Context()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		now := t0
		for range 200 {
			now = m.Tick(ctx, now)
		}
	}()
	go func() {
		defer wg.Done()
		for i := range 200 {
			cfg := config.Config{Interval: config.Duration{Duration: time.Minute}, Timeout: config.Duration{Duration: 5 * time.Second}}
			cfg.Sites = []config.Site{{URL: siteA, Name: "A" + itoa(i), Interval: config.Duration{Duration: time.Duration(15+i%3) * time.Second}}, {URL: siteB}}
			if err := m.SetConfig(cfg, verdict.Options{}, t0); err != nil {
				t.Error(err)
				return
			}
			_ = m.Statuses()
		}
	}()
	wg.Wait()
}
