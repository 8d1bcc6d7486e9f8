package logfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
)

// Default limits: a megabyte of log is weeks of a healthy resident and
// still pastes into a ticket; one old file keeps what led up to a rotation.
const (
	DefaultMax  = 1 << 20
	DefaultKeep = 1
)

// Writer appends to a log file and rotates it when the next write would
// take it past Max bytes: path → path.1 → … → path.<Keep>, the oldest
// dropped. Safe for concurrent use. Several processes may append to one
// file (the tray and a `gatewatch monitor`): the size is taken from the
// file, not counted, so each sees the others' lines.
type Writer struct {
	path string
	max  int64
	keep int

	mu sync.Mutex
	f  *os.File
}

// Open opens (creating it and its directory) the log at path. max <= 0
// and keep < 0 take the defaults; keep 0 keeps no old file.
func Open(path string, max int64, keep int) (*Writer, error) {
	if max <= 0 {
		max = DefaultMax
	}
	if keep < 0 {
		keep = DefaultKeep
	}
	w := &Writer{path: path, max: max, keep: keep}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("creating the log directory: %w", err)
	}
	if err := w.open(); err != nil {
		return nil, err
	}
	return w, nil
}

func (w *Writer) open() error {
	// 0600: lines may name the user's sites.
	f, err := os.OpenFile(w.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("opening the log: %w", err)
	}
	w.f = f
	return nil
}

// Path is the file written.
func (w *Writer) Path() string { return w.path }

// Write appends p (one log line), rotating first when it would not fit.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		return 0, fs.ErrClosed
	}
	if fi, err := w.f.Stat(); err == nil && fi.Size() > 0 && fi.Size()+int64(len(p)) > w.max {
		if err := w.rotate(); err != nil {
			return 0, err
		}
	}
	return w.f.Write(p)
}

// rotate shifts the old files along and starts an empty log. When the
// file cannot be renamed (Windows, while a reader has it open), it is
// emptied instead: the cap holds either way.
func (w *Writer) rotate() error {
	if err := w.f.Close(); err != nil {
		return fmt.Errorf("closing the log: %w", err)
	}
	w.f = nil
	if w.keep == 0 {
		return w.truncate()
	}
	for i := w.keep - 1; i >= 1; i-- {
		if err := os.Rename(w.old(i), w.old(i+1)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return w.truncate()
		}
	}
	if err := os.Rename(w.path, w.old(1)); err != nil {
		return w.truncate()
	}
	return w.open()
}

func (w *Writer) truncate() error {
	f, err := os.OpenFile(w.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("emptying the log: %w", err)
	}
	w.f = f
	return nil
}

func (w *Writer) old(i int) string { return w.path + "." + strconv.Itoa(i) }

// Close closes the file; later writes fail.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		return nil
	}
	err := w.f.Close()
	w.f = nil
	return err
}
