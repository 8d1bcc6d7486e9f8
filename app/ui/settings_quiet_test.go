package ui

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/gatewatch/gatewatch/monitor/config"
)

func TestSettingsQuietRoundTrip(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	cases := []config.NotifyConfig{
		{},
		{About: config.AboutTheir, MinDuration: config.Duration{Duration: 5 * time.Minute}, RemindEvery: config.Duration{Duration: 30 * time.Minute}},
		{About: config.AboutMine, Quiet: config.QuietHours{From: "22:00", To: "08:00"}},
		{Quiet: config.QuietHours{From: "23:30", To: "07:15", Days: []string{"mon", "tue", "wed", "thu", "sun"}, Weekends: true}},
		{RemindEvery: config.Duration{Duration: 90 * time.Minute}, Quiet: config.QuietHours{Weekends: true}},
	}
	for _, n := range cases {
		got, err := newQuietSection(n).collect()
		if err != nil || !reflect.DeepEqual(got, n) {
			t.Errorf("round trip of %+v: got %+v, %v", n, got, err)
		}
	}
}

func TestSettingsQuietSavedAndValidated(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	sv := &saver{}
	s := newSettingsView(a, labConfig(), sv.save, SettingsHooks{})
	q := s.quiet
	test.Tap(q.quietOn)
	test.Type(q.from, "22:00")
	test.Type(q.to, "8:00")
	test.Tap(q.days[5]) // Saturday night stays loud
	test.Tap(q.weekends)
	q.about.SetSelected(aboutChoices[1].label)
	test.Type(q.minDuration, "10m")
	s.doSave()
	if len(sv.saved) != 1 {
		t.Fatalf("not saved: %s", s.status.Text)
	}
	want := config.NotifyConfig{About: config.AboutTheir, MinDuration: config.Duration{Duration: 10 * time.Minute},
		Quiet: config.QuietHours{From: "22:00", To: "8:00", Days: []string{"mon", "tue", "wed", "thu", "fri", "sun"}, Weekends: true}}
	if got := sv.saved[0].Notify; !reflect.DeepEqual(got, want) {
		t.Errorf("saved %+v, want %+v", got, want)
	}

	bad := []struct {
		set  func()
		want string
	}{
		{func() { q.remind.SetText("5m") }, "remind_every 5m0s is below the minimum of 15m0s"},
		{func() { q.remind.SetText("often") }, `remind me every "often"`},
		{func() { q.to.SetText("25:00") }, `quiet.to: "25:00" is not a time of day`},
		{func() { q.to.SetText("") }, "give both times"},
		{func() {
			for _, c := range q.days {
				c.SetChecked(false)
			}
		}, "tick at least one day"},
	}
	for _, b := range bad {
		s := newSettingsView(a, sv.saved[0], sv.save, SettingsHooks{})
		q = s.quiet
		b.set()
		if !strings.Contains(q.err.Text, b.want) || q.err.Hidden {
			t.Errorf("field error %q (hidden %v), want %q", q.err.Text, q.err.Hidden, b.want)
		}
		n := len(sv.saved)
		s.doSave()
		if len(sv.saved) != n || !strings.Contains(s.status.Text, b.want) {
			t.Errorf("saved despite %q: status %q", b.want, s.status.Text)
		}
	}
}
