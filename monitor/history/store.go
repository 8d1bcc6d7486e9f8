// Package history keeps every check result in a local SQLite database (the
// pure-Go modernc.org/sqlite driver, so gatewatch keeps a single cgo
// dependency) and answers the questions a person asks afterwards: how often
// was it up, how slow was it, and whose fault were the outages.
package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/gatewatch/gatewatch/monitor/verdict"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Record is one check result as stored.
type Record struct {
	At          time.Time
	Site        string // the normalised URL (monitor.ParseTarget)
	Side        string // ok, user, server, unknown
	Hop         string
	Rule        string
	Status      int
	ErrClass    string // checks.ErrKind, "" when none
	DNS         time.Duration
	Connect     time.Duration
	TLS         time.Duration
	FirstByte   time.Duration
	Total       time.Duration
	ErrorPageBy string // who generated the error page, when known (column "gateway")
	// Summary, DecidedBy and Evidence are the diagnosis of a failed check.
	// They are not stored per check (they would multiply the database):
	// the first failed check of an incident leaves them with the incident.
	Summary   string
	DecidedBy string
	Evidence  []verdict.Step
}

// Failed reports whether the check counts against uptime.
func (r Record) Failed() bool { return r.Side != "ok" }

// Retention says how long data is kept.
type Retention struct {
	Raw       time.Duration // every check (default 30 days)
	Aggregate time.Duration // daily aggregates and incidents (default a year)
}

// Default retention: 30 days of raw checks, a year of daily aggregates.
const (
	DefaultRawRetention       = 30 * 24 * time.Hour
	DefaultAggregateRetention = 365 * 24 * time.Hour
)

func (r Retention) withDefaults() Retention {
	if r.Raw <= 0 {
		r.Raw = DefaultRawRetention
	}
	if r.Aggregate <= 0 {
		r.Aggregate = DefaultAggregateRetention
	}
	if r.Aggregate < r.Raw {
		r.Aggregate = r.Raw
	}
	return r
}

// Options tune a store. Zero values are sensible.
type Options struct {
	Retention Retention
	// FlushEvery is how long records wait in memory before being written
	// in one transaction (default 5 s): with 1,000 sites a write per check
	// would mean 33 fsyncs a second.
	FlushEvery time.Duration
	// FlushAt writes at once when this many records wait (default 512).
	FlushAt int
	// Now is the clock (tests); default time.Now.
	Now func() time.Time
	// ReadOnly is for readers beside a running monitor (the history
	// command, the diagnosis window): no background writer, and a damaged
	// database is reported, never moved aside (the monitor owns it).
	ReadOnly bool
}

// Store is the history database. Record is safe for concurrent use and
// never blocks on the disk; queries read what has been flushed (Flush
// first when exactness matters).
type Store struct {
	db   *sql.DB
	path string
	opt  Options
	// schema is the database's version: SchemaVersion once migrated, maybe
	// older for a reader, which never migrates.
	schema int
	// Notice is set when the database had to be replaced (it was corrupt):
	// say it to the user once.
	Notice string

	flushMu sync.Mutex // one batch at a time, in order
	mu      sync.Mutex
	pending []Record
	open    map[string]*openIncident // the open incident of each failing site
	siteIDs map[string]int64         // sites.id by URL (written under flushMu)
	kick    chan struct{}
	queued  chan struct{} // the first record of a batch arrived: start the flush timer
	done    chan struct{}
	stopped chan struct{}
	lastErr error
	closed  bool
}

// DefaultPath is the database in the OS data directory (DataDir).
func DefaultPath() (string, error) {
	dir, err := DataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "history.db"), nil
}

