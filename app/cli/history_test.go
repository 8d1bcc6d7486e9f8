package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/monitor/fix"
	"github.com/gatewatch/gatewatch/monitor/history"
)

func TestParseSince(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"30d", 30 * 24 * time.Hour, true},
		{"24h", 24 * time.Hour, true},
		{"1d12h", 36 * time.Hour, true},
		{"0s", 0, false},
		{"-5h", 0, false},
		{"xd", 0, false},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseSince(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseSince(%q) = %v, %v; want %v ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestHistoryCommand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	s, err := history.Open(path, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	site := "https://chatgpt.com/"
	for i, side := range []string{"ok", "server", "server", "ok", "user", "ok"} {
		s.Record(history.Record{At: now.Add(-time.Hour + time.Duration(i)*10*time.Minute), Site: site, Side: side, Hop: "cdn"})
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args     []string
		code     int
		contains []string
	}{
		{[]string{"--db", path}, 0, []string{"chatgpt.com was down once on its side for 20 min; your network failed once for 10 min.",
			"uptime 24h 50.00%", "Their side", "Your side"}},
		{[]string{"--db", path, "--site", "github.com"}, 0, []string{"no checks recorded"}},
		{[]string{"--db", path, "--since", "nonsense"}, ExitUsage, nil},
		{[]string{"--db", filepath.Join(t.TempDir(), "none.db")}, 1, nil},
		{[]string{"--db", filepath.Join(t.TempDir(), "no-dir", "none.db")}, 1, nil},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		if code := History(tt.args, &out, &errb); code != tt.code {
			t.Fatalf("%v: exit %d, want %d (%s)", tt.args, code, tt.code, errb.String())
		}
		for _, c := range tt.contains {
			if !strings.Contains(out.String(), c) {
				t.Errorf("%v: output lacks %q:\n%s", tt.args, c, out.String())
			}
		}
	}
	missing := filepath.Join(t.TempDir(), "gatewatch", "h.db")
	var errb bytes.Buffer
	if code := History([]string{"--db", missing}, &bytes.Buffer{}, &errb); code != 1 || !strings.Contains(errb.String(), "no history at "+missing+" yet") {
		t.Errorf("missing database: exit %d, %q", code, errb.String())
	}
	if _, err := os.Stat(filepath.Dir(missing)); !os.IsNotExist(err) {
		t.Errorf("the command created %s: %v", filepath.Dir(missing), err)
	}
	var out bytes.Buffer
	if code := History([]string{"--db", path, "--json", "--since", "24h"}, &out, &bytes.Buffer{}); code != 0 {
		t.Fatal(code)
	}
	var r history.Overview
	if err := json.Unmarshal(out.Bytes(), &r); err != nil || len(r.Sites) != 1 || len(r.Sites[0].Incidents) != 2 {
		t.Fatalf("JSON report %+v, %v", r, err)
	}
}

// The headless monitor against loopback servers records its checks.
func TestMonitorCommandRecords(t *testing.T) {
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(200) }))
	defer site.Close()
	canary := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) }))
	defer canary.Close()
	resolver, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer resolver.Close()
	go func() {
		for {
			c, err := resolver.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	dir := t.TempDir()
	cfg := fmt.Sprintf(`interval = "15s"
[network]
canaries = ["%s/generate_204"]
resolvers = ["%s"]
[[sites]]
url = "%s"
[history]
retention = "48h"
`, canary.URL, resolver.Addr(), site.URL)
	cfgPath := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "h.db")
	var out, errb bytes.Buffer
	if code := Monitor([]string{"--config", cfgPath, "--db", db, "--for", "2s"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	s, err := history.Open(db, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Stats(t.Context(), site.URL+"/", time.Now().Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if st.Checks < 1 || st.Failed != 0 {
		t.Fatalf("recorded %+v, want at least one successful check (stderr: %s)", st, errb.String())
	}
}

func TestWriteHistoryListsFixRuns(t *testing.T) {
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local)
	r := history.Overview{Now: at, Summary: "All good.", Fixes: []fix.Record{
		{Time: at, ID: "switch-dns", OK: true, Outcome: "Fixed: shop.example answers again"},
		{Time: at.Add(time.Minute), ID: "switch-dns", Undo: true, OK: true, Outcome: "Undone"},
	}}
	var b strings.Builder
	WriteHistory(&b, r)
	for _, want := range []string{"Fixes run:", "2026-11-23 10:00  switch-dns", "Fixed: shop.example answers again", "undo switch-dns"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("missing %q in:\n%s", want, b.String())
		}
	}
}
