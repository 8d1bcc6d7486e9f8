package monitor

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// step is one moment of a policy scenario: an event (checked against want,
// a Delivery) or, with ev empty, a Due call (checked against want, the
// notifications and summary as text).
type step struct {
	at   string // "15:04" on 2026-11-27 (a Friday), or "+1 15:04" a day later
	ev   string // "down a", "changed a", "back a", "refused a", "net-down", "net-back", "snooze a 1h"…
	want string
}

func TestNotifyPolicy(t *testing.T) {
	night := config.QuietHours{From: "22:00", To: "08:00"}
	cases := []struct {
		name  string
		cfg   config.NotifyConfig
		steps []step
	}{
		{"default: everything at once, back too", config.NotifyConfig{}, []step{
			{"10:00", "down a", "now"}, {"10:05", "changed a", "now"}, {"10:20", "back a", "now"},
			{"10:00", "net-down", "now"}, {"10:01", "net-back", "now"},
			{"10:30", "", ""}, // no reminders by default
		}},
		{"their side only", config.NotifyConfig{About: config.AboutTheir}, []step{
			{"10:00", "down a", "now"}, {"10:00", "net-down", "dropped"}, {"10:01", "net-back", "dropped"},
			{"10:00", "refused b", "dropped"},
		}},
		{"my side only", config.NotifyConfig{About: config.AboutMine}, []step{
			{"10:00", "down a", "dropped"}, {"10:10", "back a", "dropped"},
			{"10:00", "net-down", "now"}, {"10:05", "net-back", "now"}, {"10:06", "refused b", "now"},
		}},
		{"min duration: short outage never said", config.NotifyConfig{MinDuration: config.Duration{Duration: 10 * time.Minute}}, []step{
			{"10:00", "down a", "held"}, {"10:05", "", ""}, {"10:06", "back a", "dropped"}, {"10:20", "", ""},
		}},
		{"min duration: long outage said once it lasted", config.NotifyConfig{MinDuration: config.Duration{Duration: 10 * time.Minute}}, []step{
			{"10:00", "down a", "held"}, {"10:09", "", ""}, {"10:04", "changed a", "held"}, {"10:10", "", "now down a(server)"},
			{"10:11", "", ""}, {"10:30", "back a", "now"},
		}},
		{"reminders at most every 30 min", config.NotifyConfig{RemindEvery: config.Duration{Duration: 30 * time.Minute}}, []step{
			{"10:00", "down a", "now"}, {"10:29", "", ""}, {"10:30", "", "remind down a(server)"}, {"10:45", "", ""},
			{"10:50", "changed a", "now"}, {"11:19", "", ""}, {"11:20", "", "remind down a(server)"}, {"11:25", "back a", "now"}, {"12:30", "", ""},
		}},
		{"quiet hours: one summary when they end", config.NotifyConfig{Quiet: night}, []step{
			{"21:59", "", ""},
			{"+1 02:10", "down a", "deferred"}, {"+1 02:15", "changed a", "deferred"}, {"+1 02:24", "back a", "deferred"},
			{"+1 03:00", "net-down", "deferred"}, {"+1 07:59", "", ""},
			{"+1 08:00", "", "summary down a 02:10–02:24; network-down 03:00–"},
			{"+1 08:01", "", ""}, {"+1 08:30", "net-back", "now"}, // said in the summary, so its end is said
		}},
		{"quiet hours: told before, back during, said in the summary", config.NotifyConfig{Quiet: night}, []step{
			{"21:00", "down a", "now"}, {"22:30", "changed a", "dropped"}, {"23:00", "back a", "deferred"},
			{"+1 08:00", "", "summary down a 21:00–23:00"},
		}},
		{"quiet hours: no reminders, nothing to summarise", config.NotifyConfig{Quiet: night, RemindEvery: config.Duration{Duration: 15 * time.Minute}}, []step{
			{"21:50", "down a", "now"}, {"22:05", "", ""}, {"23:00", "", ""},
			{"+1 08:00", "", "remind down a(server)"},
		}},
		{"quiet hours and min duration: released into the summary", config.NotifyConfig{Quiet: night, MinDuration: config.Duration{Duration: 5 * time.Minute}}, []step{
			{"23:00", "down a", "held"}, {"23:05", "", ""}, {"+1 08:00", "", "summary down a 23:00–"},
			{"+1 08:10", "back a", "now"},
		}},
		{"snooze one site: others still said; told after it ends", config.NotifyConfig{}, []step{
			{"10:00", "snooze a 1h", ""}, {"10:05", "down a", "dropped"}, {"10:06", "down b", "now"},
			{"10:30", "changed a", "dropped"}, {"10:59", "", ""}, {"11:00", "", "now down a(server)"}, {"11:30", "back a", "now"},
		}},
		{"snooze one site: over before it ends, back not said", config.NotifyConfig{}, []step{
			{"10:00", "snooze a 4h", ""}, {"10:05", "down a", "dropped"}, {"10:10", "back a", "dropped"}, {"14:00", "", ""},
		}},
		{"snooze all covers the network", config.NotifyConfig{}, []step{
			{"10:00", "snooze * 1h", ""}, {"10:05", "net-down", "dropped"}, {"10:06", "down b", "dropped"},
			{"10:07", "net-back", "dropped"}, {"10:10", "back b", "dropped"},
		}},
		{"snooze after being told: the back is not said either", config.NotifyConfig{}, []step{
			{"10:00", "down a", "now"}, {"10:05", "snooze a 1h", ""}, {"10:06", "changed a", "dropped"}, {"10:10", "back a", "dropped"},
		}},
		{"lifting a snooze", config.NotifyConfig{}, []step{
			{"10:00", "snooze a 1h", ""}, {"10:01", "snooze a off", ""}, {"10:02", "down a", "now"},
		}},
		{"a site removed from the config is forgotten", config.NotifyConfig{RemindEvery: config.Duration{Duration: 30 * time.Minute}, Quiet: night}, []step{
			{"21:00", "down a", "now"}, {"21:10", "keep b", ""}, {"21:40", "", ""},
			{"23:00", "down b", "deferred"}, {"23:10", "down c", "deferred"}, {"23:20", "keep b", ""},
			{"+1 08:00", "", "summary down b 23:00–"},
		}},
		{"a back without a known outage (before the policy started)", config.NotifyConfig{About: config.AboutMine}, []step{
			{"10:00", "back a", "dropped"}, {"10:00", "net-back", "now"},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := NewNotifyPolicy(c.cfg)
			for i, s := range c.steps {
				now := stepTime(t, s.at)
				got := runStep(t, p, s.ev, now)
				if got != s.want {
					t.Errorf("step %d (%s %q): got %q, want %q", i, s.at, s.ev, got, s.want)
				}
			}
		})
	}
}

