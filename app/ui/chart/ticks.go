// Package chart computes the axes of the history charts: nice value ticks
// for the y-axis and local-time ticks for the x-axis. It is pure (no Fyne),
// so the arithmetic is tested apart from the drawing.
package chart

import (
	"math"
	"time"
)

// ValueTicks returns ticks 0, step, 2·step … up to top, a nice round
// value (1, 2 or 5 times a power of ten) at or above max, with at most
// maxTicks intervals. max <= 0 gives [0, 1].
func ValueTicks(hi float64, maxTicks int) (ticks []float64, top float64) {
	if maxTicks < 1 {
		maxTicks = 1
	}
	if hi <= 0 || math.IsNaN(hi) || math.IsInf(hi, 0) {
		return []float64{0, 1}, 1
	}
	step := niceStep(hi / float64(maxTicks))
	n := int(math.Ceil(hi/step - 1e-9))
	for i := 0; i <= n; i++ {
		ticks = append(ticks, float64(i)*step)
	}
	return ticks, float64(n) * step
}

// niceStep is the smallest of 1, 2, 5 × 10^k at or above raw.
func niceStep(raw float64) float64 {
	exp := math.Floor(math.Log10(raw))
	base := math.Pow(10, exp)
	for _, m := range []float64{1, 2, 5, 10} {
		if s := m * base; s >= raw*(1-1e-9) {
			return s
		}
	}
	return 10 * base
}

// TimeTick is one labelled mark of the time axis.
type TimeTick struct {
	At    time.Time
	Label string
}

// steps are the tick intervals, finest first; a step of a day or more is
// counted in calendar days (local midnights, whatever DST does).
var steps = []time.Duration{
	time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour,
	24 * time.Hour, 2 * 24 * time.Hour, 7 * 24 * time.Hour, 14 * 24 * time.Hour, 30 * 24 * time.Hour,
}

// TimeTicks returns at most maxTicks ticks inside [start, end], on round
// local times of loc: minutes and hours on the clock (03:00, 06:00 …),
// days at midnight. Labels are the clock time, or the date at midnight
// and for steps of a day or more.
func TimeTicks(start, end time.Time, maxTicks int, loc *time.Location) []TimeTick {
	if !end.After(start) || maxTicks < 1 {
		return nil
	}
	span := end.Sub(start)
	step := steps[len(steps)-1]
	for _, s := range steps {
		if span/s < time.Duration(maxTicks) {
			step = s
			break
		}
	}
	var out []TimeTick
	if step >= 24*time.Hour {
		days := int(step / (24 * time.Hour))
		s := start.In(loc)
		d := time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, loc)
		if d.Before(start) {
			d = d.AddDate(0, 0, 1)
		}
		for ; !d.After(end) && len(out) < maxTicks; d = d.AddDate(0, 0, days) {
			out = append(out, TimeTick{At: d, Label: d.Format("Jan 2")})
		}
		return out
	}
	// Count in wall-clock minutes from the local midnight of start's day,
	// so 3-hour ticks land on 00, 03, 06 … local time, on the day clocks
	// change too (time.Date normalises and places each on the real clock).
	s := start.In(loc)
	stepMin := int(step / time.Minute)
	var last time.Time
	for k := 0; len(out) < maxTicks; k++ {
		t := time.Date(s.Year(), s.Month(), s.Day(), 0, k*stepMin, 0, 0, loc)
		if t.After(end) {
			break
		}
		if t.Before(start) || !t.After(last) {
			continue // before the window, or a wall time the clock skipped back to
		}
		last = t
		label := t.Format("15:04")
		if t.Hour() == 0 && t.Minute() == 0 {
			label = t.Format("Jan 2")
		}
		out = append(out, TimeTick{At: t, Label: label})
	}
	return out
}

// Frac is where t falls on [start, end] as 0..1 (clamped).
func Frac(t, start, end time.Time) float64 {
	if !end.After(start) {
		return 0
	}
	return math.Min(math.Max(float64(t.Sub(start))/float64(end.Sub(start)), 0), 1)
}
