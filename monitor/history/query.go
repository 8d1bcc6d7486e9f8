package history

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Stats counts checks over a window.
type Stats struct {
	Checks       int `json:"checks"`
	Failed       int `json:"failed"`
	FailedUser   int `json:"failed_user"`   // failures on the user's side
	FailedServer int `json:"failed_server"` // failures on the site's side
}

// Uptime is the share of checks that succeeded, in percent; -1 with no
// checks (unknown is not 100 %).
func (s Stats) Uptime() float64 {
	if s.Checks == 0 {
		return -1
	}
	return 100 * float64(s.Checks-s.Failed) / float64(s.Checks)
}

// Stats counts the checks of site ("" = every site) since a time, from raw
// checks and, for days already aggregated, from the daily table (the two
// never hold the same check: aggregation moves rows).
func (s *Store) Stats(ctx context.Context, site string, since time.Time) (Stats, error) {
	var st Stats
	var raw, day [4]sql.NullInt64
	q := `SELECT count(*), sum(side != 'ok'), sum(side = 'user'), sum(side = 'server') FROM checks
		WHERE site_id = (SELECT id FROM sites WHERE url = ?) AND at >= ?`
	args := []any{site, since.UnixMilli()}
	if site == "" {
		q = `SELECT count(*), sum(side != 'ok'), sum(side = 'user'), sum(side = 'server') FROM checks WHERE at >= ?`
		args = args[1:]
	}
	if err := s.db.QueryRowContext(ctx, q, args...).Scan(&raw[0], &raw[1], &raw[2], &raw[3]); err != nil {
		return st, fmt.Errorf("history: counting checks: %w", err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT sum(checks), sum(failed), sum(failed_user), sum(failed_server)
		FROM daily WHERE day >= ? AND (? = '' OR site = ?)`, since.UTC().Format(time.DateOnly), site, site).
		Scan(&day[0], &day[1], &day[2], &day[3]); err != nil {
		return st, fmt.Errorf("history: counting aggregated checks: %w", err)
	}
	st.Checks = int(raw[0].Int64 + day[0].Int64)
	st.Failed = int(raw[1].Int64 + day[1].Int64)
	st.FailedUser = int(raw[2].Int64 + day[2].Int64)
	st.FailedServer = int(raw[3].Int64 + day[3].Int64)
	return st, nil
}

// LatencyPoint is the mean timing of successful checks in one bucket.
type LatencyPoint struct {
	At        time.Time     `json:"at"` // start of the bucket
	Checks    int           `json:"checks"`
	DNS       time.Duration `json:"dns"`
	Connect   time.Duration `json:"connect"`
	TLS       time.Duration `json:"tls"`
	FirstByte time.Duration `json:"first_byte"`
}

// Latency returns up to buckets points of mean phase timings of site's
// successful checks between since and until; empty buckets are left out.
func (s *Store) Latency(ctx context.Context, site string, since, until time.Time, buckets int) ([]LatencyPoint, error) {
	if buckets <= 0 || !until.After(since) {
		return nil, nil
	}
	width := max(until.Sub(since).Milliseconds()/int64(buckets), 1)
	rows, err := s.db.QueryContext(ctx, `SELECT (at - ?) / ?, count(*), avg(dns_us), avg(connect_us), avg(tls_us), avg(first_byte_us)
		FROM checks WHERE site_id = (SELECT id FROM sites WHERE url = ?) AND side = 'ok' AND at >= ? AND at < ?
		GROUP BY 1 ORDER BY 1`,
		since.UnixMilli(), width, site, since.UnixMilli(), until.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("history: reading latency: %w", err)
	}
	defer rows.Close()
	var out []LatencyPoint
	for rows.Next() {
		var b int64
		var p LatencyPoint
		var dns, conn, tls, fb float64
		if err := rows.Scan(&b, &p.Checks, &dns, &conn, &tls, &fb); err != nil {
			return nil, fmt.Errorf("history: reading latency: %w", err)
		}
		p.At = since.Add(time.Duration(b*width) * time.Millisecond)
		p.DNS, p.Connect, p.TLS, p.FirstByte = us(dns), us(conn), us(tls), us(fb)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("history: reading latency: %w", err)
	}
	return out, nil
}

func us(f float64) time.Duration { return time.Duration(f * float64(time.Microsecond)) }

// Sites lists every site with history, sorted.
func (s *Store) Sites(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT url FROM sites UNION SELECT site FROM daily UNION SELECT site FROM incidents ORDER BY 1`)
	if err != nil {
		return nil, fmt.Errorf("history: listing sites: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var site string
		if err := rows.Scan(&site); err != nil {
			return nil, fmt.Errorf("history: listing sites: %w", err)
		}
		out = append(out, site)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("history: listing sites: %w", err)
	}
	return out, nil
}
