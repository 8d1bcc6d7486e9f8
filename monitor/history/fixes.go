package history

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/fix"
)

// FixLog records fix runs in the history database at Path. It opens the
// file for each run: fixes are rare, they run in short-lived processes
// (a window, the CLI), and the resident may hold the database meanwhile
// (SQLite's WAL and busy timeout let both write).
type FixLog struct{ Path string }

// LogFix appends r.
func (l FixLog) LogFix(r fix.Record) error {
	if err := os.MkdirAll(filepath.Dir(l.Path), 0o700); err != nil {
		return fmt.Errorf("history %s: %w", l.Path, err)
	}
	db, err := openDB(l.Path)
	if err != nil {
		return fmt.Errorf("history %s: %w", l.Path, err)
	}
	defer db.Close()
	_, err = db.ExecContext(context.Background(),
		`INSERT INTO fixes (at, fix, url, undo, dry_run, steps, ok, error, outcome, side, hop) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
		r.Time.UnixMilli(), r.ID, r.URL, r.Undo, r.DryRun, strings.Join(r.Steps, "\n"), r.OK, r.Error, r.Outcome, r.Side, r.Hop)
	if err != nil {
		return fmt.Errorf("history %s: recording fix %s: %w", l.Path, r.ID, err)
	}
	return nil
}

// fixesSchema is the migration that added the fixes table.
const fixesSchema = 2

// Fixes returns the fix runs since a time, oldest first; for one site
// when site is not empty (matched on the redacted URL the run recorded).
func (s *Store) Fixes(ctx context.Context, site string, since time.Time) ([]fix.Record, error) {
	if s.schema < fixesSchema {
		return nil, nil // a reader of an older database: no fix was recorded
	}
	q := `SELECT at, fix, url, undo, dry_run, steps, ok, error, outcome, side, hop FROM fixes WHERE at >= ?`
	args := []any{since.UnixMilli()}
	if site != "" {
		q += ` AND url = ?`
		args = append(args, site)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY at`, args...)
	if err != nil {
		return nil, fmt.Errorf("reading fix runs: %w", err)
	}
	defer rows.Close()
	var out []fix.Record
	for rows.Next() {
		var r fix.Record
		var at int64
		var steps string
		if err := rows.Scan(&at, &r.ID, &r.URL, &r.Undo, &r.DryRun, &steps, &r.OK, &r.Error, &r.Outcome, &r.Side, &r.Hop); err != nil {
			return nil, fmt.Errorf("reading fix runs: %w", err)
		}
		r.Time = time.UnixMilli(at)
		if steps != "" {
			r.Steps = strings.Split(steps, "\n")
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading fix runs: %w", err)
	}
	return out, nil
}

// FixLogger is where fix runs go for cfg: the history database (unless
// history is off in the config), and the JSON-lines file at jsonl when the
// database cannot take them, so no run goes unrecorded.
func FixLogger(cfg config.Config, jsonl string) fix.Logger {
	file := &fix.JSONL{Path: jsonl}
	if !cfg.HistoryEnabled() {
		return file
	}
	path := cfg.History.Path
	if path == "" {
		p, err := DefaultPath()
		if err != nil {
			return file
		}
		path = p
	}
	return fallbackLog{FixLog{Path: path}, file}
}

type fallbackLog struct {
	db   FixLog
	file fix.Logger
}

func (l fallbackLog) LogFix(r fix.Record) error {
	err := l.db.LogFix(r)
	if err == nil {
		return nil
	}
	if ferr := l.file.LogFix(r); ferr != nil {
		return fmt.Errorf("%w; and the fix log: %v", err, ferr)
	}
	return fmt.Errorf("%w (recorded in %s instead)", err, l.file.(*fix.JSONL).Path)
}
