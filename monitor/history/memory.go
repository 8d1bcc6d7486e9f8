package history

import (
	"context"
	"fmt"

	"modernc.org/sqlite"
)

// Memory is what SQLite holds for the store's connection, in bytes. The
// driver's libc allocates it outside the Go heap (mmapped pages of
// modernc.org/memory), so Go's runtime statistics never show it, and the
// driver is built without SQLite's global memory statistics: the
// connection's own counters are the only view of it.
type Memory struct {
	Cache     int // page cache
	Schema    int // parsed schema
	Stmts     int // prepared statements
	Lookaside int // the connection's small-allocation arena in use
}

// Total is the sum of the parts.
func (m Memory) Total() int { return m.Cache + m.Schema + m.Stmts + m.Lookaside }

// Memory reads the connection's memory counters (sqlite3_db_status). It
// takes the connection for a moment: a flush in progress makes it wait.
func (s *Store) Memory(ctx context.Context) (Memory, error) {
	var m Memory
	c, err := s.db.Conn(ctx)
	if err != nil {
		return m, fmt.Errorf("history memory: %w", err)
	}
	defer c.Close()
	err = c.Raw(func(dc any) error {
		st, ok := dc.(sqlite.DBStatus)
		if !ok {
			return fmt.Errorf("driver has no db status")
		}
		for _, x := range []struct {
			op  sqlite.DBStatusOp
			dst *int
		}{
			{sqlite.DBStatusCacheUsed, &m.Cache},
			{sqlite.DBStatusSchemaUsed, &m.Schema},
			{sqlite.DBStatusStmtUsed, &m.Stmts},
			{sqlite.DBStatusLookasideUsed, &m.Lookaside},
		} {
			cur, _, err := st.Status(x.op, false)
			if err != nil {
				return err
			}
			*x.dst = cur
		}
		return nil
	})
	if err != nil {
		return m, fmt.Errorf("history memory: %w", err)
	}
	return m, nil
}
