package history

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
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

// LatencyPoint is the timing of the successful checks in one bucket: the
// mean of each phase (they stack to the mean time to first byte) and the
// median and 95th percentile of the time to first byte (DNS + connect +
// TLS + first byte), because a mean hides the slow checks people notice.
type LatencyPoint struct {
	At        time.Time     `json:"at"`  // start of the bucket
	End       time.Time     `json:"end"` // end of the bucket
	Checks    int           `json:"checks"`
	DNS       time.Duration `json:"dns"`
	Connect   time.Duration `json:"connect"`
	TLS       time.Duration `json:"tls"`
	FirstByte time.Duration `json:"first_byte"`
	P50       time.Duration `json:"p50"`
	P95       time.Duration `json:"p95"`
}

// Latency returns up to buckets points of site's successful checks
// between since and until; empty buckets are left out (a gap: nothing was
// measured). Percentiles need every value, so the rows are read and
// bucketed here: 30 days of checks a minute are 43,200 small rows.
func (s *Store) Latency(ctx context.Context, site string, since, until time.Time, buckets int) ([]LatencyPoint, error) {
	if buckets <= 0 || !until.After(since) {
		return nil, nil
	}
	width := max(until.Sub(since)/time.Duration(buckets), time.Millisecond)
	rows, err := s.db.QueryContext(ctx, `SELECT at, dns_us, connect_us, tls_us, first_byte_us
		FROM checks WHERE site_id = (SELECT id FROM sites WHERE url = ?) AND side = 'ok' AND at >= ? AND at < ?
		ORDER BY at`,
		site, since.UnixMilli(), until.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("history: reading latency: %w", err)
	}
	defer rows.Close()
	var out []LatencyPoint
	var ttfb []time.Duration
	var sum [4]time.Duration
	flush := func() {
		if len(ttfb) == 0 {
			return
		}
		p := &out[len(out)-1]
		n := time.Duration(len(ttfb))
		p.DNS, p.Connect, p.TLS, p.FirstByte = sum[0]/n, sum[1]/n, sum[2]/n, sum[3]/n
		slices.Sort(ttfb)
		p.P50, p.P95 = Percentile(ttfb, 50), Percentile(ttfb, 95)
		ttfb, sum = ttfb[:0], [4]time.Duration{}
	}
	cur := -1
	for rows.Next() {
		var at, dns, conn, tls, fb int64
		if err := rows.Scan(&at, &dns, &conn, &tls, &fb); err != nil {
			return nil, fmt.Errorf("history: reading latency: %w", err)
		}
		b := min(int(time.UnixMilli(at).Sub(since)/width), buckets-1)
		if b != cur {
			flush()
			cur = b
			start := since.Add(time.Duration(b) * width)
			end := start.Add(width)
			if b == buckets-1 {
				end = until
			}
			out = append(out, LatencyPoint{At: start, End: end})
		}
		ph := [4]time.Duration{time.Duration(dns) * time.Microsecond, time.Duration(conn) * time.Microsecond,
			time.Duration(tls) * time.Microsecond, time.Duration(fb) * time.Microsecond}
		for i, d := range ph {
			sum[i] += d
		}
		ttfb = append(ttfb, ph[0]+ph[1]+ph[2]+ph[3])
		out[len(out)-1].Checks++
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("history: reading latency: %w", err)
	}
	flush()
	return out, nil
}

// Percentile is the p-th percentile (nearest rank) of sorted values; 0
// when there are none.
func Percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 * n)
	return sorted[min(max(rank, 1), len(sorted))-1]
}

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
