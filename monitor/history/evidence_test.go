package history

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// A database of schema 2 (before the diagnosis was stored) keeps its
// checks and incidents through the migration; its old incidents have no
// diagnosis, new ones do, and it survives a reopen.
func TestMigrationKeepsOldIncidentsAndAddsEvidence(t *testing.T) {
	const a = "https://a.test/"
	path := filepath.Join(t.TempDir(), "history.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range migrations[:2] {
		if _, err := db.Exec(m); err != nil {
			t.Fatalf("migration %d: %v", i+1, err)
		}
	}
	if _, err := db.Exec(fmt.Sprintf(`INSERT INTO sites (id, url) VALUES (1, '%s');
		INSERT INTO checks VALUES (%d, 1, 'server', 'cdn', 'cdn-error', 502, '', 0, 0, 0, 0, 0, '');
		INSERT INTO incidents (site, side, hop, rule, start, last, end, checks) VALUES ('%s', 'server', 'cdn', 'cdn-error', %d, %d, %d, 1);
		PRAGMA user_version = 2;`, a, t0.UnixMilli(), a, t0.UnixMilli(), t0.UnixMilli(), t0.Add(time.Minute).UnixMilli())); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s, err := Open(path, Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	evidence := []verdict.Step{{Check: "dns", OK: true, Detail: "a.test -> 192.0.2.7", MS: 3},
		{Check: "http", OK: false, Detail: "502 from the CDN", MS: 40}}
	v := verdict.Verdict{Side: verdict.SideServer, Hop: verdict.HopCDN, Rule: "cdn-error", Summary: "a.test is down at its CDN.",
		DecidedBy: "http", Evidence: evidence, Status: 502}
	s.Record(FromVerdict(a, v, t0.Add(time.Hour)))
	later := v
	later.Summary, later.Evidence = "a later check", nil
	s.Record(FromVerdict(a, later, t0.Add(time.Hour+time.Minute))) // extends: the first diagnosis stays
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	for _, opt := range []Options{{Now: fixedNow}, {ReadOnly: true}} {
		s, err := Open(path, opt)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Incidents(context.Background(), a, t0.Add(-time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if s.schema != SchemaVersion || len(got) != 2 {
			t.Fatalf("schema %d, incidents %+v", s.schema, got)
		}
		if n, o := got[0], got[1]; n.Summary != v.Summary || n.DecidedBy != "http" || !slices.Equal(n.Evidence, evidence) || n.Checks != 2 {
			t.Errorf("read-only %v: new incident %+v", opt.ReadOnly, n)
		} else if o.Summary != "" || o.Evidence != nil || o.Rule != "cdn-error" || !o.Start.Equal(t0) {
			t.Errorf("read-only %v: old incident %+v", opt.ReadOnly, o)
		}
		var checks int
		if err := s.db.QueryRow(`SELECT count(*) FROM checks`).Scan(&checks); err != nil || checks != 3 {
			t.Errorf("%d checks (%v), want 3", checks, err)
		}
		s.Close()
	}
}

// A successful check carries no diagnosis to store.
func TestFromVerdictKeepsEvidenceOfFailuresOnly(t *testing.T) {
	ev := []verdict.Step{{Check: "http", OK: true}}
	ok := FromVerdict("https://a.test/", verdict.Verdict{Side: verdict.SideOK, Summary: "fine", Evidence: ev}, t0)
	if ok.Summary != "" || ok.Evidence != nil {
		t.Errorf("ok check kept %+v", ok)
	}
	bad := FromVerdict("https://a.test/", verdict.Verdict{Side: verdict.SideUser, Summary: "dns", DecidedBy: "dns", Evidence: ev}, t0)
	if bad.Summary != "dns" || bad.DecidedBy != "dns" || len(bad.Evidence) != 1 {
		t.Errorf("failed check lost %+v", bad)
	}
}

func TestChecksListing(t *testing.T) {
	const a, b = "https://a.test/", "https://b.test/"
	s := openTest(t, Options{})
	s.Record(rec(a, t0, "ok", "none"))
	s.Record(rec(b, t0.Add(time.Minute), "server", "cdn"))
	s.Record(rec(a, t0.Add(2*time.Minute), "user", "isp"))
	s.Record(rec(a, t0.Add(time.Hour), "ok", "none")) // outside
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		site string
		want []string
	}{
		{"", []string{a + " ok", b + " server", a + " user"}},
		{a, []string{a + " ok", a + " user"}},
		{"https://c.test/", nil},
	}
	for _, tt := range tests {
		var got []string
		err := s.Checks(context.Background(), tt.site, t0, t0.Add(time.Hour), func(r Record) error {
			if r.FirstByte != 40*time.Millisecond || r.Hop == "" {
				t.Errorf("row %+v", r)
			}
			got = append(got, r.Site+" "+r.Side)
			return nil
		})
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("site %q: %v (%v), want %v", tt.site, got, err, tt.want)
		}
	}
	stop := fmt.Errorf("enough")
	if err := s.Checks(context.Background(), "", t0, t0.Add(time.Hour), func(Record) error { return stop }); err != stop {
		t.Errorf("err %v, want the callback's", err)
	}
}
