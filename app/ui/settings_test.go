package ui

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/gatewatch/gatewatch/monitor/config"
)

func labConfig() config.Config {
	return config.Config{
		Interval: config.Duration{Duration: config.DefaultInterval},
		Timeout:  config.Duration{Duration: config.DefaultTimeout},
		Network: config.NetworkConfig{
			Canaries:  []string{"http://192.0.2.1/generate_204"},
			Resolvers: []string{"192.0.2.53"},
		},
		Sites: []config.Site{
			{URL: "https://a.example/", Name: "A"},
			{URL: "https://b.example/", Name: "B", StatusPage: "https://status.b.example"},
		},
	}
}

type saver struct {
	saved []config.Config
	err   error
}

func (s *saver) save(c config.Config) error {
	if s.err != nil {
		return s.err
	}
	s.saved = append(s.saved, c)
	return nil
}

func TestSettingsInvalidURL(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	sv := &saver{}
	s := newSettingsView(a, labConfig(), sv.save, SettingsHooks{})
	w := test.NewWindow(s.root)
	defer w.Close()

	test.Type(s.addURL, "ftp://x.example")
	if s.addErr.Text == "" || !strings.Contains(s.addErr.Text, "unsupported") {
		t.Errorf("error text %q", s.addErr.Text)
	}
	if !s.addBtn.Disabled() {
		t.Error("Add enabled for an invalid URL")
	}
	test.Tap(s.addBtn)
	if len(s.rows) != 2 || len(sv.saved) != 0 {
		t.Errorf("invalid URL changed something: %d rows, %d saves", len(s.rows), len(sv.saved))
	}
}

func TestSettingsAddAndSave(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	sv := &saver{}
	s := newSettingsView(a, labConfig(), sv.save, SettingsHooks{})
	w := test.NewWindow(s.root)
	defer w.Close()

	test.Type(s.addURL, "c.example/x")
	if s.addErr.Text != "" || s.addBtn.Disabled() {
		t.Fatalf("valid URL rejected: %q", s.addErr.Text)
	}
	test.Tap(s.addBtn)
	test.Tap(s.saveBtn)
	if len(sv.saved) != 1 {
		t.Fatalf("saved %d times, status %q", len(sv.saved), s.status.Text)
	}
	got := sv.saved[0].Sites
	if len(got) != 3 || got[2].URL != "https://c.example/x" || got[1].StatusPage != "https://status.b.example" {
		t.Errorf("saved sites %+v", got)
	}
	if err := sv.saved[0].Validate(); err != nil {
		t.Errorf("saved config invalid: %v", err)
	}
}

func TestSettingsRemoveUndo(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	sv := &saver{}
	s := newSettingsView(a, labConfig(), sv.save, SettingsHooks{})
	w := test.NewWindow(s.root)
	defer w.Close()

	test.Tap(s.rows[0].remove)
	if len(s.rows) != 1 || !s.undoBar.Visible() {
		t.Fatalf("after remove: %d rows, undo visible %v", len(s.rows), s.undoBar.Visible())
	}
	s.undo()
	if len(s.rows) != 2 || s.rows[0].name.Text != "A" || s.undoBar.Visible() {
		t.Fatalf("after undo: %d rows, first %q", len(s.rows), s.rows[0].name.Text)
	}
	test.Tap(s.rows[1].remove)
	test.Tap(s.saveBtn)
	if len(sv.saved) != 1 || len(sv.saved[0].Sites) != 1 || sv.saved[0].Sites[0].Name != "A" {
		t.Errorf("saved %+v", sv.saved)
	}
}

func TestSettingsValidationAndSaveError(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	sv := &saver{err: errors.New("disk full")}
	s := newSettingsView(a, labConfig(), sv.save, SettingsHooks{})
	w := test.NewWindow(s.root)
	defer w.Close()

	s.resolvers.SetText("not-an-ip")
	if s.resolversErr.Text == "" {
		t.Error("bad resolver not flagged")
	}
	test.Tap(s.saveBtn)
	if !strings.Contains(s.status.Text, "Not saved") {
		t.Errorf("status %q", s.status.Text)
	}
	s.resolvers.SetText("192.0.2.53")
	s.interval.SetText("5s")
	if !strings.Contains(s.intervalErr.Text, "minimum") {
		t.Errorf("interval error %q", s.intervalErr.Text)
	}
	s.interval.SetText("2m")
	test.Tap(s.saveBtn)
	if !strings.Contains(s.status.Text, "disk full") {
		t.Errorf("save error not shown: %q", s.status.Text)
	}
}

