package fix

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Record is one fix run, for the history.
type Record struct {
	Time    time.Time `json:"time"`
	ID      string    `json:"id"`
	URL     string    `json:"url,omitempty"` // redacted
	Undo    bool      `json:"undo,omitempty"`
	DryRun  bool      `json:"dry_run,omitempty"`
	Steps   []string  `json:"steps,omitempty"` // as DescribeStep says them
	OK      bool      `json:"ok"`
	Error   string    `json:"error,omitempty"`
	Outcome string    `json:"outcome"` // the message shown to the user
	Side    string    `json:"side,omitempty"`
	Hop     string    `json:"hop,omitempty"` // of the re-diagnosis
}

// Logger receives every fix run. The history database implements it; a
// JSON-lines file (JSONL) is the fallback.
type Logger interface {
	LogFix(Record) error
}

// JSONL appends records to a file, one JSON object per line. Appending
// one line per write (O_APPEND) keeps earlier records intact.
type JSONL struct {
	Path string
	mu   sync.Mutex
}

// DefaultLogPath is fixes.jsonl in the state directory.
func DefaultLogPath() (string, error) {
	d, err := StateDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "fixes.jsonl"), nil
}

// LogFix appends r.
func (l *JSONL) LogFix(r Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	line, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encoding fix record: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(l.Path), 0o700); err != nil {
		return fmt.Errorf("creating %s: %w", filepath.Dir(l.Path), err)
	}
	f, err := os.OpenFile(l.Path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("opening %s: %w", l.Path, err)
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", l.Path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("closing %s: %w", l.Path, err)
	}
	return nil
}
