package tray

import (
	"strings"
	"testing"

	"github.com/gatewatch/gatewatch/app/control"
	"github.com/gatewatch/gatewatch/monitor"
	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// newTestTray is a tray without a desktop: the menu is never drawn (the
// systray was not started) and no check runs (the monitor is not run).
func newTestTray(t *testing.T, sites ...config.Site) *trayApp {
	t.Helper()
	cfg := config.Config{
		Interval: config.Duration{Duration: config.DefaultInterval},
		Timeout:  config.Duration{Duration: config.DefaultTimeout},
		Network:  config.NetworkConfig{Canaries: []string{"http://127.0.1.30/generate_204"}, Resolvers: []string{"127.0.1.53"}},
		Sites:    sites,
	}
	opt, err := verdict.BuildOptions(cfg, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	tr := &trayApp{cfgPath: "/nonexistent/config.toml", cfg: cfg, armed: map[string]bool{}, policy: monitor.NewNotifyPolicy(cfg.Notify)}
	if tr.mon, err = monitor.New(cfg, opt, nil); err != nil {
		t.Fatal(err)
	}
	return tr
}

func urls(st []monitor.SiteStatus) []string {
	var out []string
	for _, s := range st {
		out = append(out, s.URL)
	}
	return out
}

func TestArmBackWatchesAnUnwatchedSiteUntilBack(t *testing.T) {
	tr := newTestTray(t, config.Site{URL: "https://shop.example"})
	msg, err := tr.armBack("other.example/x")
	if err != nil || !strings.Contains(msg, "tell you when other.example/x is back") {
		t.Fatalf("armBack = %q, %v", msg, err)
	}
	got := urls(tr.mon.Statuses())
	if len(got) != 2 || got[1] != "https://other.example/x" {
		t.Fatalf("watched %v, want the site added for the wait", got)
	}
	if !tr.armed["https://other.example/x"] {
		t.Error("not armed")
	}
	// The config the user sees is unchanged: the wait is not a setting.
	if len(tr.currentConfig().Sites) != 1 {
		t.Errorf("config now has %d sites", len(tr.currentConfig().Sites))
	}
	tr.dropTransient("https://other.example/x")
	if got := urls(tr.mon.Statuses()); len(got) != 1 {
		t.Errorf("still watching %v after it was back", got)
	}
}

func TestArmBackRejectsBadURL(t *testing.T) {
	tr := newTestTray(t)
	for _, bad := range []string{"", "ftp://x.example", "javascript:alert(1)"} {
		if _, err := tr.armBack(bad); err == nil {
			t.Errorf("armBack(%q) accepted", bad)
		}
	}
}

func TestMuted(t *testing.T) {
	tr := newTestTray(t, config.Site{URL: "https://loud.example"}, config.Site{URL: "quiet.example", Mute: true})
	cases := map[string]bool{
		"https://loud.example/":  false,
		"https://quiet.example/": true,
		"":                       false, // network events are never muted per site
		"https://other.example/": false,
	}
	for url, want := range cases {
		if got := tr.muted(url); got != want {
			t.Errorf("muted(%q) = %v, want %v", url, got, want)
		}
	}
}

func TestHandleControl(t *testing.T) {
	tr := newTestTray(t, config.Site{URL: "https://shop.example"})
	if rep := tr.handle(control.Request{Cmd: control.CmdPing}); !rep.OK {
		t.Errorf("ping: %+v", rep)
	}
	if rep := tr.handle(control.Request{Cmd: control.CmdStatus}); !rep.OK || len(rep.Lines) != 1 || !strings.HasPrefix(rep.Lines[0], "shop.example — ") {
		t.Errorf("status: %+v", rep)
	}
	if rep := tr.handle(control.Request{Cmd: control.CmdPause}); !rep.OK {
		t.Errorf("pause: %+v", rep)
	}
	if rep := tr.handle(control.Request{Cmd: control.CmdResume}); !rep.OK {
		t.Errorf("resume: %+v", rep)
	}
	if rep := tr.handle(control.Request{Cmd: control.CmdNotifyBack, URL: "ftp://x"}); rep.OK || rep.Error == "" {
		t.Errorf("notify-back with a bad URL: %+v", rep)
	}
	if rep := tr.handle(control.Request{Cmd: "rm -rf"}); rep.OK || !strings.Contains(rep.Error, "unknown command") {
		t.Errorf("unknown: %+v", rep)
	}
}

func TestConfigFileAppliedLiveAndBadOneIgnored(t *testing.T) {
	tr := newTestTray(t, config.Site{URL: "https://shop.example"})
	cfg := tr.currentConfig()
	cfg.Sites = append(cfg.Sites, config.Site{URL: "https://new.example"})
	tr.onConfigFile(cfg, nil)
	if got := urls(tr.mon.Statuses()); len(got) != 2 {
		t.Fatalf("after a saved change: %v", got)
	}
	tr.onConfigFile(config.Config{}, errTest)
	if got := urls(tr.mon.Statuses()); len(got) != 2 {
		t.Errorf("an invalid file changed the running sites: %v", got)
	}
}

var errTest = &testError{}

type testError struct{}

func (*testError) Error() string { return "parsing TOML: bad" }
