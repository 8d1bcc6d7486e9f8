package history

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/monitor/fix"
)

func TestFixLogBesideAnOpenStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "history.db")
	// The resident holds the database open while a window logs a fix.
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	runs := []fix.Record{
		{Time: at, ID: "switch-dns", URL: "https://shop.example/", Steps: []string{"write /etc/resolv.conf", "nameserver 198.51.100.53"}, OK: true, Outcome: "Fixed: shop.example answers again", Side: "ok", Hop: "none"},
		{Time: at.Add(time.Minute), ID: "flush-dns", URL: "https://other.example/", DryRun: true, OK: true, Outcome: "dry run"},
	}
	for _, r := range runs {
		if err := (FixLog{Path: path}).LogFix(r); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Fixes(context.Background(), "", at.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "switch-dns" || len(got[0].Steps) != 2 || !got[0].Time.Equal(at) || !got[1].DryRun {
		t.Fatalf("fix runs read back: %+v", got)
	}
	one, err := s.Fixes(context.Background(), "https://other.example/", at.Add(-time.Hour))
	if err != nil || len(one) != 1 || one[0].ID != "flush-dns" {
		t.Fatalf("one site: %+v, %v", one, err)
	}
}
