package history

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

func fixedNow() time.Time { return t0 }

func openTest(t *testing.T, opt Options) *Store {
	t.Helper()
	if opt.Now == nil {
		opt.Now = fixedNow // the start-up prune must not depend on the wall clock
	}
	s, err := Open(filepath.Join(t.TempDir(), "history.db"), opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

func rec(site string, at time.Time, side, hop string) Record {
	return Record{At: at, Site: site, Side: side, Hop: hop, Status: 200,
		DNS: 2 * time.Millisecond, Connect: 3 * time.Millisecond, TLS: 10 * time.Millisecond, FirstByte: 40 * time.Millisecond}
}

func TestIncidentsFoldConsecutiveFailures(t *testing.T) {
	const a = "https://a.test/"
	tests := []struct {
		name  string
		sides []string // one check a minute; "user:dns" = side:hop
		want  []Incident
	}{
		{"all ok", []string{"ok", "ok"}, nil},
		{"one run", []string{"ok", "server:cdn", "server:cdn", "server:cdn", "ok"},
			[]Incident{{Side: "server", Hop: "cdn", Start: t0.Add(time.Minute), End: t0.Add(4 * time.Minute), Checks: 3}}},
		{"still open", []string{"ok", "user:isp", "user:isp"},
			[]Incident{{Side: "user", Hop: "isp", Start: t0.Add(time.Minute), Checks: 2}}},
		{"side change splits", []string{"user:dns", "server:origin", "ok"},
			[]Incident{
				{Side: "server", Hop: "origin", Start: t0.Add(time.Minute), End: t0.Add(2 * time.Minute), Checks: 1},
				{Side: "user", Hop: "dns", Start: t0, End: t0.Add(time.Minute), Checks: 1},
			}},
		{"two runs", []string{"server:cdn", "ok", "server:cdn", "ok"},
			[]Incident{
				{Side: "server", Hop: "cdn", Start: t0.Add(2 * time.Minute), End: t0.Add(3 * time.Minute), Checks: 1},
				{Side: "server", Hop: "cdn", Start: t0, End: t0.Add(time.Minute), Checks: 1},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTest(t, Options{})
			for i, sh := range tt.sides {
				side, hop, _ := strings.Cut(sh, ":")
				if hop == "" {
					hop = "none"
				}
				s.Record(rec(a, t0.Add(time.Duration(i)*time.Minute), side, hop))
			}
			if err := s.Flush(); err != nil {
				t.Fatal(err)
			}
			got, err := s.Incidents(context.Background(), a, t0.Add(-time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d incidents %+v, want %d", len(got), got, len(tt.want))
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Side != w.Side || g.Hop != w.Hop || !g.Start.Equal(w.Start) || !g.End.Equal(w.End) || g.Checks != w.Checks {
					t.Errorf("incident %d = %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

func TestOpenIncidentSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	s, err := Open(path, Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	s.Record(rec("https://a.test/", t0, "server", "origin"))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(path, Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Record(rec("https://a.test/", t0.Add(time.Minute), "server", "origin"))
	s.Record(rec("https://a.test/", t0.Add(2*time.Minute), "ok", "none"))
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	got, err := s.Incidents(context.Background(), "", t0.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Checks != 2 || !got[0].End.Equal(t0.Add(2*time.Minute)) {
		t.Fatalf("incidents after reopen = %+v, want one of 2 checks ending at +2m", got)
	}
}

func TestCorruptDatabaseIsMovedAside(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "history.db")
	junk := []byte(strings.Repeat("this is not a database ", 500))
	if err := os.WriteFile(path, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, Options{Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !strings.Contains(s.Notice, "moved to") {
		t.Errorf("Notice = %q, want it to say where the old file went", s.Notice)
	}
	backup := path + ".corrupt-20261101-120000"
	if b, err := os.ReadFile(backup); err != nil || string(b) != string(junk) {
		t.Errorf("backup %s: err %v, intact %v", backup, err, string(b) == string(junk))
	}
	s.Record(rec("https://a.test/", t0, "ok", "none"))
	if err := s.Flush(); err != nil {
		t.Fatalf("fresh database unusable: %v", err)
	}
}

func TestNewerSchemaIsNotOverwritten(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	s, err := Open(path, Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(path, Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !strings.Contains(s.Notice, "newer gatewatch") {
		t.Errorf("Notice = %q", s.Notice)
	}
}

func TestMigrationsAreVersioned(t *testing.T) {
	s := openTest(t, Options{})
	var v int
	if err := s.db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != SchemaVersion {
		t.Errorf("user_version = %d, want %d", v, SchemaVersion)
	}
	var mode string
	if err := s.db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
}

func TestPruneAggregatesThenForgets(t *testing.T) {
	now := t0.Add(60 * Day)
	s := openTest(t, Options{Retention: Retention{Raw: 30 * Day, Aggregate: 45 * Day}})
	const a = "https://a.test/"
	// 50 days ago: beyond aggregate retention, gone entirely.
	s.Record(rec(a, now.Add(-50*Day), "server", "cdn"))
	s.Record(rec(a, now.Add(-50*Day+time.Minute), "ok", "none"))
	// 40 days ago: aggregated.
	s.Record(rec(a, now.Add(-40*Day), "ok", "none"))
	s.Record(rec(a, now.Add(-40*Day+time.Minute), "user", "dns"))
	// Recent: raw.
	s.Record(rec(a, now.Add(-time.Hour), "ok", "none"))
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	for range 2 { // idempotent
		if err := s.Prune(now); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	st, err := s.Stats(ctx, a, now.Add(-100*Day))
	if err != nil {
		t.Fatal(err)
	}
	want := Stats{Checks: 3, Failed: 1, FailedUser: 1}
	if st != want {
		t.Errorf("stats after prune = %+v, want %+v", st, want)
	}
	var raw int
	if err := s.db.QueryRow("SELECT count(*) FROM checks").Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if raw != 1 {
		t.Errorf("%d raw checks left, want 1", raw)
	}
	inc, err := s.Incidents(ctx, a, now.Add(-100*Day))
	if err != nil {
		t.Fatal(err)
	}
	if len(inc) != 1 || inc[0].Side != "user" {
		t.Errorf("incidents after prune = %+v, want only the user one from 40 days ago", inc)
	}
}

func TestReportSplitsBySide(t *testing.T) {
	now := t0.Add(10 * Day)
	s := openTest(t, Options{})
	a, b := "https://chatgpt.com/", "https://github.com/"
	at := func(d time.Duration) time.Time { return now.Add(-d) }
	add := func(site string, start time.Duration, mins int, side, hop string) {
		for i := range mins {
			s.Record(rec(site, at(start).Add(time.Duration(i)*time.Minute), side, hop))
		}
		s.Record(rec(site, at(start).Add(time.Duration(mins)*time.Minute), "ok", "none"))
	}
	add(a, 5*Day, 20, "server", "origin")
	add(a, 3*Day, 21, "server", "cdn")
	add(a, 2*Day, 3, "user", "isp")
	add(b, 2*Day, 3, "user", "isp") // the same network outage, seen by both
	add(b, Day/2, 2, "user", "router")
	add(b, Day/4, 1, "unknown", "none")
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	r, err := BuildOverview(context.Background(), s, "", now.Add(-Month), now, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := "In the last 30 days: chatgpt.com was down twice on its side for 41 min; your network failed twice for 5 min; github.com failed once for 1 min without a clear side."
	if r.Summary != want {
		t.Errorf("summary\n got %q\nwant %q", r.Summary, want)
	}
	if len(r.Sites) != 2 || r.Sites[0].Uptime30d <= 0 || r.Sites[0].Uptime30d >= 100 {
		t.Errorf("sites = %+v", r.Sites)
	}
	if len(r.Sites[0].Latency) == 0 || r.Sites[0].Latency[0].FirstByte != 40*time.Millisecond {
		t.Errorf("latency = %+v", r.Sites[0].Latency)
	}
}

func TestStatsUptime(t *testing.T) {
	tests := []struct {
		st   Stats
		want float64
	}{
		{Stats{}, -1},
		{Stats{Checks: 4, Failed: 1}, 75},
		{Stats{Checks: 2}, 100},
	}
	for _, tt := range tests {
		if got := tt.st.Uptime(); got != tt.want {
			t.Errorf("%+v.Uptime() = %v, want %v", tt.st, got, tt.want)
		}
	}
}

func TestDataDirs(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	home := func() (string, error) { return "/home/u", nil }
	noHome := func() (string, error) { return "", errors.New("no home") }
	tests := []struct {
		name string
		got  func() (string, error)
		want string
	}{
		{"xdg", func() (string, error) { return xdgDataDir(env(map[string]string{"XDG_DATA_HOME": "/data"}), home) }, "/data/gatewatch"},
		{"xdg relative ignored", func() (string, error) { return xdgDataDir(env(map[string]string{"XDG_DATA_HOME": "rel"}), home) }, "/home/u/.local/share/gatewatch"},
		{"linux default", func() (string, error) { return xdgDataDir(env(nil), home) }, "/home/u/.local/share/gatewatch"},
		{"linux no home", func() (string, error) { return xdgDataDir(env(nil), noHome) }, ""},
		{"darwin", func() (string, error) { return darwinDataDir(home) }, "/home/u/Library/Application Support/gatewatch"},
		{"windows", func() (string, error) {
			return windowsDataDir(env(map[string]string{"LocalAppData": `C:\Users\u\AppData\Local`}))
		}, filepath.Join(`C:\Users\u\AppData\Local`, "gatewatch")},
		{"windows unset", func() (string, error) { return windowsDataDir(env(nil)) }, ""},
	}
	for _, tt := range tests {
		got, err := tt.got()
		if (err != nil) != (tt.want == "") || got != tt.want {
			t.Errorf("%s: got %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}

func TestSummarizeWords(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{Day, "In the last 24 hours: no checks recorded."},
		{Week, "In the last 7 days: no checks recorded."},
		{6 * time.Hour, "In the last 6 hours: no checks recorded."},
	}
	for _, tt := range tests {
		if got := Summarize(Overview{Since: t0, Now: t0.Add(tt.d)}); got != tt.want {
			t.Errorf("Summarize(%s) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestReadOnlyLeavesADamagedFileAlone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	if err := os.WriteFile(path, []byte(strings.Repeat("junk ", 2000)), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path, Options{ReadOnly: true}); err == nil {
		t.Fatal("a damaged file opened read-only without error")
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the file was moved: %v", err)
	}
}

// A failed batch leaves the store consistent: the next batch still folds
// incidents correctly.
func TestFailedBatchRecovers(t *testing.T) {
	s := openTest(t, Options{})
	const a = "https://a.test/"
	s.Record(rec(a, t0, "server", "cdn"))
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`CREATE TRIGGER boom BEFORE INSERT ON checks WHEN NEW.status = 999 BEGIN SELECT RAISE(ABORT, 'boom'); END`); err != nil {
		t.Fatal(err)
	}
	bad := rec(a, t0.Add(time.Minute), "ok", "none")
	bad.Status = 999
	s.Record(rec("https://b.test/", t0.Add(time.Minute), "user", "isp"))
	s.Record(bad)
	if err := s.Flush(); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("Flush = %v, want the trigger's error", err)
	}
	s.Record(rec(a, t0.Add(2*time.Minute), "ok", "none"))
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	got, err := s.Incidents(context.Background(), "", t0.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Site != a || !got[0].End.Equal(t0.Add(2*time.Minute)) {
		t.Fatalf("incidents %+v, want a's closed at +2m and nothing of b", got)
	}
}
