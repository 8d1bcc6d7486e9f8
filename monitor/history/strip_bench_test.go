package history

import (
	"context"
	"testing"
	"time"
)

// BenchmarkWindowReads measures what the History tab reads per window for
// a site checked every minute for 30 days (43,200 raw checks):
// go test ./monitor/history -run '^$' -bench WindowReads -benchtime 20x
func BenchmarkWindowReads(b *testing.B) {
	const a = "https://a.test/"
	now := t0.Add(30 * Day)
	s, err := Open(b.TempDir()+"/h.db", Options{Now: func() time.Time { return now }, FlushAt: 1 << 20})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for at := t0; at.Before(now); at = at.Add(time.Minute) {
		side := "ok"
		if at.Minute()%97 == 0 {
			side = "server"
		}
		s.Record(rec(a, at, side, "cdn"))
	}
	if err := s.Flush(); err != nil {
		b.Fatal(err)
	}
	for _, w := range []struct {
		name string
		d    time.Duration
		n    int
	}{{"24h", Day, 96}, {"30d", Month, 90}} {
		b.Run(w.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := BuildOverview(context.Background(), s, a, now.Add(-w.d), now, w.n); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
