package history

import (
	"context"
	"fmt"
	"time"
)

// Checks lists the raw checks of site ("" = every site) in [since, until),
// oldest first, for export (`gatewatch history --checks`). fn is called per
// row so a month of checks of many sites is never held in memory at once;
// an error from fn stops the listing and is returned.
func (s *Store) Checks(ctx context.Context, site string, since, until time.Time, fn func(Record) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT at, url, side, hop, rule, status, err, dns_us, connect_us, tls_us,
		first_byte_us, total_us, gateway FROM checks JOIN sites ON sites.id = checks.site_id
		WHERE (? = '' OR url = ?) AND at >= ? AND at < ? ORDER BY at, url`,
		site, site, since.UnixMilli(), until.UnixMilli())
	if err != nil {
		return fmt.Errorf("history: listing checks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r Record
		var at, dns, conn, tls, fb, total int64
		if err := rows.Scan(&at, &r.Site, &r.Side, &r.Hop, &r.Rule, &r.Status, &r.ErrClass,
			&dns, &conn, &tls, &fb, &total, &r.ErrorPageBy); err != nil {
			return fmt.Errorf("history: listing checks: %w", err)
		}
		r.At = time.UnixMilli(at)
		r.DNS, r.Connect, r.TLS = time.Duration(dns)*time.Microsecond, time.Duration(conn)*time.Microsecond, time.Duration(tls)*time.Microsecond
		r.FirstByte, r.Total = time.Duration(fb)*time.Microsecond, time.Duration(total)*time.Microsecond
		if err := fn(r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("history: listing checks: %w", err)
	}
	return nil
}
