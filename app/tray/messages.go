package tray

import (
	"fmt"
	"strings"

	"github.com/gatewatch/gatewatch/checks"
	"github.com/gatewatch/gatewatch/monitor"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// Message is one desktop notification.
type Message struct {
	Key     string // notifications with the same key replace each other
	Icon    string // freedesktop icon name
	Summary string
	Body    string
	Site    string   // the site it is about, for its actions
	Actions []Action // buttons, where the desktop shows them
}

// Action is a notification button.
type Action struct{ Key, Label string }

// Buttons on a site that is down: look closer, or wait for it.
var siteActions = []Action{
	{ActionDefault, "Diagnose"},
	{ActionDiagnose, "Diagnose"},
	{ActionNotifyBack, "Tell me when it's back"},
	{ActionSnooze, "Snooze 1 h"},
}

// networkKey groups the network notifications: "back" replaces "down".
const networkKey = "network"

// MessageFor turns a monitor event into a notification. Site events speak
// of one site; network events speak once for all the sites they affect.
func MessageFor(ev monitor.Event) Message {
	switch ev.Kind {
	case monitor.EventDown, monitor.EventChanged:
		st := ev.Status
		name := DisplayName(st)
		m := Message{Key: st.URL, Icon: "dialog-error", Body: explain(st.Last), Site: st.URL, Actions: siteActions}
		switch {
		case ev.Kind == monitor.EventDown && st.Last.Rule == "world-down" && st.Last.World != nil:
			// The second opinion confirmed it (monitor/world).
			m.Summary = fmt.Sprintf("%s is down for everyone (%d of %d places)", name, st.Last.World.Agreed, st.Last.World.Places)
		case ev.Kind == monitor.EventDown && st.Side == verdict.SideServer:
			m.Summary = name + " is down on its side"
		case ev.Kind == monitor.EventDown:
			m.Summary = name + " is down; can't tell whose side"
		case st.Side == verdict.SideServer:
			m.Summary = name + " is still down on its side" + atHop(st.Hop)
		default:
			m.Summary = name + " is still down; now can't tell whose side"
		}
		return m
	case monitor.EventRefused:
		st := ev.Status
		return Message{
			Key: st.URL, Icon: "dialog-warning", Site: st.URL,
			Summary: refusedHeadline(st), Body: explain(st.Last),
			Actions: []Action{{ActionDefault, "Diagnose"}, {ActionDiagnose, "Diagnose"}},
		}
	case monitor.EventBack:
		return Message{
			Key: ev.Status.URL, Icon: "dialog-information", Site: ev.Status.URL,
			Summary: DisplayName(ev.Status) + " is back after " + checks.HumanDuration(ev.Duration),
			Body:    "It answers normally again.",
			Actions: []Action{{ActionDefault, "Details"}},
		}
	case monitor.EventNetworkDown, monitor.EventNetworkChanged:
		np := ev.Network
		if np == nil {
			return Message{Key: networkKey, Icon: "network-error", Summary: "Your internet connection has a problem"}
		}
		m := Message{
			Key: networkKey, Icon: "network-error",
			Summary: networkHeadline(np.Hop) + " — " + plural(len(np.Affected), "site", "sites") + " affected",
			Body:    explain(np.Verdict),
		}
		if len(np.Affected) > 0 {
			// The site whose evidence the body explains: Affected also
			// lists sites failing at other user-side hops.
			m.Site = np.Verdict.URL
			if m.Site == "" {
				m.Site = np.Affected[0]
			}
			m.Actions = []Action{{ActionDefault, "Diagnose"}, {ActionDiagnose, "Diagnose"}}
		}
		m.Actions = append(m.Actions, Action{ActionSnoozeAll, "Snooze all 1 h"})
		if ev.Kind == monitor.EventNetworkChanged {
			m.Body = "The problem moved. " + m.Body
		}
		return m
	case monitor.EventNetworkBack:
		m := Message{Key: networkKey, Icon: "network-transmit-receive", Summary: "Your internet connection is back"}
		if ev.Duration > 0 {
			m.Summary += " after " + checks.HumanDuration(ev.Duration)
		}
		if ev.Network != nil && len(ev.Network.Affected) > 0 {
			m.Body = plural(len(ev.Network.Affected), "site was", "sites were") + " affected."
		}
		return m
	}
	return Message{Summary: "gatewatch: " + string(ev.Kind)}
}

// explain is the verdict's summary and, on its own line, the first thing
// to do about it.
func explain(v verdict.Verdict) string {
	lines := []string{}
	if v.Summary != "" {
		lines = append(lines, v.Summary)
	}
	if len(v.Fixes) > 0 {
		lines = append(lines, v.Fixes[0].Title)
	}
	return strings.Join(lines, "\n")
}

// refusedHeadline says why a site that is not down does not serve this
// computer: "chatgpt.com refuses this computer's address (you are on a
// VPN: try without it)", or a filter on the user's network blocks it.
func refusedHeadline(st monitor.SiteStatus) string {
	name := DisplayName(st)
	switch st.Last.Rule {
	case "access-refused":
		h := name + " refuses this computer's address"
		if a := verdict.RefusalAdvice(st.Last); a != "" {
			h += " (" + a + ")"
		}
		return h
	case "filter-blocked":
		by := "A security filter on your network"
		if st.Last.ErrorPageBy != "" {
			by += " (" + st.Last.ErrorPageBy + ")"
		}
		return by + " blocks " + name
	}
	return name + " does not serve this computer"
}

func atHop(h verdict.Hop) string {
	if h == verdict.HopNone || h == "" {
		return ""
	}
	return " (now: " + string(h) + ")"
}

// networkHeadline names the user-side problem by where it sits.
func networkHeadline(h verdict.Hop) string {
	switch h {
	case verdict.HopLink:
		return "Your network connection is down"
	case verdict.HopRouter:
		return "Your router is not answering"
	case verdict.HopDNS:
		return "Name lookups (DNS) fail on your side"
	case verdict.HopVPN:
		return "Your VPN is in the way"
	case verdict.HopProxy:
		return "Your proxy is failing"
	case verdict.HopCaptive:
		return "This network wants you to sign in"
	case verdict.HopClock:
		return "Your computer's clock is wrong"
	case verdict.HopFirewall:
		return "A firewall on your side blocks the connection"
	}
	return "Your internet connection is down"
}

// BackMessage answers a "tell me when it's back" for a site that was never
// confirmed down (so there is no outage length to tell).
func BackMessage(s monitor.SiteStatus) Message {
	return Message{
		Key: s.URL, Icon: "dialog-information", Site: s.URL,
		Summary: DisplayName(s) + " is back",
		Body:    "It answers normally again, as you asked to be told.",
		Actions: []Action{{ActionDefault, "Details"}},
	}
}

// FirstRunMessage greets a new user once: what is watched and where the
// icon went (many desktops hide tray icons in an overflow area).
func FirstRunMessage(sites int) Message {
	return Message{
		Key: "hello", Icon: "dialog-information",
		Summary: "gatewatch is watching " + plural(sites, "site", "sites"),
		Body: "Its icon is in the top bar's status area (the system tray). You will hear from it only when a site or your connection fails.\n" +
			"Open Settings to change the sites or start gatewatch at login.",
		Actions: []Action{{ActionDefault, "Settings"}, {ActionSettings, "Settings…"}},
	}
}

// CorruptConfigMessage says the config could not be read at start.
func CorruptConfigMessage(path string) Message {
	return Message{
		Key: "config", Icon: "dialog-warning",
		Summary: "gatewatch's settings file was invalid",
		Body:    "It was kept as a backup next to " + path + "; gatewatch is using the default sites until you save your settings.",
		Actions: []Action{{ActionDefault, "Settings"}, {ActionSettings, "Settings…"}},
	}
}

// InvalidConfigMessage says a changed config was not applied.
func InvalidConfigMessage(path string, err error) Message {
	return Message{
		Key: "config", Icon: "dialog-warning",
		Summary: "Settings not applied: " + path + " has an error",
		Body:    err.Error() + "\ngatewatch keeps the previous settings until the file is fixed.",
		Actions: []Action{{ActionDefault, "Settings"}, {ActionSettings, "Settings…"}},
	}
}