// Open opens (creating or migrating) the database at path. A corrupt
// database is moved aside to path.corrupt-<time> and a fresh one is
// started; Store.Notice then says so. With Options.ReadOnly it only reads
// (openReader): a missing database is ErrNoHistory.
func Open(path string, opt Options) (*Store, error) {
	if opt.FlushEvery <= 0 {
		opt.FlushEvery = 5 * time.Second
	}
	if opt.FlushAt <= 0 {
		opt.FlushAt = 512
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	opt.Retention = opt.Retention.withDefaults()
	if opt.ReadOnly {
		db, schema, err := openReader(path)
		if err != nil {
			return nil, err
		}
		s := &Store{db: db, path: path, opt: opt, schema: schema, closed: true, // Record drops, Close only closes
			open: map[string]*openIncident{}, siteIDs: map[string]int64{}, stopped: make(chan struct{})}
		close(s.stopped)
		return s, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("creating the history directory: %w", err)
	}
	db, err := openDB(path)
	notice := ""
	if err != nil {
		if !isCorrupt(err) {
			return nil, fmt.Errorf("opening history %s: %w", path, err)
		}
		backup := fmt.Sprintf("%s.corrupt-%s", path, opt.Now().Format("20060102-150405"))
		if rerr := moveAside(path, backup); rerr != nil {
			return nil, fmt.Errorf("history %s is corrupt (%v) and could not be moved aside: %w", path, err, rerr)
		}
		notice = fmt.Sprintf("The history database %s was damaged (%v); it was moved to %s and a new one started.", path, err, backup)
		if db, err = openDB(path); err != nil {
			return nil, fmt.Errorf("starting a fresh history %s: %w", path, err)
		}
	}
	s := &Store{db: db, path: path, opt: opt, schema: SchemaVersion, Notice: notice, open: map[string]*openIncident{}, siteIDs: map[string]int64{},
		kick: make(chan struct{}, 1), queued: make(chan struct{}, 1), done: make(chan struct{}), stopped: make(chan struct{})}
	if err := s.loadOpenIncidents(); err != nil {
		db.Close()
		return nil, err
	}
	go s.flusher()
	return s, nil
}

// openDB opens the file, sets WAL and runs the migrations: any of them
// fails on a file that is not a database or is damaged.
func openDB(path string) (*sql.DB, error) {
	dsn := sqliteDSN(path, url.Values{"_pragma": {
		"busy_timeout(5000)", "journal_mode(WAL)", "synchronous(NORMAL)",
	}})
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("opening: %w", err)
	}
	// One connection: SQLite has a single writer anyway, and it keeps the
	// memory of page caches to one.
	db.SetMaxOpenConns(1)
	if err := migrate(context.Background(), db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func isCorrupt(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return true
		}
	}
	return errors.Is(err, errTooNew)
}

// moveAside renames the database and its WAL files out of the way.
func moveAside(path, backup string) error {
	if err := os.Rename(path, backup); err != nil {
		return fmt.Errorf("moving %s: %w", path, err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Rename(path+suffix, backup+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("moving %s: %w", path+suffix, err)
		}
	}
	return nil
}

// Path is where the database lives.
func (s *Store) Path() string { return s.path }

// Record queues one result; it is written with the next batch.
func (s *Store) Record(r Record) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	first := len(s.pending) == 0
	s.pending = append(s.pending, r)
	full := len(s.pending) >= s.opt.FlushAt
	s.mu.Unlock()
	wake := s.queued
	if full {
		wake = s.kick
	} else if !first {
		return
	}
	select {
	case wake <- struct{}{}:
	default:
	}
}

// Err returns the last write error, if any (writes happen in the
// background; the monitor reports it instead of losing it silently).
func (s *Store) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastErr
}

func (s *Store) flusher() {
	defer close(s.stopped)
	// Prune once at start too: a monitor that was off for weeks must not
	// wait an hour to forget.
	if err := s.Prune(s.opt.Now()); err != nil {
		s.setErr(err)
	}
	// The flush timer runs only while records wait: an idle monitor (a
	// desktop's few sites a minute apart) is not woken every FlushEvery
	// to find nothing to write.
	t := time.NewTimer(s.opt.FlushEvery)
	t.Stop()
	defer t.Stop()
	var due <-chan time.Time // nil while nothing is queued
	prune := time.NewTicker(time.Hour)
	defer prune.Stop()
	for {
		select {
		case <-s.done:
			return
		case <-s.queued:
			if due == nil {
				t.Reset(s.opt.FlushEvery)
				due = t.C
			}
			continue
		case <-s.kick:
		case <-due:
		case <-prune.C:
			if err := s.Prune(s.opt.Now()); err != nil {
				s.setErr(err)
			}
			continue
		}
		t.Stop()
		due = nil
		if err := s.Flush(); err != nil {
			s.setErr(err)
		}
	}
}

