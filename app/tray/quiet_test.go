package tray

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/monitor"
	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// sentNotes is a Notifier that keeps what it was asked to show.
type sentNotes struct {
	mu   sync.Mutex
	msgs []Message
}

func (s *sentNotes) Send(m Message) { s.mu.Lock(); s.msgs = append(s.msgs, m); s.mu.Unlock() }
func (s *sentNotes) Close() error   { return nil }
func (s *sentNotes) summaries() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, m := range s.msgs {
		out = append(out, m.Summary)
	}
	return out
}

func downEvent(url string, at time.Time) monitor.Event {
	return monitor.Event{Kind: monitor.EventDown, Status: monitor.SiteStatus{
		URL: url, State: monitor.StateDown, Side: verdict.SideServer, DownSince: at,
	}}
}

func TestTrayAsksThePolicy(t *testing.T) {
	site := config.Site{URL: "https://chatgpt.com/"}
	tr := newTestTray(t, site)
	sent := &sentNotes{}
	tr.notifier = sent
	tr.policy.SetConfig(config.NotifyConfig{About: config.AboutMine})
	tr.onEvent(downEvent(site.URL, time.Now()))
	if got := sent.summaries(); len(got) != 0 {
		t.Errorf("my-side only, yet a site outage popped up: %q", got)
	}
	// "Tell me when it's back" is an explicit request: said whatever the policy.
	tr.armed[site.URL] = true
	tr.onEvent(monitor.Event{Kind: monitor.EventBack, Status: monitor.SiteStatus{URL: site.URL, State: monitor.StateOK}, Duration: time.Minute})
	if got := sent.summaries(); len(got) != 1 || !strings.Contains(got[0], "is back") {
		t.Errorf("armed back = %q", got)
	}
}

func TestTrayLiveAppliesNotifyConfig(t *testing.T) {
	site := config.Site{URL: "https://chatgpt.com/"}
	tr := newTestTray(t, site)
	sent := &sentNotes{}
	tr.notifier = sent
	cfg := tr.currentConfig()
	cfg.Notify.About = config.AboutMine
	if err := tr.applyConfig(cfg); err != nil {
		t.Fatal(err)
	}
	tr.onEvent(downEvent(site.URL, time.Now()))
	if got := sent.summaries(); len(got) != 0 {
		t.Errorf("changed config not applied: %q", got)
	}
}

func TestTraySnoozePersists(t *testing.T) {
	site := config.Site{URL: "https://chatgpt.com/"}
	tr := newTestTray(t, site)
	tr.snoozePath = filepath.Join(t.TempDir(), "snooze.json")
	sent := &sentNotes{}
	tr.notifier = sent
	now := time.Now()
	if err := tr.snooze(site.URL, monitor.Snooze4h, now); err != nil {
		t.Fatal(err)
	}
	tr.onEvent(downEvent(site.URL, now))
	if got := sent.summaries(); len(got) != 0 {
		t.Errorf("snoozed, yet %q", got)
	}
	// A restart: a new tray reads the file.
	again := newTestTray(t, site)
	again.snoozePath = tr.snoozePath
	again.loadSnoozes()
	if until, on := again.policy.Snoozes().Until(site.URL, now); !on || until.Sub(now) != 4*time.Hour {
		t.Errorf("after restart: snoozed %v until %v", on, until)
	}
	if err := again.snooze(site.URL, "", now); err != nil {
		t.Fatal(err)
	}
	third := newTestTray(t, site)
	third.snoozePath = tr.snoozePath
	third.loadSnoozes()
	if _, on := third.policy.Snoozes().Until(site.URL, now); on {
		t.Error("lifted snooze came back after a restart")
	}
	if err := tr.snooze(site.URL, "2h", now); err == nil {
		t.Error("snooze 2h accepted")
	}
}

