package history

import (
	"context"
	"fmt"
	"time"
)

// Prune folds raw checks older than the raw retention into daily
// aggregates (added to what a day already has, so a day cut in two is
// summed correctly), deletes them, and drops aggregates and finished
// incidents older than the aggregate retention. The store runs it hourly;
// it is idempotent.
func (s *Store) Prune(now time.Time) error {
	s.flushMu.Lock() // incidents closed by a batch must not race the delete
	defer s.flushMu.Unlock()
	ret := s.opt.Retention
	rawCut := now.Add(-ret.Raw).UnixMilli()
	aggCut := now.Add(-ret.Aggregate)
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("history: pruning: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO daily
		(day, site, checks, failed, failed_user, failed_server, ok_checks, dns_us, connect_us, tls_us, first_byte_us)
		SELECT strftime('%Y-%m-%d', at / 1000, 'unixepoch'), url, count(*),
			sum(side != 'ok'), sum(side = 'user'), sum(side = 'server'), sum(side = 'ok'),
			sum(CASE WHEN side = 'ok' THEN dns_us ELSE 0 END),
			sum(CASE WHEN side = 'ok' THEN connect_us ELSE 0 END),
			sum(CASE WHEN side = 'ok' THEN tls_us ELSE 0 END),
			sum(CASE WHEN side = 'ok' THEN first_byte_us ELSE 0 END)
		FROM checks JOIN sites ON sites.id = checks.site_id
		WHERE site_id IN (SELECT id FROM sites) AND at < ? GROUP BY 1, url
		ON CONFLICT (site, day) DO UPDATE SET
			checks = checks + excluded.checks, failed = failed + excluded.failed,
			failed_user = failed_user + excluded.failed_user, failed_server = failed_server + excluded.failed_server,
			ok_checks = ok_checks + excluded.ok_checks, dns_us = dns_us + excluded.dns_us,
			connect_us = connect_us + excluded.connect_us, tls_us = tls_us + excluded.tls_us,
			first_byte_us = first_byte_us + excluded.first_byte_us`, rawCut); err != nil {
		return fmt.Errorf("history: aggregating old checks: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM checks WHERE site_id IN (SELECT id FROM sites) AND at < ?`, rawCut); err != nil {
		return fmt.Errorf("history: deleting old checks: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM daily WHERE day < ?`, aggCut.UTC().Format(time.DateOnly)); err != nil {
		return fmt.Errorf("history: deleting old aggregates: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM incidents WHERE end IS NOT NULL AND end < ?`, aggCut.UnixMilli()); err != nil {
		return fmt.Errorf("history: deleting old incidents: %w", err)
	}
	// The IN (SELECT id FROM sites) above lets SQLite walk the (site_id,
	// at) index per site instead of scanning every row.
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("history: pruning: %w", err)
	}
	return nil
}
