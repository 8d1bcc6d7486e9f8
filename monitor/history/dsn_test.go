package history

import (
	"net/url"
	"os"
	"path/filepath"
	"testing"
)

func TestFileDSN(t *testing.T) {
	q := url.Values{"mode": {"ro"}}
	for _, tc := range []struct{ goos, path, want string }{
		{"windows", `C:\Users\ann\AppData\Local\gatewatch\history.db`, "file:///C:/Users/ann/AppData/Local/gatewatch/history.db?mode=ro"},
		{"windows", `c:/gw/h.db`, "file:///c:/gw/h.db?mode=ro"},
		{"windows", `\\server\share\h.db`, "file:////server/share/h.db?mode=ro"},
		{"windows", `h.db`, "file:h.db?mode=ro"},
		{"windows", `C:\My Files\50%\h#1?.db`, "file:///C:/My%20Files/50%25/h%231%3F.db?mode=ro"},
		{"linux", "/home/ann/.local/state/gatewatch/history.db", "file:///home/ann/.local/state/gatewatch/history.db?mode=ro"},
		{"linux", `C:\gw\h.db`, "file:C:%5Cgw%5Ch.db?mode=ro"}, // a file name with backslashes there
		{"linux", "/tmp/a b/50%/h#1?.db", "file:///tmp/a%20b/50%25/h%231%3F.db?mode=ro"},
	} {
		if got := fileDSN(tc.goos, tc.path, q); got != tc.want {
			t.Errorf("fileDSN(%s, %q) = %q, want %q", tc.goos, tc.path, got, tc.want)
		}
	}
}

// The database opens, writes and reads back under both path kinds this
// system can hold: an absolute one with URI-special characters and the
// Windows-looking relative one from the issue (on Linux, one file name).
func TestOpenAwkwardPaths(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, path := range []string{
		filepath.Join(dir, "a b", "50%", "h#1?.db"),
		`C:\gw\h.db`,
	} {
		s, err := Open(path, Options{Now: fixedNow})
		if err != nil {
			t.Fatalf("Open(%q): %v", path, err)
		}
		s.Record(rec("https://a.test/", t0, "server", "origin"))
		if err := s.Close(); err != nil {
			t.Fatalf("Close(%q): %v", path, err)
		}
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("the database is not where it was asked for: %v", err)
		}
		db, _, err := openReader(path)
		if err != nil {
			t.Fatalf("openReader(%q): %v", path, err)
		}
		var n int
		if err := db.QueryRow("SELECT count(*) FROM checks").Scan(&n); err != nil || n != 1 {
			t.Errorf("%q: %d checks (%v), want 1", path, n, err)
		}
		db.Close()
	}
}
