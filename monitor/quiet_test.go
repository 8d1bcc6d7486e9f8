package monitor

import (
	"testing"
	"time"
	_ "time/tzdata" // Europe/Berlin on any machine

	"github.com/gatewatch/gatewatch/monitor/config"
)

func TestQuietAt(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, berlin)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	night := config.QuietHours{From: "22:00", To: "08:00"}
	lunch := config.QuietHours{From: "12:00", To: "13:30"}
	weekdayNights := config.QuietHours{From: "22:00", To: "08:00", Days: []string{"mon", "tue", "wed", "thu", "sun"}}
	weekends := config.QuietHours{Weekends: true}
	cases := []struct {
		name string
		q    config.QuietHours
		at   string // 2026-11-27 is a Friday
		want bool
	}{
		{"none set", config.QuietHours{}, "2026-11-27 03:00", false},
		{"overnight, before", night, "2026-11-27 21:59", false},
		{"overnight, start", night, "2026-11-27 22:00", true},
		{"overnight, after midnight", night, "2026-11-28 02:10", true},
		{"overnight, last minute", night, "2026-11-28 07:59", true},
		{"overnight, end is not quiet", night, "2026-11-28 08:00", false},
		{"overnight, midday", night, "2026-11-27 13:00", false},
		{"same day, inside", lunch, "2026-11-27 12:30", true},
		{"same day, end", lunch, "2026-11-27 13:30", false},
		{"same day, before", lunch, "2026-11-27 11:59", false},
		// The morning belongs to the night that started the day before.
		{"days: Thursday night's morning (Fri)", weekdayNights, "2026-11-27 07:00", true},
		{"days: Friday night not listed", weekdayNights, "2026-11-27 23:00", false},
		{"days: Saturday morning after Friday", weekdayNights, "2026-11-28 07:00", false},
		{"days: Sunday evening listed", weekdayNights, "2026-11-29 23:00", true},
		{"days: Monday morning after Sunday", weekdayNights, "2026-11-30 07:00", true},
		{"weekends: Saturday noon", weekends, "2026-11-28 12:00", true},
		{"weekends: Sunday 23:59", weekends, "2026-11-29 23:59", true},
		{"weekends: Monday 00:00", weekends, "2026-11-30 00:00", false},
		{"weekends: Friday evening", weekends, "2026-11-27 23:00", false},
		// DST in Berlin: 29 Mar 2026 02:00 → 03:00, 25 Oct 2026 03:00 → 02:00.
		{"spring forward, 01:59", night, "2026-03-29 01:59", true},
		{"spring forward, 03:00", night, "2026-03-29 03:00", true},
		{"spring forward, 07:59 (a 9-hour night)", night, "2026-03-29 07:59", true},
		{"spring forward, 08:00", night, "2026-03-29 08:00", false},
		{"fall back, 02:30", night, "2026-10-25 02:30", true},
		{"fall back, 08:00 (an 11-hour night)", night, "2026-10-25 08:00", false},
		{"fall back, 07:59", night, "2026-10-25 07:59", true},
	}
	for _, c := range cases {
		if got := QuietAt(c.q, at(c.at)); got != c.want {
			t.Errorf("%s: QuietAt(%s) = %v, want %v", c.name, c.at, got, c.want)
		}
	}
	// The second 02:30 of the fall-back night (after the clocks went back)
	// is quiet too: the wall clock, not the instant, decides.
	one := at("2026-10-25 02:30")
	for _, v := range []time.Time{one, one.Add(-time.Hour), one.Add(time.Hour)} {
		if v.Hour() == 2 && !QuietAt(night, v) {
			t.Errorf("%s not quiet", v)
		}
	}
	if one.Add(-time.Hour).Hour() != 2 && one.Add(time.Hour).Hour() != 2 {
		t.Fatalf("no second 02:30 around %s: the test's premise is wrong", one)
	}
}

func TestSnoozeEnd(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	now := time.Date(2026, 3, 28, 23, 0, 0, 0, berlin) // the night the clocks go forward
	cases := map[string]time.Time{
		Snooze1h:       now.Add(time.Hour),
		Snooze4h:       now.Add(4 * time.Hour),
		Snooze8h:       now.Add(8 * time.Hour),
		SnoozeTomorrow: time.Date(2026, 3, 29, 8, 0, 0, 0, berlin),
	}
	for choice, want := range cases {
		got, err := SnoozeEnd(choice, now)
		if err != nil || !got.Equal(want) {
			t.Errorf("SnoozeEnd(%s) = %v, %v; want %v", choice, got, err, want)
		}
	}
	if got, _ := SnoozeEnd(SnoozeTomorrow, now); got.Sub(now) != 8*time.Hour {
		t.Errorf("until tomorrow across spring forward lasts %s, want 8h of real time", got.Sub(now))
	}
	if _, err := SnoozeEnd("2h", now); err == nil {
		t.Error("2h accepted")
	}
}

func TestQuietEnd(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, berlin)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	night := config.QuietHours{From: "22:00", To: "08:00"}
	nightsAndWeekends := config.QuietHours{From: "22:00", To: "08:00", Weekends: true}
	cases := []struct {
		q        config.QuietHours
		at, want string // want "" = not quiet
	}{
		{night, "2026-11-27 23:10", "2026-11-28 08:00"},
		{night, "2026-11-28 07:59", "2026-11-28 08:00"},
		{night, "2026-11-28 12:00", ""},
		{nightsAndWeekends, "2026-11-27 22:30", "2026-11-30 08:00"}, // Friday night to Monday morning
		{night, "2026-03-29 01:00", "2026-03-29 08:00"},             // spring forward
		{night, "2026-10-25 01:00", "2026-10-25 08:00"},             // fall back
	}
	for _, c := range cases {
		end, ok := QuietEnd(c.q, at(c.at))
		if c.want == "" {
			if ok {
				t.Errorf("QuietEnd(%s) = %s, want not quiet", c.at, end)
			}
			continue
		}
		if !ok || !end.Equal(at(c.want)) {
			t.Errorf("QuietEnd(%s) = %s, %v; want %s", c.at, end, ok, c.want)
		}
	}
}
