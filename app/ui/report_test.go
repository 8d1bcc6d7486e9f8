package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewatch/gatewatch/monitor/logfile"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

func TestRedactURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://example.com/a/b", "https://example.com/a/b"},
		{"https://user:pw@example.com/login?token=abc#frag", "https://example.com/login"},
		{"http://192.0.2.7:8080/?", "http://192.0.2.7:8080/"},
		{"", ""},
		{"http://[::1", "[unparsable URL removed]"},
	} {
		if got := RedactURL(tc.in); got != tc.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestReportRedacts(t *testing.T) {
	for _, k := range []string{"XDG_STATE_HOME", "HOME", "LocalAppData"} { // the report reads the log: not this machine's
		t.Setenv(k, t.TempDir())
	}
	v := verdict.Verdict{
		URL:       "https://alice:secret@example.com/inbox?session=XYZ#msg",
		Side:      verdict.SideUser,
		Hop:       verdict.HopCaptive,
		Summary:   "Redirected to http://portal.example/login?mac=aa:bb",
		Error:     "Get \"https://example.com/?key=K1\": timeout",
		PortalURL: "http://portal.example/login?mac=aa:bb",
		Evidence:  []verdict.Step{{Check: "http", OK: false, Detail: "302 to https://portal.example/?t=T2", MS: 12}},
		Fixes:     []verdict.Fix{{ID: verdict.FixOpenPortal, Title: "Log in to the network", Does: "Opens the login page"}},
	}
	r := Report(v)
	for _, secret := range []string{"alice", "secret", "session", "XYZ", "msg", "mac=", "key=K1", "T2"} {
		if strings.Contains(r, secret) {
			t.Errorf("report leaks %q:\n%s", secret, r)
		}
	}
	for _, want := range []string{"https://example.com/inbox", "Your side", "captive-portal", "[FAIL] http (12 ms)", "Log in to the network", "http://portal.example/login"} {
		if !strings.Contains(r, want) {
			t.Errorf("report lacks %q:\n%s", want, r)
		}
	}
}

func TestHopStates(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    verdict.Verdict
		want []HopState
	}{
		{"ok", verdict.Verdict{Side: verdict.SideOK}, []HopState{1, 1, 1, 1, 1, 1, 1, 1}},
		{"cdn", verdict.Verdict{Side: verdict.SideServer, Hop: verdict.HopCDN}, []HopState{1, 1, 1, 1, 1, 1, 2, 0}},
		{"dns", verdict.Verdict{Side: verdict.SideUser, Hop: verdict.HopDNS}, []HopState{1, 1, 1, 1, 2, 0, 0, 0}},
		{"unknown", verdict.Verdict{Side: verdict.SideUnknown, Hop: verdict.HopNone, Evidence: []verdict.Step{{OK: true}}}, []HopState{1, 0, 0, 0, 0, 0, 0, 0}},
	} {
		got := HopStates(tc.v)
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: HopStates = %v, want %v", tc.name, got, tc.want)
				break
			}
		}
	}
}

func TestCheckDisplay(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if err := checkDisplay("linux", env(nil)); err != ErrNoDisplay {
		t.Errorf("linux without display: %v", err)
	}
	if err := checkDisplay("linux", env(map[string]string{"WAYLAND_DISPLAY": "wayland-0"})); err != nil {
		t.Errorf("wayland: %v", err)
	}
	if err := checkDisplay("freebsd", env(map[string]string{"DISPLAY": ":0"})); err != nil {
		t.Errorf("x11: %v", err)
	}
	if err := checkDisplay("windows", env(nil)); err != nil {
		t.Errorf("windows: %v", err)
	}
}

func TestLocalXSocket(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{":0", "/tmp/.X11-unix/X0", true},
		{":99.0", "/tmp/.X11-unix/X99", true},
		{"host:0", "", false},
		{":", "", false},
		{":x", "", false},
		{"/private/tmp/launch-x/org.xquartz:0", "", false},
	} {
		got, ok := localXSocket(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("localXSocket(%q) = %q, %v", tc.in, got, ok)
		}
	}
}

// The window's report ends with the tail of the log the tray writes,
// redacted.
func TestReportCarriesLog(t *testing.T) {
	dir := t.TempDir()
	for _, k := range []string{"XDG_STATE_HOME", "HOME", "LocalAppData"} { // each OS's log place
		t.Setenv(k, dir)
	}
	p, err := logfile.Path()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		t.Fatal(err)
	}
	line := "2026/12/01 10:00:00 gatewatch: shop.gw.test down: Get \"https://u:pw@shop.gw.test/?token=T9\": EOF\n"
	if err := os.WriteFile(p, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	r := Report(verdict.Verdict{URL: "https://shop.gw.test/", Side: verdict.SideServer})
	if !strings.Contains(r, "Recent log:\n  2026/12/01 10:00:00 gatewatch: shop.gw.test down: Get \"https://shop.gw.test/\": EOF\n") || strings.Contains(r, "T9") {
		t.Errorf("report:\n%s", r)
	}
}
