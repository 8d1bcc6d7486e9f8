package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/monitor/history"
)

func TestHistoryExport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	s, err := history.Open(path, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	a, b := "https://a.test/", "https://b.test/"
	s.Record(history.Record{At: now.Add(-2 * time.Hour), Site: a, Side: "ok", Hop: "none", Status: 200,
		DNS: 1500 * time.Microsecond, FirstByte: 40 * time.Millisecond, Total: 45 * time.Millisecond})
	s.Record(history.Record{At: now.Add(-time.Hour), Site: b, Side: "server", Hop: "cdn", Rule: "cdn-error", Status: 502,
		Summary: "b.test is down, at its CDN, \"Cloudflare\""})
	s.Record(history.Record{At: now.Add(-30 * time.Minute), Site: b, Side: "ok", Hop: "none"})
	s.Record(history.Record{At: now.Add(-48 * time.Hour), Site: a, Side: "ok", Hop: "none"}) // outside 24h
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	run := func(t *testing.T, code int, args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if got := History(append([]string{"--db", path}, args...), &out, &errb); got != code {
			t.Fatalf("%v: exit %d, want %d (%s)", args, got, code, errb.String())
		}
		return out.String()
	}
	t.Run("checks as CSV", func(t *testing.T) {
		rows, err := csv.NewReader(strings.NewReader(run(t, 0, "--checks", "--since", "24h"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 4 || strings.Join(rows[0], ",") != strings.Join(checkHeader, ",") {
			t.Fatalf("rows %q", rows)
		}
		if r := rows[1]; r[1] != a || r[2] != "ok" || r[5] != "200" || r[7] != "1.5" || r[10] != "40" || r[11] != "45" {
			t.Errorf("first row %q", r)
		}
		if r := rows[2]; r[1] != b || r[2] != "server" || r[4] != "cdn-error" {
			t.Errorf("second row %q", r)
		}
		if at, err := time.Parse(time.RFC3339Nano, rows[1][0]); err != nil || !at.Equal(now.Add(-2*time.Hour).Truncate(time.Millisecond)) {
			t.Errorf("time %q (%v)", rows[1][0], err)
		}
	})
	t.Run("checks as JSON lines, one site", func(t *testing.T) {
		out := run(t, 0, "--checks", "--json", "--site", "b.test")
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 2 {
			t.Fatalf("lines %q", lines)
		}
		var c checkRow
		if err := json.Unmarshal([]byte(lines[0]), &c); err != nil || c.Site != b || c.Status != 502 || c.Rule != "cdn-error" {
			t.Errorf("first %+v (%v)", c, err)
		}
	})
	t.Run("incidents as CSV", func(t *testing.T) {
		rows, err := csv.NewReader(strings.NewReader(run(t, 0, "--csv"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 {
			t.Fatalf("rows %q", rows)
		}
		r := rows[1]
		if r[0] != b || r[3] != "1800" || r[4] != "server" || r[5] != "cdn" || r[7] != "1" || r[8] != "b.test is down, at its CDN, \"Cloudflare\"" {
			t.Errorf("incident %q", r)
		}
	})
	t.Run("json and csv", func(t *testing.T) { run(t, ExitUsage, "--json", "--csv") })
}
