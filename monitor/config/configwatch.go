package config

import (
	"context"
	"errors"
	"fmt"
	"log"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// configSettle waits for a burst of writes (an editor saving, an atomic
// rename) to end before reading the file once.
const configSettle = 250 * time.Millisecond

// Backoff between attempts to re-create a failed watcher: the first
// wait, doubled each failure up to the last.
var (
	restartFirst = time.Second
	restartMax   = time.Minute
)

// fileWatcher is the part of fsnotify the config watch uses; tests wrap it
// to make it fail.
type fileWatcher struct {
	events <-chan fsnotify.Event
	errors <-chan error
	close  func() error
}

// newWatcher watches dir.
var newWatcher = func(dir string) (*fileWatcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	if err := w.Add(dir); err != nil {
		w.Close()
		return nil, fmt.Errorf("directory %s: %w", dir, err)
	}
	return &fileWatcher{events: w.Events, errors: w.Errors, close: w.Close}, nil
}

// WatchConfig calls onChange with the newly read config each time the file
// at path changes, until ctx ends. An invalid file is reported as an error
// (the caller keeps its current config: a typo while editing must not
// throw away a working setup). It watches the directory, since atomic
// writes replace the file rather than modify it.
//
// If the watch cannot start it returns the error. If it fails later (an
// inotify queue overflow, a directory briefly gone), the failure is logged
// and the watcher re-created with backoff, for the rest of the run; once
// it is back the file is read again, since a change may have been missed.
func WatchConfig(ctx context.Context, path string, onChange func(Config, error)) error {
	dir := filepath.Dir(path)
	w, err := newWatcher(dir)
	if err != nil {
		return fmt.Errorf("watching config %s: %w", path, err)
	}
	wait := restartFirst
	for {
		healthy, err := watchConfigOnce(ctx, w, path, onChange)
		w.close()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if healthy {
			wait = restartFirst // it worked for a while: not a tight loop
		}
		log.Printf("gatewatch: watching config %s: %v; watching again in %s", path, err, wait)
		for {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(wait):
			}
			wait = min(2*wait, restartMax)
			if w, err = newWatcher(dir); err == nil {
				break
			}
			log.Printf("gatewatch: watching config %s: %v; trying again in %s", path, err, wait)
		}
		deliver(path, onChange)
	}
}

// healthyAfter: a watch that ran this long before failing resets the
// backoff.
const healthyAfter = time.Minute

// watchConfigOnce runs one watcher until ctx ends or it fails; healthy
// says it ran long enough to reset the backoff.
func watchConfigOnce(ctx context.Context, w *fileWatcher, path string, onChange func(Config, error)) (healthy bool, err error) {
	start := time.Now()
	defer func() { healthy = time.Since(start) >= healthyAfter }()
	name := filepath.Clean(path)
	var settle *time.Timer
	var fire <-chan time.Time
	defer func() {
		if settle != nil {
			settle.Stop()
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case ev, ok := <-w.events:
			if !ok {
				return false, errors.New("watcher closed")
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
			deliver(path, onChange)
		case err, ok := <-w.errors:
			if !ok {
				return false, errors.New("watcher closed")
			}
			return false, err
		}
	}
}

// deliver reads the file and hands it over; a missing file is skipped
// (renamed away mid-save: the new file follows).
func deliver(path string, onChange func(Config, error)) {
	cfg, err := ReadConfig(path)
	if errors.Is(err, ErrNoConfig) {
		return
	}
	onChange(cfg, err)
}
