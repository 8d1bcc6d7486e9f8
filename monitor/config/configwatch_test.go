package config

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestWatchConfigSeesAtomicSaveAndBadEdit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	cfg := Config{Interval: Duration{time.Minute}, Timeout: Duration{5 * time.Second}, Sites: []Site{{URL: "https://shop.example"}}}
	if err := SaveConfig(path, cfg); err != nil {
		t.Fatal(err)
	}
	type change struct {
		cfg Config
		err error
	}
	got := make(chan change, 8)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- WatchConfig(ctx, path, func(c Config, err error) { got <- change{c, err} }) }()
	defer func() {
		cancel()
		<-done
	}()
	time.Sleep(50 * time.Millisecond) // let the watch start

	cfg.Sites = append(cfg.Sites, Site{URL: "https://new.example"})
	if err := SaveConfig(path, cfg); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-got:
		if c.err != nil || len(c.cfg.Sites) != len(cfg.Sites) {
			t.Fatalf("after save: %d sites, err %v", len(c.cfg.Sites), c.err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no change seen within 5s")
	}

	if err := os.WriteFile(path, []byte("interval = ["), 0o600); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-got:
		if c.err == nil {
			t.Fatal("a broken file must be reported, not applied")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no change seen within 5s")
	}
}
