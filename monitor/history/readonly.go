package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
)

// ErrNoHistory: there is no database at the path yet (or the monitor
// created the file but no table in it): nothing recorded, not a failure.
var ErrNoHistory = errors.New("no history recorded yet")

// openReader opens the database for reading only, as the history command
// and the diagnosis window do beside a running monitor. It never creates
// a directory or a file, never migrates and never switches the journal
// mode: the monitor owns the file, and a reader that upgraded the schema
// under it (or created an empty database where the monitor will write)
// would change what it did not mean to.
func openReader(path string) (*sql.DB, int, error) {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, 0, fmt.Errorf("%s: %w", path, ErrNoHistory)
		}
		return nil, 0, fmt.Errorf("opening history %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", readerDSN(path))
	if err != nil {
		return nil, 0, fmt.Errorf("opening history %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	v, err := checkReadable(context.Background(), db)
	if err != nil {
		db.Close()
		return nil, 0, fmt.Errorf("opening history %s: %w", path, err)
	}
	return db, v, nil
}

// checkReadable returns the schema version when this build knows it, up
// to its own: an older one is read as it is (its tables are a subset, see
// Store.Fixes), a newer one may have changed what the columns mean.
func checkReadable(ctx context.Context, db *sql.DB) (int, error) {
	var v int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("reading the schema version: %w", err)
	}
	switch {
	case v > SchemaVersion:
		return 0, fmt.Errorf("%w (schema %d, this build knows %d): update gatewatch to read it", errTooNew, v, SchemaVersion)
	case v == 0:
		return 0, ErrNoHistory
	}
	return v, nil
}

// readerDSN opens path with mode=ro (O_RDONLY) and query_only (any write
// statement fails). The database is in WAL mode, and a WAL reader needs
// the -wal and -shm files beside it, which SQLite would create (and, read
// only, leave behind, owned by whoever ran the reader):
//   - they exist while a monitor has the database open: read through them,
//     with the usual locks;
//   - they do not exist: no connection is open, the file is complete.
//     immutable=1 then reads the file alone, creating nothing and taking
//     no lock. A monitor starting during the read writes to its new WAL
//     first and copies into the file only at a checkpoint (a thousand
//     pages later, or when it closes), far beyond a read's milliseconds;
//     at worst this one read sees an error, the file never does.
func readerDSN(path string) string {
	q := url.Values{"mode": {"ro"}, "_pragma": {"busy_timeout(5000)", "query_only(1)"}}
	if !exists(path+"-wal") && !exists(path+"-journal") {
		q.Set("immutable", "1")
	}
	return sqliteDSN(path, q)
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}
