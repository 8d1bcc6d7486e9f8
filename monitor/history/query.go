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
// bucketed here (Series): 30 days of checks a minute are 43,200 small rows.
func (s *Store) Latency(ctx context.Context, site string, since, until time.Time, buckets int) ([]LatencyPoint, error) {
	_, pts, err := s.Series(ctx, site, since, until, buckets)
	return pts, err
}

// latencyAcc builds the latency points of checks added in time order.
type latencyAcc struct {
	out  []LatencyPoint
	ttfb []time.Duration // of the current bucket
	sum  [4]time.Duration
}

// add counts one successful check (its phases in microseconds) in the
// bucket [start, end).
func (l *latencyAcc) add(start, end time.Time, phasesUS [4]int64) {
	if n := len(l.out); n == 0 || !l.out[n-1].At.Equal(start) {
		l.flush()
		l.out = append(l.out, LatencyPoint{At: start, End: end})
	}
	var total time.Duration
	for i, us := range phasesUS {
		d := time.Duration(us) * time.Microsecond
		l.sum[i] += d
		total += d
	}
	l.ttfb = append(l.ttfb, total)
	l.out[len(l.out)-1].Checks++
}

func (l *latencyAcc) flush() {
	if len(l.ttfb) == 0 {
		return
	}
	p := &l.out[len(l.out)-1]
	n := time.Duration(len(l.ttfb))
	p.DNS, p.Connect, p.TLS, p.FirstByte = l.sum[0]/n, l.sum[1]/n, l.sum[2]/n, l.sum[3]/n
	slices.Sort(l.ttfb)
	p.P50, p.P95 = Percentile(l.ttfb, 50), Percentile(l.ttfb, 95)
	l.ttfb, l.sum = l.ttfb[:0], [4]time.Duration{}
}

func (l *latencyAcc) done() []LatencyPoint {
	l.flush()
	return l.out
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
