package history

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// Incident is a run of consecutive failed checks of one site, on one side
// and hop. It ends at the first check that succeeds (or that fails on
// another side, which starts a new incident).
type Incident struct {
	Site   string    `json:"site"`
	Side   string    `json:"side"`
	Hop    string    `json:"hop"`
	Rule   string    `json:"rule"`
	Start  time.Time `json:"start"`
	End    time.Time `json:"end,omitzero"` // zero while ongoing
	Checks int       `json:"checks"`
	// The diagnosis of the incident's first check (schema 3 on; empty for
	// incidents recorded before).
	Summary   string         `json:"summary,omitempty"`
	DecidedBy string         `json:"decided_by,omitempty"`
	Evidence  []verdict.Step `json:"evidence,omitempty"`
}

// evidenceSchema is the migration that added the diagnosis columns.
const evidenceSchema = 3

// Ongoing reports an incident not over yet.
func (i Incident) Ongoing() bool { return i.End.IsZero() }

// Duration is how long it lasted, or has lasted until now.
func (i Incident) Duration(now time.Time) time.Duration {
	if i.Ongoing() {
		return max(now.Sub(i.Start), 0)
	}
	return i.End.Sub(i.Start)
}

type openIncident struct {
	id        int64
	side, hop string
}

func (s *Store) loadOpenIncidents() error {
	rows, err := s.db.Query(`SELECT id, site, side, hop FROM incidents WHERE end IS NULL`)
	if err != nil {
		return fmt.Errorf("history: reading open incidents: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var o openIncident
		var site string
		if err := rows.Scan(&o.id, &site, &o.side, &o.hop); err != nil {
			return fmt.Errorf("history: reading open incidents: %w", err)
		}
		s.open[site] = &o
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("history: reading open incidents: %w", err)
	}
	return nil
}

// foldIncident extends, closes or opens the site's incident for r. Called
// with flushMu held, inside the batch's transaction.
func (s *Store) foldIncident(ctx context.Context, tx *sql.Tx, r Record) error {
	at := r.At.UnixMilli()
	o := s.open[r.Site]
	if o != nil && (!r.Failed() || o.side != r.Side || o.hop != r.Hop) {
		if _, err := tx.ExecContext(ctx, `UPDATE incidents SET end = ? WHERE id = ?`, at, o.id); err != nil {
			return fmt.Errorf("history: closing an incident of %s: %w", r.Site, err)
		}
		delete(s.open, r.Site)
		o = nil
	}
	if !r.Failed() {
		return nil
	}
	if o != nil {
		if _, err := tx.ExecContext(ctx, `UPDATE incidents SET last = ?, checks = checks + 1 WHERE id = ?`, at, o.id); err != nil {
			return fmt.Errorf("history: extending an incident of %s: %w", r.Site, err)
		}
		return nil
	}
	evidence := ""
	if len(r.Evidence) > 0 {
		b, err := json.Marshal(r.Evidence)
		if err != nil {
			return fmt.Errorf("history: encoding the evidence of %s: %w", r.Site, err)
		}
		evidence = string(b)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO incidents (site, side, hop, rule, start, last, end, checks, summary, decided_by, evidence)
		VALUES (?,?,?,?,?,?,NULL,1,?,?,?)`, r.Site, r.Side, r.Hop, r.Rule, at, at, r.Summary, r.DecidedBy, evidence)
	if err != nil {
		return fmt.Errorf("history: opening an incident of %s: %w", r.Site, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("history: opening an incident of %s: %w", r.Site, err)
	}
	s.open[r.Site] = &openIncident{id: id, side: r.Side, hop: r.Hop}
	return nil
}

// Incidents lists the incidents of site ("" = every site) that overlap
// [since, now], newest first.
func (s *Store) Incidents(ctx context.Context, site string, since time.Time) ([]Incident, error) {
	cols := `summary, decided_by, evidence`
	if s.schema < evidenceSchema {
		cols = `'', '', ''` // a reader of an older database: none stored
	}
	q := `SELECT site, side, hop, rule, start, end, checks, ` + cols + ` FROM incidents
		WHERE (end IS NULL OR end >= ?) AND (? = '' OR site = ?) ORDER BY start DESC`
	rows, err := s.db.QueryContext(ctx, q, since.UnixMilli(), site, site)
	if err != nil {
		return nil, fmt.Errorf("history: listing incidents: %w", err)
	}
	defer rows.Close()
	var out []Incident
	for rows.Next() {
		var i Incident
		var start int64
		var end sql.NullInt64
		var evidence string
		if err := rows.Scan(&i.Site, &i.Side, &i.Hop, &i.Rule, &start, &end, &i.Checks, &i.Summary, &i.DecidedBy, &evidence); err != nil {
			return nil, fmt.Errorf("history: listing incidents: %w", err)
		}
		if evidence != "" {
			// A damaged value loses the evidence, not the incident.
			if err := json.Unmarshal([]byte(evidence), &i.Evidence); err != nil {
				i.Evidence = nil
			}
		}
		i.Start = time.UnixMilli(start)
		if end.Valid {
			i.End = time.UnixMilli(end.Int64)
		}
		out = append(out, i)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("history: listing incidents: %w", err)
	}
	return out, nil
}
