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

// QuietEnd is when the quiet hours that t is in end (the first minute
// that is not quiet), found by walking forward a minute at a time: at most
// a weekend plus two nights, a few thousand steps, and no arithmetic on
// wall clocks that DST could break. ok is false when t is not quiet (or it
// never ends within eight days, which validation makes impossible).
func QuietEnd(q config.QuietHours, t time.Time) (time.Time, bool) {
	if !QuietAt(q, t) {
		return time.Time{}, false
	}
	at := t.Truncate(time.Minute)
	for limit := at.Add(8 * 24 * time.Hour); at.Before(limit); {
		at = at.Add(time.Minute)
		if !QuietAt(q, at) {
			return at, true
		}
	}
	return time.Time{}, false
}
