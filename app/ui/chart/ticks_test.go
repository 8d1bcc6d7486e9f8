package chart

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestValueTicks(t *testing.T) {
	tests := []struct {
		hi      float64
		max     int
		want    []float64
		wantTop float64
	}{
		{0, 4, []float64{0, 1}, 1},
		{-3, 4, []float64{0, 1}, 1},
		{100, 4, []float64{0, 50, 100}, 100},
		{101, 4, []float64{0, 50, 100, 150}, 150},
		{143, 5, []float64{0, 50, 100, 150}, 150},
		{7, 4, []float64{0, 2, 4, 6, 8}, 8},
		{0.3, 3, []float64{0, 0.1, 0.2, 0.30000000000000004}, 0.30000000000000004},
		{1800, 4, []float64{0, 500, 1000, 1500, 2000}, 2000},
		{40, 1, []float64{0, 50}, 50},
	}
	for _, tt := range tests {
		got, top := ValueTicks(tt.hi, tt.max)
		if !slices.Equal(got, tt.want) || top != tt.wantTop {
			t.Errorf("ValueTicks(%v, %d) = %v, %v; want %v, %v", tt.hi, tt.max, got, top, tt.want, tt.wantTop)
		}
		if top < tt.hi {
			t.Errorf("ValueTicks(%v): top %v below the data", tt.hi, top)
		}
		if len(got)-1 > max(tt.max, 1)+1 {
			t.Errorf("ValueTicks(%v, %d): %d intervals", tt.hi, tt.max, len(got)-1)
		}
	}
}

func TestTimeTicks(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, berlin)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name       string
		start, end time.Time
		max        int
		want       string
	}{
		{"24 hours in 3-hour steps, local clock", at("2026-11-22 12:10"), at("2026-11-23 12:10"), 9,
			"15:00 18:00 21:00 Nov 23 03:00 06:00 09:00 12:00"},
		{"one hour", at("2026-11-23 11:05"), at("2026-11-23 12:05"), 6, "11:15 11:30 11:45 12:00"},
		{"7 days, daily at midnight", at("2026-11-16 12:00"), at("2026-11-23 12:00"), 8,
			"Nov 17 Nov 18 Nov 19 Nov 20 Nov 21 Nov 22 Nov 23"},
		{"30 days in weeks", at("2026-10-24 12:00"), at("2026-11-23 12:00"), 6, "Oct 25 Nov 1 Nov 8 Nov 15 Nov 22"},
		{"90 days", at("2026-08-25 12:00"), at("2026-11-23 12:00"), 7, "Aug 26 Sep 9 Sep 23 Oct 7 Oct 21 Nov 4 Nov 18"},
		// 25 October 2026: clocks go back at 03:00; daily ticks stay on midnight.
		{"days across DST", at("2026-10-23 12:00"), at("2026-10-28 12:00"), 6, "Oct 24 Oct 25 Oct 26 Oct 27 Oct 28"},
		// Hours across the change: still on the 3-hour marks of the local clock.
		{"hours across DST", at("2026-10-24 22:30"), at("2026-10-25 13:00"), 6, "Oct 25 03:00 06:00 09:00 12:00"},
		{"spring forward", at("2026-03-28 22:30"), at("2026-03-29 13:00"), 6, "Mar 29 03:00 06:00 09:00 12:00"},
		{"empty window", at("2026-11-23 12:00"), at("2026-11-23 12:00"), 5, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ticks := TimeTicks(tt.start, tt.end, tt.max, berlin)
			var labels []string
			for _, tk := range ticks {
				labels = append(labels, tk.Label)
				if tk.At.Before(tt.start) || tk.At.After(tt.end) {
					t.Errorf("tick %v outside the window", tk.At)
				}
			}
			if got := strings.Join(labels, " "); got != tt.want {
				t.Errorf("labels %q, want %q", got, tt.want)
			}
			if len(ticks) > tt.max {
				t.Errorf("%d ticks, at most %d wanted", len(ticks), tt.max)
			}
		})
	}
}

func TestFrac(t *testing.T) {
	s := time.Unix(1000, 0)
	e := s.Add(100 * time.Second)
	for _, tt := range []struct {
		at   time.Time
		want float64
	}{{s, 0}, {e, 1}, {s.Add(25 * time.Second), 0.25}, {s.Add(-time.Hour), 0}, {e.Add(time.Hour), 1}} {
		if got := Frac(tt.at, s, e); got != tt.want {
			t.Errorf("Frac(%v) = %v, want %v", tt.at, got, tt.want)
		}
	}
	if Frac(s, e, s) != 0 {
		t.Error("an empty window should give 0")
	}
}
