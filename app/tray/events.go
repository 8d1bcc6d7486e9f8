package tray

import (
	"fmt"
	"log"
	"slices"
	"time"

	"github.com/gatewatch/gatewatch/app/control"
	"github.com/gatewatch/gatewatch/monitor"
	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/verdict"
	"github.com/gatewatch/gatewatch/monitor/world"
)

// Notification action keys. "default" is what the desktop sends when the
// notification itself is clicked.
const (
	ActionDefault    = "default"
	ActionDiagnose   = "diagnose"
	ActionNotifyBack = "notify-back"
	ActionSettings   = "settings"
)

// onEvent runs on the monitor's goroutine: it queues the notification
// (never blocking) and refreshes the menu.
func (t *trayApp) onEvent(ev monitor.Event) {
	url := ev.Status.URL
	t.mu.Lock()
	armed := url != "" && ev.Kind == monitor.EventBack && t.armed[url]
	if armed {
		delete(t.armed, url)
	}
	t.mu.Unlock()
	muted := t.muted(url)
	d := monitor.Dropped
	if !muted {
		// Asked even when armed: the policy keeps track of what is open.
		d = t.policy.Decide(ev, time.Now())
	}
	if armed {
		// Asked for explicitly: said even when muted, snoozed or quiet.
		t.notify(MessageFor(ev), true)
		t.dropTransient(url)
	} else if d == monitor.DeliverNow {
		t.notify(MessageFor(ev), false)
	}
	t.refresh()
}

// notifyDue sends what the policy says is due after a round: outages that
// have lasted notify.min_duration, reminders, and the summary when quiet
// hours end.
func (t *trayApp) notifyDue(now time.Time, statuses []monitor.SiteStatus) {
	due, away := t.policy.Due(now)
	for _, n := range due {
		if t.muted(n.Event.Status.URL) || !stillFailing(n.Event, statuses) {
			continue // muted since it began, or over without a "back"
		}
		if n.Reminder {
			t.notify(ReminderMessage(n, now), false)
		} else {
			t.notify(MessageFor(n.Event), false)
		}
	}
	away = slices.DeleteFunc(away, func(a monitor.AwayOutage) bool { return a.Network == nil && t.muted(a.Status.URL) })
	if len(away) > 0 {
		t.notify(AwayMessage(away, now), false)
	}
}

// onRound runs after every round of checks: it redraws, and keeps the
// "tell me when it's back" promises for sites that recovered without ever
// being confirmed down (still suspect, or only watched since the request).
func (t *trayApp) onRound() {
	var back []monitor.SiteStatus
	statuses := t.mon.Statuses()
	t.mu.Lock()
	for _, s := range statuses {
		if t.armed[s.URL] && s.State == monitor.StateOK {
			delete(t.armed, s.URL)
			back = append(back, s)
		}
	}
	t.mu.Unlock()
	for _, s := range back {
		t.notify(BackMessage(s), true)
		t.dropTransient(s.URL)
	}
	t.notifyDue(time.Now(), statuses)
	t.refresh()
}

// notify sends m unless notifications are off; forced messages (answers
// to something the user asked for) go out regardless.
func (t *trayApp) notify(m Message, forced bool) {
	if t.notifier == nil {
		return
	}
	if !forced && !t.currentConfig().NotificationsEnabled() {
		return
	}
	t.notifier.Send(m)
}

// muted reports whether url's notifications are silenced in the config.
func (t *trayApp) muted(url string) bool {
	if url == "" {
		return false
	}
	s, ok := t.currentConfig().Site(url)
	return ok && s.Mute
}

// stillFailing reports whether a due notification's site is still in
// trouble by the latest round (network events: always, the network
// tracker has its own "back").
func stillFailing(ev monitor.Event, statuses []monitor.SiteStatus) bool {
	if ev.Network != nil || ev.Status.URL == "" {
		return true
	}
	for _, s := range statuses {
		if s.URL == ev.Status.URL {
			return s.State == monitor.StateDown || s.State == monitor.StateRefused
		}
	}
	return false
}

// onAction handles a click on a notification's button.
func (t *trayApp) onAction(m Message, action string) {
	switch action {
	case ActionDefault:
		if m.Site != "" {
			t.openDiagnosis(m.Site)
		} else if slices.ContainsFunc(m.Actions, func(a Action) bool { return a.Key == ActionSettings }) {
			t.openSettings()
		}
	case ActionDiagnose:
		if m.Site != "" {
			t.openDiagnosis(m.Site)
		}
	case ActionNotifyBack:
		if m.Site != "" {
			if msg, err := t.armBack(m.Site); err != nil {
				log.Printf("gatewatch: %v", err)
			} else {
				log.Printf("gatewatch: %s", msg)
			}
		}
	case ActionSettings:
		t.openSettings()
	case ActionSnooze, ActionSnoozeAll:
		url := m.Site
		if action == ActionSnoozeAll {
			url = ""
		}
		if err := t.snooze(url, monitor.Snooze1h, time.Now()); err != nil {
			log.Printf("gatewatch: %v", err)
		}
	}
}

