package monitor

import (
	"time"

	"github.com/gatewatch/gatewatch/monitor/config"
)

// QuietAt reports whether t falls in the quiet hours q, judged by t's own
// wall clock in t's location (the tray passes local time). Comparing wall
// clocks, not instants, keeps it right across DST: 22:00–08:00 is
// 22:00–08:00 on the night the clocks change, whether that night has 9 or
// 11 hours. q is validated (config.QuietHours.Validate).
func QuietAt(q config.QuietHours, t time.Time) bool {
	wd := t.Weekday()
	if q.Weekends && (wd == time.Saturday || wd == time.Sunday) {
		return true
	}
	if q.From == "" {
		return false
	}
	from, err1 := config.ParseClock(q.From)
	to, err2 := config.ParseClock(q.To)
	if err1 != nil || err2 != nil {
		return false
	}
	now := t.Hour()*60 + t.Minute()
	if from < to { // same day: 12:00–14:00
		return dayOn(q.Days, wd) && now >= from && now < to
	}
	// Overnight: the evening belongs to the day the span starts, the
	// morning to the day before.
	return dayOn(q.Days, wd) && now >= from || dayOn(q.Days, (wd+6)%7) && now < to
}

// dayOn reports whether the span may start on d (no days = every day).
func dayOn(days []string, d time.Weekday) bool {
	if len(days) == 0 {
		return true
	}
	for _, s := range days {
		if w, ok := config.ParseDay(s); ok && w == d {
			return true
		}
	}
	return false
}