func (s *Store) setErr(err error) {
	s.mu.Lock()
	s.lastErr = err
	s.mu.Unlock()
}

// Flush writes the queued records in one transaction, folding failures
// into incidents as it goes.
func (s *Store) Flush() error {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	s.mu.Lock()
	batch := s.pending
	s.pending = nil
	s.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	err := s.writeBatch(batch)
	if err != nil {
		// The transaction was rolled back: the in-memory incident and
		// site numbers may name rows that no longer exist. Read them back
		// from the database; the batch itself is lost (and reported).
		s.open, s.siteIDs = map[string]*openIncident{}, map[string]int64{}
		if lerr := s.loadOpenIncidents(); lerr != nil {
			return fmt.Errorf("%w (and then: %v)", err, lerr)
		}
	}
	return err
}

func (s *Store) writeBatch(batch []Record) error {
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("history: starting a write: %w", err)
	}
	defer tx.Rollback() // no-op after Commit
	ins, err := tx.PrepareContext(ctx, `INSERT INTO checks
		(at, site_id, side, hop, rule, status, err, dns_us, connect_us, tls_us, first_byte_us, total_us, gateway)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		return fmt.Errorf("history: preparing insert: %w", err)
	}
	defer ins.Close()
	for _, r := range batch {
		id, err := s.siteID(ctx, tx, r.Site)
		if err != nil {
			return err
		}
		if _, err := ins.ExecContext(ctx, r.At.UnixMilli(), id, r.Side, r.Hop, r.Rule, r.Status, r.ErrClass,
			r.DNS.Microseconds(), r.Connect.Microseconds(), r.TLS.Microseconds(), r.FirstByte.Microseconds(),
			r.Total.Microseconds(), r.ErrorPageBy); err != nil {
			return fmt.Errorf("history: inserting a check of %s: %w", r.Site, err)
		}
		if err := s.foldIncident(ctx, tx, r); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("history: committing %d checks: %w", len(batch), err)
	}
	return nil
}

// siteID returns the site's number, adding it on first sight.
func (s *Store) siteID(ctx context.Context, tx *sql.Tx, site string) (int64, error) {
	if id, ok := s.siteIDs[site]; ok {
		return id, nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO sites (url) VALUES (?)`, site); err != nil {
		return 0, fmt.Errorf("history: adding site %s: %w", site, err)
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM sites WHERE url = ?`, site).Scan(&id); err != nil {
		return 0, fmt.Errorf("history: numbering site %s: %w", site, err)
	}
	s.siteIDs[site] = id
	return id, nil
}

// Close flushes what is queued and closes the database.
func (s *Store) Close() error {
	if s.opt.ReadOnly {
		if err := s.db.Close(); err != nil {
			return fmt.Errorf("closing history: %w", err)
		}
		return nil
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	close(s.done)
	<-s.stopped
	ferr := s.Flush()
	cerr := s.db.Close()
	if ferr != nil {
		return ferr
	}
	if cerr != nil {
		return fmt.Errorf("closing history: %w", cerr)
	}
	return nil
}

// FromVerdict is the record of one verdict of site, observed at at.
func FromVerdict(site string, v verdict.Verdict, at time.Time) Record {
	r := Record{At: at, Site: site, Side: string(v.Side), Hop: string(v.Hop), Rule: v.Rule,
		Status: v.Status, ErrClass: v.ErrClass, ErrorPageBy: v.ErrorPageBy,
		Total: time.Duration(v.ElapsedMS) * time.Millisecond}
	if r.Failed() {
		r.Summary, r.DecidedBy, r.Evidence = v.Summary, v.DecidedBy, v.Evidence
	}
	if p := v.Phases; p != nil {
		r.DNS, r.Connect, r.TLS, r.FirstByte = p.DNS, p.Connect, p.TLS, p.FirstByte
	}
	return r
}