func TestTraySnoozeFromNotification(t *testing.T) {
	tr := newTestTray(t, config.Site{URL: "https://a.example/"})
	tr.snoozePath = filepath.Join(t.TempDir(), "snooze.json")
	now := time.Now()
	tr.onAction(Message{Site: "https://a.example/"}, ActionSnooze)
	if _, on := tr.policy.Snoozes().Until("https://a.example/", now); !on {
		t.Error("site not snoozed by its button")
	}
	if _, on := tr.policy.Snoozes().Until("", now); on {
		t.Error("the site's button snoozed everything")
	}
	tr.onAction(Message{Site: "https://a.example/"}, ActionSnoozeAll)
	if until, on := tr.policy.Snoozes().Until("", now); !on || until.Sub(now) < 59*time.Minute {
		t.Errorf("all not snoozed for an hour: %v %v", on, until)
	}
	if !hasAction(MessageFor(downEvent("https://a.example/", now)), ActionSnooze) {
		t.Error("a site-down notification has no snooze button")
	}
	net := monitor.Event{Kind: monitor.EventNetworkDown, Network: &monitor.NetworkProblem{Hop: verdict.HopRouter}}
	if !hasAction(MessageFor(net), ActionSnoozeAll) {
		t.Error("a network notification has no snooze-all button")
	}
}

func hasAction(m Message, key string) bool {
	for _, a := range m.Actions {
		if a.Key == key {
			return true
		}
	}
	return false
}

func TestAwayMessage(t *testing.T) {
	loc := time.FixedZone("here", 3600)
	at := func(h, m int) time.Time { return time.Date(2026, 11, 28, h, m, 0, 0, loc) }
	chatgpt := monitor.SiteStatus{URL: "https://chatgpt.com/", Side: verdict.SideServer}
	cases := []struct {
		name          string
		outages       []monitor.AwayOutage
		summary, body string
	}{
		{"one site, over", []monitor.AwayOutage{{Kind: monitor.EventDown, Status: chatgpt, Start: at(2, 10), End: at(2, 24)}},
			"While you were away: chatgpt.com was down on its side for 14 min, 02:10–02:24", ""},
		{"one site, still down", []monitor.AwayOutage{{Kind: monitor.EventDown, Status: chatgpt, Start: at(6, 0)}},
			"While you were away: chatgpt.com is down on its side since 06:00 (2 h)", ""},
		{"several", []monitor.AwayOutage{
			{Kind: monitor.EventDown, Status: monitor.SiteStatus{URL: "https://x.example/", Name: "X"}, Start: at(1, 0), End: at(1, 5)},
			{Kind: monitor.EventNetworkDown, Network: &monitor.NetworkProblem{Hop: verdict.HopRouter}, Start: at(3, 0), End: at(4, 30)},
			{Kind: monitor.EventRefused, Status: chatgpt, Start: at(5, 0), End: at(5, 1)},
		}, "While you were away: 3 problems",
			"X was down (side unclear) for 5 min, 01:00–01:05\nyour connection had a problem (router) for 1 h 30 min, 03:00–04:30\nchatgpt.com refused this computer for 1 min, 05:00–05:01"},
	}
	for _, c := range cases {
		m := AwayMessage(c.outages, at(8, 0))
		if m.Summary != c.summary || m.Body != c.body {
			t.Errorf("%s:\n got %q / %q\nwant %q / %q", c.name, m.Summary, m.Body, c.summary, c.body)
		}
	}
}

func TestStillDownLineAndSnoozeTitles(t *testing.T) {
	now := time.Date(2026, 11, 27, 14, 0, 0, 0, time.UTC)
	statuses := []monitor.SiteStatus{
		{URL: "https://a.example/", Name: "A", State: monitor.StateDown, DownSince: now.Add(-61 * time.Minute)},
		{URL: "https://b.example/", Name: "B", State: monitor.StateDown, DownSince: now.Add(-59 * time.Minute)},
		{URL: "https://c.example/", Name: "C", State: monitor.StateOK},
	}
	if got := StillDownLine(statuses, now); got != "Still down after 1 h: A" {
		t.Errorf("StillDownLine = %q", got)
	}
	if got := StillDownLine(statuses[1:], now); got != "" {
		t.Errorf("StillDownLine under an hour = %q", got)
	}
	if got := SnoozeTitle("chatgpt.com", now.Add(time.Hour), true, now); got != "chatgpt.com snoozed until 15:00" {
		t.Errorf("title = %q", got)
	}
	if got := SnoozeTitle("chatgpt.com", now.Add(20*time.Hour), true, now); got != "chatgpt.com snoozed until Sat 10:00" {
		t.Errorf("title = %q", got)
	}
	if got := SnoozeTitle("all sites", time.Time{}, false, now); got != "Snooze all sites" {
		t.Errorf("title = %q", got)
	}
	if got := QuietLine(now.Add(18*time.Hour), true, now); got != "Quiet hours: no pop-ups until Sat 08:00" {
		t.Errorf("quiet line = %q", got)
	}
	if got := QuietLine(time.Time{}, false, now); got != "" {
		t.Errorf("quiet line outside quiet hours = %q", got)
	}
	s := monitor.Snoozes{Sites: map[string]time.Time{"https://a.example/": now.Add(time.Hour)}}
	if got := snoozedSuffix(s, "https://a.example/", now); got != " (snoozed until 15:00)" {
		t.Errorf("suffix = %q", got)
	}
	if got := snoozedSuffix(s, "https://b.example/", now); got != "" {
		t.Errorf("suffix for b = %q", got)
	}
}