func stepTime(t *testing.T, at string) time.Time {
	day := 27
	if rest, ok := strings.CutPrefix(at, "+1 "); ok {
		day, at = 28, rest
	}
	hm, err := time.Parse("15:04", at)
	if err != nil {
		t.Fatal(err)
	}
	return time.Date(2026, 11, day, hm.Hour(), hm.Minute(), 0, 0, time.UTC)
}

func runStep(t *testing.T, p *NotifyPolicy, ev string, now time.Time) string {
	f := strings.Fields(ev)
	if len(f) == 0 {
		notes, summary := p.Due(now)
		var parts []string
		for _, n := range notes {
			w := "now"
			if n.Reminder {
				w = "remind"
			}
			parts = append(parts, fmt.Sprintf("%s %s %s(%s)", w, n.Event.Kind, host(n.Event.Status.URL), n.Event.Status.Side))
		}
		if len(summary) > 0 {
			var s []string
			for _, a := range summary {
				end := ""
				if !a.End.IsZero() {
					end = a.End.Format("15:04")
				}
				what := string(a.Kind) + " " + host(a.Status.URL)
				if a.Network != nil {
					what = string(a.Kind)
				}
				s = append(s, fmt.Sprintf("%s %s–%s", what, a.Start.Format("15:04"), end))
			}
			parts = append(parts, "summary "+strings.Join(s, "; "))
		}
		return strings.Join(parts, ", ")
	}
	site := func(name string) SiteStatus {
		return SiteStatus{URL: "https://" + name + ".example/", State: StateDown, Side: verdict.SideServer, DownSince: now}
	}
	net := &NetworkProblem{Since: now, Hop: verdict.HopRouter}
	var e Event
	switch f[0] {
	case "keep":
		var urls []string
		for _, n := range f[1:] {
			urls = append(urls, "https://"+n+".example/")
		}
		p.Keep(urls)
		return ""
	case "snooze":
		url := "https://" + f[1] + ".example/"
		if f[1] == "*" {
			url = ""
		}
		var end time.Time
		if f[2] != "off" {
			var err error
			if end, err = SnoozeEnd(f[2], now); err != nil {
				t.Fatal(err)
			}
		}
		p.Snooze(url, end)
		return ""
	case "down":
		e = Event{Kind: EventDown, Status: site(f[1])}
	case "changed":
		e = Event{Kind: EventChanged, Status: site(f[1])}
	case "back":
		e = Event{Kind: EventBack, Status: SiteStatus{URL: site(f[1]).URL, State: StateOK}}
	case "refused":
		s := site(f[1])
		s.State, s.Side = StateRefused, verdict.SideUser
		e = Event{Kind: EventRefused, Status: s}
	case "net-down":
		e = Event{Kind: EventNetworkDown, Network: net}
	case "net-back":
		e = Event{Kind: EventNetworkBack, Network: net}
	default:
		t.Fatalf("bad step %q", ev)
	}
	return string(p.Decide(e, now))
}

func host(url string) string {
	return strings.TrimSuffix(strings.TrimPrefix(url, "https://"), ".example/")
}
