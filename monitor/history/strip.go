package history

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// CellState is what happened in one cell of the status strip.
type CellState string

// The states of a cell, in the order the legend lists them.
const (
	CellOK         CellState = "ok"          // every check succeeded
	CellServer     CellState = "server"      // failed on the site's side
	CellUser       CellState = "user"        // failed on the user's side
	CellUnknown    CellState = "unknown"     // failed, side not told
	CellNotChecked CellState = "not-checked" // no check: paused, asleep, not running
)

// Cell is one time bucket of a site's status strip.
type Cell struct {
	Start   time.Time `json:"start"`
	End     time.Time `json:"end"`
	Checks  int       `json:"checks"`
	OK      int       `json:"ok"`
	User    int       `json:"user"`
	Server  int       `json:"server"`
	Unknown int       `json:"unknown"`
	// Rules are the verdicts of the failed checks, sorted (raw checks
	// only: the daily aggregates of old days keep counts, not rules).
	Rules []string `json:"rules,omitempty"`
}

// State colours the cell. A bucket where both sides failed takes the side
// with more failed checks; a tie goes to the user's side, because a
// failing local network also makes sites look down, not the reverse.
// Unknown only when no failure had a side.
func (c Cell) State() CellState {
	switch {
	case c.Checks == 0:
		return CellNotChecked
	case c.User == 0 && c.Server == 0 && c.Unknown == 0:
		return CellOK
	case c.User > 0 && c.User >= c.Server:
		return CellUser
	case c.Server > 0:
		return CellServer
	}
	return CellUnknown
}

// Strip divides [since, until) into n equal cells and counts site's checks
// in each. Every cell is returned, empty ones too (not checked). Days the
// retention already folded into daily aggregates (UTC days) count in the
// cell holding the day's start. Aggregation moves rows, so a check is
// counted once even when a day was cut in two (part raw, part folded).
func (s *Store) Strip(ctx context.Context, site string, since, until time.Time, n int) ([]Cell, error) {
	cells, _, err := s.Series(ctx, site, since, until, n)
	return cells, err
}

// Series is the status strip (Strip) and the latency chart (Latency) of
// the same n buckets, from one pass over the raw checks: the History tab
// needs both, and the rows are most of the cost.
func (s *Store) Series(ctx context.Context, site string, since, until time.Time, n int) ([]Cell, []LatencyPoint, error) {
	if n <= 0 || !until.After(since) {
		return nil, nil, nil
	}
	width := max(until.Sub(since)/time.Duration(n), time.Millisecond)
	cells := make([]Cell, n)
	for i := range cells {
		cells[i].Start = since.Add(time.Duration(i) * width)
		cells[i].End = cells[i].Start.Add(width)
	}
	cells[n-1].End = until
	cellOf := func(at time.Time) int {
		i := int(at.Sub(since) / width)
		return min(max(i, 0), n-1)
	}
	// In time order (the (site_id, at) index gives it for free): the
	// latency buckets fill one after the other.
	rows, err := s.db.QueryContext(ctx, `SELECT at, side, rule, dns_us, connect_us, tls_us, first_byte_us FROM checks
		WHERE site_id = (SELECT id FROM sites WHERE url = ?) AND at >= ? AND at < ? ORDER BY at`,
		site, since.UnixMilli(), until.UnixMilli())
	if err != nil {
		return nil, nil, fmt.Errorf("history: reading checks for the charts: %w", err)
	}
	defer rows.Close()
	var lat latencyAcc
	for rows.Next() {
		var at, dns, conn, tls, fb int64
		var side, rule string
		if err := rows.Scan(&at, &side, &rule, &dns, &conn, &tls, &fb); err != nil {
			return nil, nil, fmt.Errorf("history: reading checks for the charts: %w", err)
		}
		i := cellOf(time.UnixMilli(at))
		c := &cells[i]
		c.Checks++
		switch side {
		case "ok":
			c.OK++
			lat.add(c.Start, c.End, [4]int64{dns, conn, tls, fb})
			continue
		case "user":
			c.User++
		case "server":
			c.Server++
		default:
			c.Unknown++
		}
		if rule != "" && !slices.Contains(c.Rules, rule) {
			c.Rules = append(c.Rules, rule)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("history: reading checks for the charts: %w", err)
	}
	if err := s.stripDaily(ctx, site, since, until, cells, cellOf); err != nil {
		return nil, nil, err
	}
	for i := range cells {
		slices.Sort(cells[i].Rules)
	}
	return cells, lat.done(), nil
}

// stripDaily adds the aggregated days to their cells.
func (s *Store) stripDaily(ctx context.Context, site string, since, until time.Time, cells []Cell, cellOf func(time.Time) int) error {
	from := since.UTC().Truncate(Day).Format(time.DateOnly)
	rows, err := s.db.QueryContext(ctx, `SELECT day, checks, failed, failed_user, failed_server FROM daily
		WHERE site = ? AND day >= ? AND day < ?`, site, from, until.UTC().Format(time.DateOnly))
	if err != nil {
		return fmt.Errorf("history: reading the status strip's old days: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var day string
		var checks, failed, user, server int
		if err := rows.Scan(&day, &checks, &failed, &user, &server); err != nil {
			return fmt.Errorf("history: reading the status strip's old days: %w", err)
		}
		start, err := time.Parse(time.DateOnly, strings.TrimSpace(day))
		if err != nil || start.Before(since) {
			continue // a day begun before the window: its share is unknown
		}
		c := &cells[cellOf(start)]
		c.Checks += checks
		c.OK += checks - failed
		c.User += user
		c.Server += server
		c.Unknown += failed - user - server
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("history: reading the status strip's old days: %w", err)
	}
	return nil
}
