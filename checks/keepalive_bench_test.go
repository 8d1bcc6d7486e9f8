package checks

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkHTTPRoutine is one routine check of a working plain-HTTP site:
// through the lean pool (kept connection), through the pool's Transport
// (kept connection, two goroutines), and without a pool (a fresh
// connection each time, as diagnoses do). The server runs in-process, so
// ns/op includes its side; allocs/op is the client's plus the server's.
func BenchmarkHTTPRoutine(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok\n") }))
	defer srv.Close()
	u := mustURL(b, srv.URL+"/site/1")
	for _, bc := range []struct {
		name string
		pool *ConnPool
	}{{"lean-kept", &ConnPool{}}, {"transport-kept", &ConnPool{viaTransport: true}}, {"fresh", nil}} {
		b.Run(bc.name, func(b *testing.B) {
			opt := HTTPOptions{Pool: bc.pool}
			b.ReportAllocs()
			for b.Loop() {
				if res := HTTP(context.Background(), u, opt); res.Err != ErrNone {
					b.Fatal(res.Error)
				}
			}
			if bc.pool != nil {
				bc.pool.Refresh()
			}
		})
	}
}
