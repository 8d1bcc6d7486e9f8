//go:build wine

package wintest

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// winPath is a Linux path as a Windows program under Wine sees it: the
// Z: drive is the Linux root.
func winPath(p string) string { return "Z:" + strings.ReplaceAll(p, "/", `\`) }

// The resident tray for about a minute (GATEWATCH_WINE_RESIDENT, default
// 60s) with a loopback-only config on Xvfb: it starts, claims the named
// pipe (a second start finds it and exits 0), records history in a
// database at a drive-letter path (the DSN bug) and logs to
// %LocalAppData%\gatewatch\logs.
func TestResident(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		t.Fatal("the tray needs an X display (scripts/windows-test.sh starts Xvfb)")
	}
	stay := time.Minute
	if s := os.Getenv("GATEWATCH_WINE_RESIDENT"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			t.Fatal(err)
		}
		stay = d
	}
	site, canary, resolver := loopback(t, 200)
	dir := t.TempDir()
	db := filepath.Join(dir, "history.db")
	cfg := filepath.Join(dir, "config.toml")
	toml := `interval = "15s"
timeout = "5s"
notifications = false

[network]
canaries = ["` + canary + `"]
resolvers = ["` + resolver + `"]

[[sites]]
url = "` + site + `"
name = "Loopback site"

[history]
path = '` + winPath(db) + `'
`
	if err := os.WriteFile(cfg, []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
	// Wine names the user's folder after the Linux user.
	logGlob := filepath.Join(prefix, "drive_c", "users", "*", "AppData", "Local", "gatewatch", "logs", "*")
	old, _ := filepath.Glob(logGlob)
	for _, f := range old {
		os.Remove(f)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out bytes.Buffer
	tray := wine(ctx, "gatewatch.exe", "--config", winPath(cfg))
	tray.Stdout, tray.Stderr = &out, &out
	if err := tray.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- tray.Wait() }()
	defer func() {
		cancel()
		<-exited
	}()

	// A second start while the first runs: the pipe answers, it opens the
	// settings (gatewatch-ui.exe, absent here: logged) and exits 0.
	select {
	case err := <-exited:
		t.Fatalf("the tray exited at once: %v\n%s", err, out.String())
	case <-time.After(20 * time.Second):
	}
	_, errs, code := run(t, time.Minute, "gatewatch.exe", "--config", winPath(cfg))
	if code != 0 || !strings.Contains(errs, "already running") {
		t.Errorf("second start: exit %d, stderr %q; want 0 and \"already running\"", code, errs)
	}

	select {
	case err := <-exited:
		t.Fatalf("the tray exited: %v\n%s", err, out.String())
	case <-time.After(stay - 20*time.Second):
	}

	// History, read by the console program while the tray writes.
	hout, herrs, hcode := run(t, time.Minute, "gatewatch-cli.exe", "history", "--db", winPath(db), "--json")
	if hcode != 0 {
		t.Errorf("history: exit %d, stderr %q", hcode, herrs)
	}
	var hist any
	if err := json.Unmarshal([]byte(hout), &hist); err != nil || !strings.Contains(hout, site) {
		t.Errorf("history --json: %v; stdout %q", err, hout)
	}
	logs, _ := filepath.Glob(logGlob)
	if len(logs) == 0 {
		t.Fatalf("no log file as %s; tray output:\n%s", logGlob, out.String())
	}
	b, err := os.ReadFile(logs[0])
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("log %s:\n%s", logs[0], b)
	if !strings.Contains(string(b), "started (pid") {
		t.Errorf("the log does not say the tray started")
	}
	for _, bad := range []string{"could not start", "panic", "no history", "unable to set icon"} {
		if strings.Contains(string(b), bad) {
			t.Errorf("the log says %q", bad)
		}
	}
}
