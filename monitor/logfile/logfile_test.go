package logfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestDirs(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	home := func() (string, error) { return "/home/u", nil }
	noHome := func() (string, error) { return "", errors.New("no home") }
	tests := []struct {
		name string
		got  func() (string, error)
		want string // "" an error
	}{
		{"xdg set", func() (string, error) { return xdgDir(env(map[string]string{"XDG_STATE_HOME": "/s"}), home) }, "/s/gatewatch"},
		{"xdg default", func() (string, error) { return xdgDir(env(nil), home) }, "/home/u/.local/state/gatewatch"},
		{"xdg relative ignored", func() (string, error) { return xdgDir(env(map[string]string{"XDG_STATE_HOME": "s"}), home) }, "/home/u/.local/state/gatewatch"},
		{"xdg no home", func() (string, error) { return xdgDir(env(nil), noHome) }, ""},
		{"darwin", func() (string, error) { return darwinDir(home) }, "/home/u/Library/Logs/gatewatch"},
		{"darwin no home", func() (string, error) { return darwinDir(noHome) }, ""},
		{"windows", func() (string, error) { return windowsDir(env(map[string]string{"LocalAppData": "/L"})) }, "/L/gatewatch/logs"},
		{"windows unset", func() (string, error) { return windowsDir(env(nil)) }, ""},
	}
	for _, tt := range tests {
		got, err := tt.got()
		if (err != nil) != (tt.want == "") || got != tt.want {
			t.Errorf("%s: %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}

func size(t *testing.T, p string) int64 {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		return -1
	}
	return fi.Size()
}

// The file never grows past the cap; one old file is kept, the oldest
// lines dropped.
func TestRotation(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "logs", Name)
	w, err := Open(p, 1000, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	line := func(i int) string { return fmt.Sprintf("line %04d %s\n", i, strings.Repeat("x", 80)) } // 91 bytes
	for i := range 100 {
		if _, err := w.Write([]byte(line(i))); err != nil {
			t.Fatal(err)
		}
		if s := size(t, p); s > 1000 {
			t.Fatalf("after line %d the log is %d bytes, over the cap", i, s)
		}
	}
	// 10 lines a file (910 bytes): 90-99 current, 80-89 in .1, nothing older.
	cur, _ := os.ReadFile(p)
	old, _ := os.ReadFile(p + ".1")
	if !strings.HasPrefix(string(cur), line(90)) || !strings.HasSuffix(string(cur), line(99)) {
		t.Errorf("current log starts %.20q, ends %.20q", cur, cur[len(cur)-91:])
	}
	if !strings.HasPrefix(string(old), line(80)) || !strings.HasSuffix(string(old), line(89)) {
		t.Errorf("old log starts %.20q", old)
	}
	if _, err := os.Stat(p + ".2"); !os.IsNotExist(err) {
		t.Errorf("a second old file was kept: %v", err)
	}
	if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("log mode %v, %v", fi.Mode(), err)
	}
}

// Keep 2 shifts .1 to .2; keep 0 empties the file in place.
func TestRotationKeep(t *testing.T) {
	for _, keep := range []int{0, 2} {
		p := filepath.Join(t.TempDir(), Name)
		w, err := Open(p, 100, keep)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 4 {
			fmt.Fprintf(w, "%d%s\n", i, strings.Repeat("y", 59)) // 61 bytes: one a file
		}
		w.Close()
		var files []string
		ents, _ := os.ReadDir(filepath.Dir(p))
		for _, e := range ents {
			b, _ := os.ReadFile(filepath.Join(filepath.Dir(p), e.Name()))
			files = append(files, e.Name()+"="+string(b[:1]))
		}
		want := map[int]string{0: "[gatewatch.log=3]", 2: "[gatewatch.log=3 gatewatch.log.1=2 gatewatch.log.2=1]"}[keep]
		if got := fmt.Sprint(files); got != want {
			t.Errorf("keep %d: files %s, want %s", keep, got, want)
		}
	}
}

// Two writers (the tray and a monitor) share the cap: each sees the
// other's bytes.
func TestRotationSharedFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), Name)
	a, _ := Open(p, 500, 1)
	b, _ := Open(p, 500, 1)
	defer a.Close()
	defer b.Close()
	var wg sync.WaitGroup
	for _, w := range []*Writer{a, b} {
		wg.Go(func() {
			for range 20 {
				fmt.Fprintf(w, "%s\n", strings.Repeat("z", 49))
			}
		})
	}
	wg.Wait()
	if s := size(t, p); s > 500+50 { // a race of the two may add one line
		t.Errorf("shared log %d bytes", s)
	}
}

func TestTail(t *testing.T) {
	p := filepath.Join(t.TempDir(), Name)
	if lines, err := Tail(p, 50); lines != nil || err != nil {
		t.Errorf("missing log: %q, %v", lines, err)
	}
	var old, cur strings.Builder
	for i := range 30 {
		fmt.Fprintf(&old, "old %d\n", i)
	}
	for i := range 30 {
		fmt.Fprintf(&cur, "cur %d\n", i)
	}
	os.WriteFile(p+".1", []byte(old.String()), 0o600)
	os.WriteFile(p, []byte(cur.String()), 0o600)
	lines, err := Tail(p, 50)
	if err != nil || len(lines) != 50 || lines[0] != "old 10" || lines[49] != "cur 29" {
		t.Fatalf("tail %d lines: %q…%q, %v", len(lines), lines[0], lines[len(lines)-1], err)
	}
	// A huge file: only its end is read, the cut first line dropped.
	big := strings.Repeat(strings.Repeat("b", 99)+"\n", 2000) + "last\n"
	os.WriteFile(p, []byte(big), 0o600)
	lines, _ = Tail(p, 3)
	if len(lines) != 3 || lines[2] != "last" {
		t.Errorf("big tail %q", lines)
	}
}
