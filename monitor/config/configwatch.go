package config

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// configSettle waits for a burst of writes (an editor saving, an atomic
// rename) to end before reading the file once.
const configSettle = 250 * time.Millisecond

// WatchConfig calls onChange with the newly read config each time the file
// at path changes, until ctx ends. An invalid file is reported as an error
// (the caller keeps its current config: a typo while editing must not
// throw away a working setup). It watches the directory, since atomic
// writes replace the file rather than modify it.
func WatchConfig(ctx context.Context, path string, onChange func(Config, error)) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watching config %s: %w", path, err)
	}
	defer w.Close()
	dir := filepath.Dir(path)
	if err := w.Add(dir); err != nil {
		return fmt.Errorf("watching config directory %s: %w", dir, err)
	}
	name := filepath.Clean(path)
	var settle *time.Timer
	var fire <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			if settle != nil {
				settle.Stop()
			}
			return ctx.Err()
		case ev, ok := <-w.Events:
			if !ok {
				return errors.New("config watcher closed")
			}
			if filepath.Clean(ev.Name) != name || !ev.Has(fsnotify.Write|fsnotify.Create|fsnotify.Rename) {
				continue
			}
			if settle == nil {
				settle = time.NewTimer(configSettle)
			} else {
				settle.Reset(configSettle)
			}
			fire = settle.C
		case <-fire:
			fire = nil
			cfg, err := ReadConfig(path)
			if errors.Is(err, ErrNoConfig) {
				continue // renamed away mid-save; the new file follows
			}
			onChange(cfg, err)
		case err, ok := <-w.Errors:
			if !ok {
				return errors.New("config watcher closed")
			}
			return fmt.Errorf("watching config %s: %w", path, err)
		}
	}
}