func TestReminderMessage(t *testing.T) {
	now := time.Now()
	n := monitor.Notification{Event: downEvent("https://a.example/", now.Add(-2*time.Hour)), Reminder: true, Since: now.Add(-2 * time.Hour)}
	m := ReminderMessage(n, now)
	if !strings.HasPrefix(m.Summary, "Still: a.example is down on its side") || !strings.HasPrefix(m.Body, "Down for 2 h.") {
		t.Errorf("reminder = %q / %q", m.Summary, m.Body)
	}
}

func TestStillFailing(t *testing.T) {
	now := time.Now()
	statuses := []monitor.SiteStatus{
		{URL: "https://down.example/", State: monitor.StateDown},
		{URL: "https://refused.example/", State: monitor.StateRefused},
		{URL: "https://ok.example/", State: monitor.StateOK},
		{URL: "https://affected.example/", State: monitor.StateAffected},
	}
	cases := map[string]bool{
		"https://down.example/": true, "https://refused.example/": true,
		"https://ok.example/": false, "https://affected.example/": false, "https://gone.example/": false,
	}
	for url, want := range cases {
		if got := stillFailing(downEvent(url, now), statuses); got != want {
			t.Errorf("stillFailing(%s) = %v, want %v", url, got, want)
		}
	}
	if !stillFailing(monitor.Event{Kind: monitor.EventNetworkDown, Network: &monitor.NetworkProblem{}}, nil) {
		t.Error("a network reminder was held back")
	}
}

func TestTrayForgetsRemovedSites(t *testing.T) {
	a, b := config.Site{URL: "https://a.example/"}, config.Site{URL: "https://b.example/"}
	tr := newTestTray(t, a, b)
	tr.notifier = &sentNotes{}
	cfg := tr.currentConfig()
	cfg.Notify.RemindEvery = config.Duration{Duration: 15 * time.Minute}
	if err := tr.applyConfig(cfg); err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(-time.Hour)
	tr.policy.Decide(downEvent(a.URL, start), start)
	cfg.Sites = []config.Site{b}
	if err := tr.applyConfig(cfg); err != nil {
		t.Fatal(err)
	}
	if due, _ := tr.policy.Due(time.Now()); len(due) != 0 {
		t.Errorf("reminder for a removed site: %+v", due)
	}
}

func TestTraySummaryAfterQuietHours(t *testing.T) {
	loud, muted := config.Site{URL: "https://loud.example/"}, config.Site{URL: "https://quiet.example/"}
	tr := newTestTray(t, loud, muted)
	sent := &sentNotes{}
	tr.notifier = sent
	now := time.Now()
	// Quiet from the current minute for two minutes: the night, compressed.
	cfg := tr.currentConfig()
	cfg.Notify.Quiet = config.QuietHours{From: now.Format("15:04"), To: now.Add(2 * time.Minute).Format("15:04")}
	if err := tr.applyConfig(cfg); err != nil {
		t.Fatal(err)
	}
	tr.onEvent(downEvent(loud.URL, now))
	tr.onEvent(downEvent(muted.URL, now))
	tr.onEvent(monitor.Event{Kind: monitor.EventBack, Status: monitor.SiteStatus{URL: loud.URL, State: monitor.StateOK}})
	tr.notifyDue(now, nil)
	if got := sent.summaries(); len(got) != 0 {
		t.Fatalf("popped up during quiet hours: %q", got)
	}
	cfg.Sites[1].Mute = true // muted meanwhile: left out of the summary
	if err := tr.applyConfig(cfg); err != nil {
		t.Fatal(err)
	}
	tr.notifyDue(now.Add(3*time.Minute), nil)
	got := sent.summaries()
	if len(got) != 1 || !strings.HasPrefix(got[0], "While you were away: loud.example was down on its side for ") {
		t.Errorf("after quiet hours: %q", got)
	}
}
