package monitor

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestSnoozesPersist(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "snooze.json")
	if s, err := LoadSnoozes(path); err != nil || !s.All.IsZero() || len(s.Sites) != 0 {
		t.Fatalf("missing file = %+v, %v", s, err)
	}
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	s := Snoozes{All: now.Add(time.Hour), Sites: map[string]time.Time{
		"https://a.example/":   now.Add(4 * time.Hour),
		"https://old.example/": now.Add(-time.Minute), // over: not kept
	}}
	if err := SaveSnoozes(path, s, now); err != nil {
		t.Fatal(err)
	}
	got, err := LoadSnoozes(path)
	if err != nil {
		t.Fatal(err)
	}
	if !got.All.Equal(s.All) || len(got.Sites) != 1 || !got.Sites["https://a.example/"].Equal(now.Add(4*time.Hour)) {
		t.Errorf("loaded %+v", got)
	}
	if until, on := got.Until("https://a.example/", now); !on || !until.Equal(now.Add(4*time.Hour)) {
		t.Errorf("Until(a) = %v, %v", until, on)
	}
	if until, on := got.Until("https://b.example/", now); !on || !until.Equal(now.Add(time.Hour)) {
		t.Errorf("Until(b) = %v, %v: want the all-sites snooze", until, on)
	}
	if _, on := got.Until("https://b.example/", now.Add(2*time.Hour)); on {
		t.Error("b still snoozed after the all-sites snooze ended")
	}
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadSnoozes(path); err == nil {
		t.Error("corrupt file read without error")
	}
}
