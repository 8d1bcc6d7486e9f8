package history

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// snapshot is what a reader must leave as it found: the names in the
// directory and each file's bytes and modification time.
type snapshot map[string]string

func snap(t *testing.T, dir string) snapshot {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	s := snapshot{}
	for _, e := range ents {
		p := filepath.Join(dir, e.Name())
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s[e.Name()] = fi.ModTime().Format(time.RFC3339Nano) + " " + string(b)
	}
	return s
}

func (s snapshot) diff(o snapshot) string {
	var out []string
	for k, v := range s {
		if w, ok := o[k]; !ok {
			out = append(out, "removed "+k)
		} else if v != w {
			out = append(out, "changed "+k)
		}
	}
	for k := range o {
		if _, ok := s[k]; !ok {
			out = append(out, "added "+k)
		}
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

// writeDB makes a closed database with one failed check, at schema
// version (0: keep this build's).
func writeDB(t *testing.T, path string, version int) {
	t.Helper()
	s, err := Open(path, Options{Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	s.Record(rec("https://a.test/", t0, "server", "cdn"))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if version == 0 {
		return
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// What that version had: the tables and columns of the later
	// migrations go.
	if version < evidenceSchema {
		for _, col := range []string{"summary", "decided_by", "evidence"} {
			if _, err := db.Exec("ALTER TABLE incidents DROP COLUMN " + col); err != nil {
				t.Fatal(err)
			}
		}
	}
	if version < fixesSchema {
		if _, err := db.Exec("DROP TABLE fixes"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec("PRAGMA user_version = " + string(rune('0'+version))); err != nil {
		t.Fatal(err)
	}
}

// A reader never changes the database: no migration, no journal-mode
// switch, no new file beside it.
func TestReaderChangesNothing(t *testing.T) {
	tests := []struct {
		name    string
		version int // 0: this build's
		wantErr string
	}{
		{name: "current"},
		{name: "older schema", version: 1}, // a reader must not migrate it
		{name: "before the evidence", version: 2},
		{name: "newer schema", version: 9, wantErr: "written by a newer gatewatch (schema 9, this build knows 3): update gatewatch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "history.db")
			writeDB(t, path, tt.version)
			// Let a changed mtime show even on coarse file systems.
			old := t0.Add(-time.Hour)
			if err := os.Chtimes(path, old, old); err != nil {
				t.Fatal(err)
			}
			before := snap(t, dir)
			r, err := OverviewFromFile(context.Background(), path, "", t0.Add(-Day), t0.Add(time.Minute), 4)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("err %v, want %q", err, tt.wantErr)
				}
			} else if err != nil || r == nil || len(r.Sites) != 1 {
				t.Fatalf("overview %+v, %v", r, err)
			}
			if d := before.diff(snap(t, dir)); d != "" {
				t.Errorf("the read changed the directory: %s", d)
			}
		})
	}
}

// A file the reader may not write (a read-only copy, another user's
// file) still reads.
func TestReaderOnReadOnlyFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "history.db")
	writeDB(t, path, 0)
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	r, err := OverviewFromFile(context.Background(), path, "", t0.Add(-Day), t0.Add(time.Minute), 4)
	if err != nil || r == nil {
		t.Fatalf("overview %+v, %v", r, err)
	}
	if a, _ := os.ReadFile(path); !bytes.Equal(a, b) {
		t.Error("the file changed")
	}
}

// No database yet: no error for the window, ErrNoHistory for the
// command, and nothing is created, not even the directory.
func TestReaderMissing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "gatewatch")
	path := filepath.Join(dir, "history.db")
	r, err := OverviewFromFile(context.Background(), path, "", t0.Add(-Day), t0, 4)
	if r != nil || err != nil {
		t.Errorf("overview %+v, %v; want nil, nil", r, err)
	}
	if _, err := Open(path, Options{ReadOnly: true}); !errors.Is(err, ErrNoHistory) {
		t.Errorf("Open: %v, want ErrNoHistory", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the reader created %s: %v", dir, err)
	}
	// An empty file (created, no table yet) is no history either.
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path, Options{ReadOnly: true}); !errors.Is(err, ErrNoHistory) {
		t.Errorf("Open of an empty file: %v, want ErrNoHistory", err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() != 0 {
		t.Errorf("the empty file changed: %v, %v", fi, err)
	}
}

// Beside a running monitor the reader sees what it flushed (still in the
// WAL) and adds no file.
func TestReaderBesideWriter(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "history.db")
	w, err := Open(path, Options{Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	w.Record(rec("https://a.test/", t0, "server", "cdn"))
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	names := func() []string {
		ents, _ := os.ReadDir(dir)
		var n []string
		for _, e := range ents {
			n = append(n, e.Name())
		}
		return n
	}
	before := names()
	r, err := OverviewFromFile(context.Background(), path, "", t0.Add(-Day), t0.Add(time.Minute), 4)
	if err != nil || r == nil || len(r.Sites) != 1 || r.Sites[0].Window.Checks != 1 {
		t.Fatalf("overview %+v, %v", r, err)
	}
	if after := names(); !slices.Equal(before, after) {
		t.Errorf("files %v became %v", before, after)
	}
}
