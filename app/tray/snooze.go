package tray

import (
	"fmt"
	"log"
	"path/filepath"
	"time"

	"fyne.io/systray"

	"github.com/gatewatch/gatewatch/monitor"
	"github.com/gatewatch/gatewatch/monitor/logfile"
)

// Notification buttons for snoozing: the site the message is about, or
// (network messages) everything.
const (
	ActionSnooze    = "snooze-1h"
	ActionSnoozeAll = "snooze-all-1h"
)

// snoozeFile is the snoozes' state file, beside the log (the OS's state
// directory): a restart keeps a snooze, and config.toml stays settings.
const snoozeFile = "snooze.json"

func defaultSnoozePath() string {
	dir, err := logfile.Dir()
	if err != nil {
		log.Printf("gatewatch: %v (snoozes will not survive a restart)", err)
		return ""
	}
	return filepath.Join(dir, snoozeFile)
}

// loadSnoozes gives the policy the snoozes saved by the last run.
func (t *trayApp) loadSnoozes() {
	if t.snoozePath == "" {
		return
	}
	s, err := monitor.LoadSnoozes(t.snoozePath)
	if err != nil {
		log.Printf("gatewatch: %v (starting without snoozes)", err)
		return
	}
	t.policy.SetSnoozes(s.Pruned(time.Now()))
}

// snooze silences url ("" = everything) for choice ("1h"…"tomorrow", or
// "" to lift it), saves that, and redraws.
func (t *trayApp) snooze(url, choice string, now time.Time) error {
	var end time.Time
	if choice != "" {
		var err error
		if end, err = monitor.SnoozeEnd(choice, now); err != nil {
			return err
		}
	}
	s := t.policy.Snooze(url, end)
	if t.snoozePath != "" {
		if err := monitor.SaveSnoozes(t.snoozePath, s, now); err != nil {
			return err
		}
	}
	t.refresh()
	return nil
}

// snoozeLabels are the menu's words for monitor.SnoozeChoices.
var snoozeLabels = map[string]string{
	monitor.Snooze1h:       "for 1 hour",
	monitor.Snooze4h:       "for 4 hours",
	monitor.Snooze8h:       "for 8 hours",
	monitor.SnoozeTomorrow: "until tomorrow",
}

// SnoozeTitle is the title of a snooze submenu: "Snooze all sites" or,
// while snoozed, with the time it ends ("All sites snoozed until 15:04";
// a weekday is added when that is not today).
func SnoozeTitle(name string, until time.Time, on bool, now time.Time) string {
	if !on {
		return "Snooze " + name
	}
	return name + " snoozed until " + clockOrDay(until, now)
}

func clockOrDay(at, now time.Time) string {
	at = at.In(now.Location())
	y1, m1, d1 := at.Date()
	y2, m2, d2 := now.Date()
	if y1 == y2 && m1 == m2 && d1 == d2 {
		return at.Format("15:04")
	}
	return at.Format("Mon 15:04")
}

// snoozeMenu is one "Snooze …" submenu (all sites, or one site).
type snoozeMenu struct {
	url    string // "" = all
	name   string
	parent *systray.MenuItem
	resume *systray.MenuItem
	title  string
}

// addSnoozeMenus adds "Snooze all sites" and one submenu per site, and
// returns them with what their items do. Called with t.mu held, from
// buildMenu.
func (t *trayApp) addSnoozeMenus(statuses []monitor.SiteStatus) ([]*snoozeMenu, []menuAction) {
	var clicks []menuAction
	all := &snoozeMenu{name: "all sites", parent: systray.AddMenuItem("Snooze all sites", "No notifications for a while; the icon still shows the state")}
	menus := []*snoozeMenu{all}
	if len(statuses) > 0 {
		sites := systray.AddMenuItem("Snooze one site", "No notifications about one site for a while")
		for _, s := range statuses {
			name := DisplayName(s)
			menus = append(menus, &snoozeMenu{url: s.URL, name: name, parent: sites.AddSubMenuItem("Snooze "+name, "")})
		}
	}
	for _, sm := range menus {
		sm.title = "Snooze " + sm.name
		for _, c := range monitor.SnoozeChoices {
			item := sm.parent.AddSubMenuItem(snoozeLabels[c], "")
			clicks = append(clicks, menuAction{item, func() { t.snoozeClicked(sm.url, c) }})
		}
		sm.resume = sm.parent.AddSubMenuItem("Notify again now", "End the snooze")
		sm.resume.Hide()
		clicks = append(clicks, menuAction{sm.resume, func() { t.snoozeClicked(sm.url, "") }})
	}
	return menus, clicks
}

func (t *trayApp) snoozeClicked(url, choice string) {
	if err := t.snooze(url, choice, time.Now()); err != nil {
		log.Printf("gatewatch: %v", err)
	}
}

// refreshSnoozes retitles the snooze submenus. Called with t.mu held.
func refreshSnoozes(menus []*snoozeMenu, s monitor.Snoozes, now time.Time) {
	for _, sm := range menus {
		until, on := s.Until(sm.url, now)
		if sm.url != "" {
			// A site's own submenu speaks of its own snooze; the
			// all-sites one is shown on its own item.
			until, on = s.Sites[sm.url], s.Sites[sm.url].After(now)
		}
		title := SnoozeTitle(sm.name, until, on, now)
		if sm.url == "" && on {
			title = "All sites snoozed until " + clockOrDay(until, now)
		}
		if title == sm.title {
			continue
		}
		sm.parent.SetTitle(title)
		if on {
			sm.resume.Show()
		} else {
			sm.resume.Hide()
		}
		sm.title = title
	}
}

// snoozedSuffix is added to a site's menu line while its notifications
// are snoozed.
func snoozedSuffix(s monitor.Snoozes, url string, now time.Time) string {
	if until, on := s.Until(url, now); on {
		return fmt.Sprintf(" (snoozed until %s)", clockOrDay(until, now))
	}
	return ""
}