func TestSettingsMuteIsSaved(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	sv := &saver{}
	s := newSettingsView(a, labConfig(), sv.save, SettingsHooks{})
	w := test.NewWindow(s.root)
	defer w.Close()
	test.Tap(s.rows[1].mute)
	test.Tap(s.saveBtn)
	if len(sv.saved) != 1 {
		t.Fatalf("%d saves: %s", len(sv.saved), s.status.Text)
	}
	if got := sv.saved[0].Sites; got[0].Mute || !got[1].Mute {
		t.Errorf("mute flags %v %v, want false true", got[0].Mute, got[1].Mute)
	}
}

func TestSettingsNoticeUntilSaved(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	sv := &saver{}
	s := newSettingsView(a, labConfig(), sv.save, SettingsHooks{Notice: "Your settings file could not be read"})
	w := test.NewWindow(s.root)
	defer w.Close()
	if !s.notice.Visible() || !strings.Contains(s.notice.Text, "could not be read") {
		t.Fatalf("notice not shown: %q", s.notice.Text)
	}
	test.Tap(s.saveBtn)
	if s.notice.Visible() {
		t.Error("notice still shown after saving")
	}
	if !strings.Contains(s.status.Text, "applies the changes now") {
		t.Errorf("status %q", s.status.Text)
	}
}

func TestSettingsStartAtLogin(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	on := false
	var fail error
	hooks := SettingsHooks{
		StartAtLogin: func() (bool, error) { return on, nil },
		SetStartAtLogin: func(v bool) error {
			if fail != nil {
				return fail
			}
			on = v
			return nil
		},
	}
	s := newSettingsView(a, labConfig(), (&saver{}).save, hooks)
	w := test.NewWindow(s.root)
	defer w.Close()
	if s.atLogin == nil || s.atLogin.Checked {
		t.Fatal("start-at-login box missing or wrongly checked")
	}
	test.Tap(s.atLogin)
	if !on {
		t.Fatal("ticking the box did not enable start at login")
	}
	fail = errors.New("autostart directory is read-only")
	test.Tap(s.atLogin)
	if !on || !s.atLogin.Checked {
		t.Errorf("a failed change must leave the box as it was: on=%v checked=%v", on, s.atLogin.Checked)
	}
	if !strings.Contains(s.atLoginErr.Text, "read-only") {
		t.Errorf("error not shown: %q", s.atLoginErr.Text)
	}
	// Without the hooks (a platform without autostart) the box is absent.
	if s2 := newSettingsView(a, labConfig(), (&saver{}).save, SettingsHooks{}); s2.atLogin != nil {
		t.Error("start-at-login shown without a backend")
	}
}

// A site's status page may be a URL, "guess" (try status.<domain>) or
// "none" (no built-in page); anything else is refused.
func TestSettingsStatusPageValues(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	s := newSettingsView(a, labConfig(), (&saver{}).save, SettingsHooks{})
	tests := []struct {
		text string
		ok   bool
	}{
		{"https://status.a.example", true},
		{config.StatusPageGuess, true},
		{config.StatusPageNone, true},
		{"", true},
		{"status.a.example", false},
		{"maybe", false},
	}
	for _, tt := range tests {
		s.rows[0].statusPage.SetText(tt.text)
		site, err := s.rows[0].site()
		if (err == nil) != tt.ok || (tt.ok && site.StatusPage != tt.text) {
			t.Errorf("status page %q: %+v, %v", tt.text, site.StatusPage, err)
		}
	}
}

// The same site spelled twice would be checked and alerted twice: adding
// it is refused, and so is editing a row into another's site.
func TestSettingsRejectsDuplicateSites(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	sv := &saver{}
	s := newSettingsView(a, labConfig(), sv.save, SettingsHooks{})
	w := test.NewWindow(s.root)
	defer w.Close()

	test.Type(s.addURL, "A.example")
	if !s.addBtn.Disabled() || !strings.Contains(s.addErr.Text, "site 1 (https://a.example/)") {
		t.Fatalf("adding a.example again: button disabled %v, error %q", s.addBtn.Disabled(), s.addErr.Text)
	}
	s.addSite() // Enter, or a stale button
	if len(s.rows) != 2 {
		t.Fatalf("%d rows after adding a duplicate", len(s.rows))
	}

	s.rows[1].url.SetText("https://a.example")
	if !strings.Contains(s.rows[1].err.Text, "site 1") {
		t.Fatalf("editing into a duplicate: row error %q", s.rows[1].err.Text)
	}
	s.doSave()
	if len(sv.saved) != 0 || !strings.Contains(s.status.Text, "site 2") {
		t.Fatalf("saved %d, status %q", len(sv.saved), s.status.Text)
	}
}
