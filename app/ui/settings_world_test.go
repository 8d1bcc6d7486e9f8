package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/gatewatch/gatewatch/monitor/config"
)

func TestSettingsWorld(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	sv := &saver{}
	cfg := labConfig()
	s := newSettingsView(a, cfg, sv.save, SettingsHooks{})
	w := test.NewWindow(s.root)
	defer w.Close()

	if s.world.enabled.Checked || s.world.enabled.Text != WorldConsent {
		t.Fatalf("consent box %q checked %v: want it off by default", s.world.enabled.Text, s.world.enabled.Checked)
	}
	if !s.world.token.Password {
		t.Error("the token entry shows the token")
	}
	if !strings.Contains(s.world.sent.Text, "never the query string") || !strings.Contains(s.world.sent.Text, "api.globalping.io") {
		t.Errorf("what is sent: %q", s.world.sent.Text)
	}

	// An invalid token is refused, and nothing is saved.
	test.Tap(s.world.enabled)
	test.Type(s.world.token, "has space")
	if !s.world.err.Visible() || !strings.Contains(s.world.err.Text, "token") {
		t.Errorf("token error %q (visible %v)", s.world.err.Text, s.world.err.Visible())
	}
	test.Tap(s.saveBtn)
	if len(sv.saved) != 0 || !strings.Contains(s.status.Text, "Not saved: second opinion: token") {
		t.Fatalf("saved %d configs with a bad token; status %q", len(sv.saved), s.status.Text)
	}

	s.world.token.SetText("gp-token-123")
	if s.world.err.Visible() {
		t.Errorf("error still shown for a good token: %q", s.world.err.Text)
	}
	test.Tap(s.saveBtn)
	if len(sv.saved) != 1 {
		t.Fatalf("not saved: %q", s.status.Text)
	}
	want := config.WorldConfig{Enabled: true, Token: "gp-token-123"}
	if got := sv.saved[0].World; got != want {
		t.Errorf("saved [world] %+v, want %+v", got, want)
	}
}

func TestWorldSentSaysQueryAndWhere(t *testing.T) {
	if got := worldSent(config.WorldConfig{SendQuery: true}); !strings.Contains(got, "path and query string") {
		t.Errorf("send_query on, yet: %q", got)
	}
	if got := worldSent(config.WorldConfig{API: "http://127.0.0.1:18099"}); !strings.Contains(got, "goes to 127.0.0.1:18099,") {
		t.Errorf("a stand-in API, yet: %q", got)
	}
}

// TestSettingsWorldKeepsTheRest: fields the window does not edit (api,
// country, asn, send_query) survive a save.
func TestSettingsWorldKeepsTheRest(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	sv := &saver{}
	cfg := labConfig()
	cfg.World = config.WorldConfig{Enabled: true, API: "http://127.0.0.1:18099", Country: "DE", ASN: 64500, SendQuery: true}
	s := newSettingsView(a, cfg, sv.save, SettingsHooks{})
	if !s.world.enabled.Checked {
		t.Error("enabled not shown")
	}
	test.Tap(s.saveBtn)
	if len(sv.saved) != 1 || sv.saved[0].World != cfg.World {
		t.Errorf("saved %+v, want %+v (%s)", sv.saved, cfg.World, s.status.Text)
	}
}
