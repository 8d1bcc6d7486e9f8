package config

import (
	"context"
	"errors"
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

// A watcher error (inotify overflow) must not end config watching for the
// rest of the run: the watcher is re-created, the file re-read, and later
// saves are seen again.
func TestWatchConfigRecoversFromWatcherError(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	cfg := Config{Interval: Duration{time.Minute}, Timeout: Duration{5 * time.Second}, Sites: []Site{{URL: "https://shop.example"}}}
	if err := SaveConfig(path, cfg); err != nil {
		t.Fatal(err)
	}
	fail := make(chan error, 1)
	created := make(chan struct{}, 4)
	real := newWatcher
	newWatcher = func(d string) (*fileWatcher, error) {
		w, err := real(d)
		if err != nil {
			return nil, err
		}
		errs := make(chan error, 1)
		go func() {
			select {
			case e := <-fail:
				errs <- e
			case e, ok := <-w.errors:
				if ok {
					errs <- e
				}
			}
		}()
		created <- struct{}{}
		return &fileWatcher{events: w.events, errors: errs, close: w.close}, nil
	}
	oldFirst := restartFirst
	restartFirst = 10 * time.Millisecond
	defer func() { newWatcher, restartFirst = real, oldFirst }()

	got := make(chan int, 8)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- WatchConfig(ctx, path, func(c Config, err error) {
			if err == nil {
				got <- len(c.Sites)
			}
		})
	}()
	defer func() {
		cancel()
		<-done
	}()
	<-created
	fail <- errors.New("inotify queue overflow")
	select {
	case <-created:
	case <-time.After(5 * time.Second):
		t.Fatal("watcher not re-created after an error")
	}
	select {
	case n := <-got:
		if n != 1 {
			t.Fatalf("re-read after recovery: %d sites", n)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("file not re-read after recovery")
	}
	time.Sleep(50 * time.Millisecond)
	cfg.Sites = append(cfg.Sites, Site{URL: "https://new.example"})
	if err := SaveConfig(path, cfg); err != nil {
		t.Fatal(err)
	}
	select {
	case n := <-got:
		if n != 2 {
			t.Fatalf("after save: %d sites", n)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a save after recovery was not seen")
	}
}
