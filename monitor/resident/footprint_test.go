package resident

import (
	"runtime/debug"
	"testing"
	"time"
)

// The first round trims, rounds within TrimGap of the last trim do not,
// and the first one TrimGap later does again.
func TestTrimmerAtMostOncePerGap(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name   string
		rounds []time.Duration // since t0
		trims  int
	}{
		{"first round", []time.Duration{0}, 1},
		{"rounds a few seconds apart", []time.Duration{0, 5 * time.Second, 30 * time.Second, TrimGap - time.Millisecond}, 1},
		{"a gap later", []time.Duration{0, 10 * time.Second, TrimGap}, 2},
		{"gap counted from the last trim", []time.Duration{0, TrimGap, TrimGap + 59*time.Second, 2 * TrimGap}, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			var now time.Time
			n := 0
			tr := &Trimmer{now: func() time.Time { return now }, free: func() { n++ }}
			for _, d := range c.rounds {
				now = t0.Add(d)
				tr.AfterRound()
			}
			if n != c.trims {
				t.Errorf("%d trims, want %d", n, c.trims)
			}
		})
	}
}

// The tray's GC percent applies unless GOGC was given (someone measuring
// or tuning asked for their own).
func TestLeanTrayHonoursGOGC(t *testing.T) {
	prev := debug.SetGCPercent(100)
	defer debug.SetGCPercent(prev)
	t.Setenv("GOGC", "")
	LeanTray()
	if got := debug.SetGCPercent(100); got != TrayGCPercent {
		t.Errorf("GC percent %d, want %d", got, TrayGCPercent)
	}
	t.Setenv("GOGC", "200")
	LeanTray()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC set, yet GC percent changed to %d", got)
	}
}