// handle answers the control socket (windows, a second start).
func (t *trayApp) handle(req control.Request) control.Reply {
	switch req.Cmd {
	case control.CmdPing:
		return control.Reply{OK: true}
	case control.CmdOpenSettings:
		t.openSettings()
		return control.Reply{OK: true, Message: "opened the settings window"}
	case control.CmdCheckNow:
		t.mon.CheckNow(time.Now())
		return control.Reply{OK: true, Message: "checking every site again"}
	case control.CmdPause:
		t.mon.Pause(time.Now(), PauseFor)
		t.refresh()
		return control.Reply{OK: true, Message: "paused for " + PauseFor.String()}
	case control.CmdResume:
		t.mon.Resume()
		t.refresh()
		return control.Reply{OK: true, Message: "resumed"}
	case control.CmdNotifyBack:
		msg, err := t.armBack(req.URL)
		if err != nil {
			return control.Reply{Error: err.Error()}
		}
		return control.Reply{OK: true, Message: msg}
	case control.CmdStatus:
		now := time.Now()
		var lines []string
		for _, s := range t.mon.Statuses() {
			lines = append(lines, SiteLine(s, now))
		}
		return control.Reply{OK: true, Lines: lines}
	}
	return control.Reply{Error: fmt.Sprintf("unknown command %q", req.Cmd)}
}

// armBack promises one notification when rawURL answers again. A site not
// in the watch list is watched (gently, with the usual backoff) until then.
func (t *trayApp) armBack(rawURL string) (string, error) {
	u, err := config.ParseTarget(rawURL)
	if err != nil {
		return "", err
	}
	url := u.String()
	name := config.SiteName("", url)
	watched := false
	for _, s := range t.mon.Statuses() {
		if s.URL != url {
			continue
		}
		watched, name = true, DisplayName(s)
		if s.State == monitor.StateOK {
			return name + " answers right now; nothing to wait for", nil
		}
	}
	t.mu.Lock()
	t.armed[url] = true
	var cfg config.Config
	if !watched {
		t.transient = append(t.transient, config.Site{URL: url})
		cfg = t.cfg
	}
	t.mu.Unlock()
	if !watched {
		if err := t.applyConfig(cfg); err != nil {
			return "", err
		}
	}
	return "I'll tell you when " + name + " is back", nil
}

// dropTransient stops watching a site that was watched only to say it is
// back.
func (t *trayApp) dropTransient(url string) {
	t.mu.Lock()
	n := len(t.transient)
	t.transient = slices.DeleteFunc(t.transient, func(s config.Site) bool { return s.URL == url })
	changed := len(t.transient) != n
	cfg := t.cfg
	t.mu.Unlock()
	if changed {
		if err := t.applyConfig(cfg); err != nil {
			log.Printf("gatewatch: %v", err)
		}
	}
}

// onConfigFile applies a config saved by the settings window or by hand.
// A broken file is reported and ignored: the running setup stays.
func (t *trayApp) onConfigFile(cfg config.Config, err error) {
	if err != nil {
		log.Printf("gatewatch: config %s: %v (keeping the current settings)", t.cfgPath, err)
		t.notify(InvalidConfigMessage(t.cfgPath, err), true)
		return
	}
	if err := t.applyConfig(cfg); err != nil {
		log.Printf("gatewatch: %v", err)
		t.notify(InvalidConfigMessage(t.cfgPath, err), true)
		return
	}
	log.Printf("gatewatch: applied the changed config %s", t.cfgPath)
}

// applyConfig makes cfg (plus the transient sites) the running config.
func (t *trayApp) applyConfig(cfg config.Config) error {
	opt, err := verdict.BuildOptions(cfg, nil, nil)
	if err != nil {
		return fmt.Errorf("config %s: %w", t.cfgPath, err)
	}
	world.Attach(&opt, cfg.World)
	t.mu.Lock()
	run := cfg
	run.Sites = slices.Clone(cfg.Sites)
	for _, s := range t.transient {
		if _, ok := run.Site(s.URL); !ok {
			run.Sites = append(run.Sites, s)
		}
	}
	t.mu.Unlock()
	if err := t.mon.SetConfig(run, opt, time.Now()); err != nil {
		return err
	}
	t.policy.Keep(siteURLs(t.mon.Statuses()))
	t.mu.Lock()
	t.cfg = cfg
	t.mu.Unlock()
	t.policy.SetConfig(cfg.Notify)
	t.refresh()
	return nil
}
