package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// migrations are applied in order; PRAGMA user_version records how many
// ran. Never edit one that shipped: append a new one.
var migrations = []string{
	// 1: raw checks, daily aggregates, incidents. Checks name their site by
	// a number (sites.id), not its URL: a third of the bytes of a row and
	// of its index.
	`CREATE TABLE sites (
		id INTEGER PRIMARY KEY,
		url TEXT NOT NULL UNIQUE
	);
	CREATE TABLE checks (
		at INTEGER NOT NULL,          -- unix milliseconds
		site_id INTEGER NOT NULL,
		side TEXT NOT NULL,
		hop TEXT NOT NULL,
		rule TEXT NOT NULL,
		status INTEGER NOT NULL,
		err TEXT NOT NULL,
		dns_us INTEGER NOT NULL,
		connect_us INTEGER NOT NULL,
		tls_us INTEGER NOT NULL,
		first_byte_us INTEGER NOT NULL,
		total_us INTEGER NOT NULL,
		gateway TEXT NOT NULL
	);
	CREATE INDEX checks_site_at ON checks(site_id, at);
	CREATE TABLE daily (
		day TEXT NOT NULL,            -- YYYY-MM-DD, UTC
		site TEXT NOT NULL,
		checks INTEGER NOT NULL,
		failed INTEGER NOT NULL,
		failed_user INTEGER NOT NULL,
		failed_server INTEGER NOT NULL,
		ok_checks INTEGER NOT NULL,   -- checks whose timings are summed below
		dns_us INTEGER NOT NULL,
		connect_us INTEGER NOT NULL,
		tls_us INTEGER NOT NULL,
		first_byte_us INTEGER NOT NULL,
		PRIMARY KEY (site, day)
	);
	CREATE TABLE incidents (
		id INTEGER PRIMARY KEY,
		site TEXT NOT NULL,
		side TEXT NOT NULL,
		hop TEXT NOT NULL,
		rule TEXT NOT NULL,
		start INTEGER NOT NULL,       -- unix ms of the first failed check
		last INTEGER NOT NULL,        -- unix ms of the last failed check
		end INTEGER,                  -- unix ms of the check that succeeded; NULL while open
		checks INTEGER NOT NULL
	);
	CREATE INDEX incidents_site_start ON incidents(site, start);
	CREATE INDEX incidents_open ON incidents(end) WHERE end IS NULL;`,
	// 2: fix runs, whether from a window, the CLI or the tray.
	`CREATE TABLE fixes (
		at INTEGER NOT NULL,          -- unix milliseconds
		fix TEXT NOT NULL,
		url TEXT NOT NULL,            -- redacted
		undo INTEGER NOT NULL,
		dry_run INTEGER NOT NULL,
		steps TEXT NOT NULL,          -- one step per line, as shown before running
		ok INTEGER NOT NULL,
		error TEXT NOT NULL,
		outcome TEXT NOT NULL,
		side TEXT NOT NULL,           -- of the re-diagnosis
		hop TEXT NOT NULL
	);
	CREATE INDEX fixes_at ON fixes(at);`,
	// 3: the diagnosis at the time, kept with the incident: its summary,
	// the deciding evidence and every step (JSON of []verdict.Step).
	// Defaults keep the incidents of older databases readable: their
	// diagnosis was never stored, and the window says so.
	`ALTER TABLE incidents ADD COLUMN summary TEXT NOT NULL DEFAULT '';
	ALTER TABLE incidents ADD COLUMN decided_by TEXT NOT NULL DEFAULT '';
	ALTER TABLE incidents ADD COLUMN evidence TEXT NOT NULL DEFAULT '';`,
}

// SchemaVersion is the schema this build writes.
var SchemaVersion = len(migrations)

// errTooNew: the file was written by a newer gatewatch. It is treated like
// a corrupt file (moved aside, not overwritten), because this build cannot
// read it.
var errTooNew = errors.New("the history database was written by a newer gatewatch")

func migrate(ctx context.Context, db *sql.DB) error {
	var v int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("reading the schema version: %w", err)
	}
	if v > len(migrations) {
		return fmt.Errorf("%w (schema %d, this build knows %d)", errTooNew, v, len(migrations))
	}
	for i := v; i < len(migrations); i++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
		// PRAGMA takes no bound parameters; i+1 is our own integer.
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", i+1)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: setting the version: %w", i+1, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
	}
	return nil
}
