package tray

import (
	"strings"
	"time"

	"github.com/gatewatch/gatewatch/checks"
	"github.com/gatewatch/gatewatch/monitor"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// awayKey groups the quiet-hours summaries.
const awayKey = "away"

// AwayMessage is the one notification when quiet hours end: "While you
// were away: chatgpt.com was down on its side for 14 min, 02:10–02:24".
// Several outages are one line each in the body.
func AwayMessage(outages []monitor.AwayOutage, now time.Time) Message {
	m := Message{Key: awayKey, Icon: "dialog-information"}
	lines := make([]string, len(outages))
	for i, o := range outages {
		lines[i] = awayLine(o, now)
	}
	if len(lines) == 1 {
		m.Summary = "While you were away: " + lines[0]
		if o := outages[0]; o.Network == nil && o.Status.URL != "" {
			m.Site = o.Status.URL
			m.Actions = []Action{{ActionDefault, "Details"}}
		}
		return m
	}
	m.Summary = "While you were away: " + plural(len(lines), "problem", "problems")
	m.Body = strings.Join(lines, "\n")
	return m
}

// awayLine is one outage in words, with its span in local wall-clock time.
func awayLine(o monitor.AwayOutage, now time.Time) string {
	what, was, is := awayWhat(o)
	start := o.Start.In(now.Location()).Format("15:04")
	if o.End.IsZero() {
		return what + " " + is + " since " + start + " (" + checks.HumanDuration(now.Sub(o.Start)) + ")"
	}
	return what + " " + was + " for " + checks.HumanDuration(o.End.Sub(o.Start)) + ", " + start + "–" + o.End.In(now.Location()).Format("15:04")
}

// awayWhat names the outage's subject and its state in the past and the
// present tense.
func awayWhat(o monitor.AwayOutage) (what, was, is string) {
	if o.Network != nil {
		return "your connection", "had a problem" + hopIn(o.Network.Hop), "has a problem" + hopIn(o.Network.Hop)
	}
	name := DisplayName(o.Status)
	switch {
	case o.Kind == monitor.EventRefused:
		return name, "refused this computer", "refuses this computer"
	case o.Status.Side == verdict.SideServer:
		return name, "was down on its side", "is down on its side"
	}
	return name, "was down (side unclear)", "is down (side unclear)"
}

func hopIn(h verdict.Hop) string {
	if h == "" || h == verdict.HopNone {
		return ""
	}
	return " (" + string(h) + ")"
}

// ReminderMessage repeats a notification for something still down
// (notify.remind_every): the original message, said as a reminder.
func ReminderMessage(n monitor.Notification, now time.Time) Message {
	m := MessageFor(n.Event)
	m.Summary = "Still: " + m.Summary
	m.Body = "Down for " + checks.HumanDuration(now.Sub(n.Since)) + ". " + m.Body
	return m
}

// StillDownAfter is how long a site stays down before the menu says so on
// a line of its own: the quiet alternative to repeated pop-ups.
const StillDownAfter = time.Hour

// StillDownLine is that menu line ("Still down after 1 h: ChatGPT,
// GitHub"), or "" when nothing has been down that long.
func StillDownLine(statuses []monitor.SiteStatus, now time.Time) string {
	var names []string
	for _, s := range statuses {
		if s.State == monitor.StateDown && !s.DownSince.IsZero() && now.Sub(s.DownSince) >= StillDownAfter {
			names = append(names, DisplayName(s))
		}
	}
	if len(names) == 0 {
		return ""
	}
	return "Still down after " + checks.HumanDuration(StillDownAfter) + ": " + strings.Join(names, ", ")
}

// QuietLine is the menu's line during quiet hours ("Quiet hours: no
// pop-ups until 08:00"), so silence is never mistaken for "all is well
// and nothing would tell me"; "" outside them.
func QuietLine(end time.Time, quiet bool, now time.Time) string {
	if !quiet {
		return ""
	}
	return "Quiet hours: no pop-ups until " + clockOrDay(end, now)
}
