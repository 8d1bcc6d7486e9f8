package config

import (
	"fmt"
	"strings"
	"time"
)

// NotifyConfig is the [notify] table: which notifications pop up and
// when (README, "Quiet hours and snooze"). The zero value is the old
// behaviour: everything, at once, no reminders.
type NotifyConfig struct {
	// About is "both" (default), "their-side" (site outages) or
	// "my-side" (problems of the user's own network, and sites that
	// refuse or are blocked for this computer only).
	About string `toml:"about,omitempty"`
	// MinDuration holds an outage back until it has lasted this long;
	// one that ends sooner is never mentioned.
	MinDuration Duration `toml:"min_duration,omitempty"`
	// RemindEvery repeats a notification while something stays down, at
	// most this often; 0 (default) is off: the menu says "still down".
	RemindEvery Duration   `toml:"remind_every,omitempty"`
	Quiet       QuietHours `toml:"quiet,omitempty"`
}

// QuietHours is the [notify.quiet] table: when nothing pops up. What
// happens meanwhile is told in one summary when they end.
type QuietHours struct {
	// From and To are local wall-clock times "HH:MM"; To before From
	// means overnight (22:00–08:00 ends the next morning). Both or
	// neither.
	From string `toml:"from,omitempty"`
	To   string `toml:"to,omitempty"`
	// Days are the days on which the From–To span starts ("mon"…"sun");
	// empty means every day.
	Days []string `toml:"days,omitempty"`
	// Weekends makes all of Saturday and Sunday quiet.
	Weekends bool `toml:"weekends,omitempty"`
}

// Values of NotifyConfig.About.
const (
	AboutBoth  = "both"
	AboutTheir = "their-side"
	AboutMine  = "my-side"
)

// Limits: a reminder more often than this is the repeated pop-up people
// switch notifications off over.
const (
	MinRemindEvery = 15 * time.Minute
	MaxMinDuration = 24 * time.Hour
)

// dayNames index time.Weekday.
var dayNames = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// AboutOrDefault is About with the default filled in.
func (n NotifyConfig) AboutOrDefault() string {
	if n.About == "" {
		return AboutBoth
	}
	return n.About
}

// Validate reports the first problem; the caller prefixes "notify.".
func (n NotifyConfig) Validate() error {
	switch n.About {
	case "", AboutBoth, AboutTheir, AboutMine:
	default:
		return fmt.Errorf("about %q must be %q, %q or %q", n.About, AboutBoth, AboutTheir, AboutMine)
	}
	if n.MinDuration.Duration > MaxMinDuration {
		return fmt.Errorf("min_duration %s is above %s", n.MinDuration, MaxMinDuration)
	}
	if r := n.RemindEvery.Duration; r != 0 && r < MinRemindEvery {
		return fmt.Errorf("remind_every %s is below the minimum of %s (0 turns reminders off)", n.RemindEvery, MinRemindEvery)
	}
	if err := n.Quiet.Validate(); err != nil {
		return fmt.Errorf("quiet.%w", err)
	}
	return nil
}

// Validate reports the first problem; the caller prefixes "quiet.".
func (q QuietHours) Validate() error {
	if (q.From == "") != (q.To == "") {
		return fmt.Errorf("from and to go together: give both (e.g. from = \"22:00\", to = \"08:00\") or neither")
	}
	if q.From != "" {
		f, err := ParseClock(q.From)
		if err != nil {
			return fmt.Errorf("from: %w", err)
		}
		t, err := ParseClock(q.To)
		if err != nil {
			return fmt.Errorf("to: %w", err)
		}
		if f == t {
			return fmt.Errorf("from and to are both %s: an empty span (use weekends for whole days)", q.From)
		}
	}
	for _, d := range q.Days {
		if _, ok := ParseDay(d); !ok {
			return fmt.Errorf("days: %q is not a day; use mon, tue, wed, thu, fri, sat, sun", d)
		}
	}
	return nil
}

// Enabled reports whether any quiet time is set.
func (q QuietHours) Enabled() bool { return q.From != "" || q.Weekends }

// ParseClock reads "HH:MM" (24-hour) as minutes after midnight.
func ParseClock(s string) (int, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("%q is not a time of day; use HH:MM such as 22:00", s)
	}
	return t.Hour()*60 + t.Minute(), nil
}

// ParseDay reads "mon" (or "Monday") as a weekday.
func ParseDay(s string) (time.Weekday, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) < 3 {
		return 0, false
	}
	for i, d := range dayNames {
		if strings.HasPrefix(time.Weekday(i).String(), strings.ToUpper(s[:1])+s[1:]) || s == d {
			return time.Weekday(i), true
		}
	}
	return 0, false
}

// DayName is the config's spelling of d ("mon").
func DayName(d time.Weekday) string { return dayNames[d] }
