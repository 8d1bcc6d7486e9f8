// Package metrics exports the monitor's view in the Prometheus text format,
// so a team can scrape many desktops or headless monitors. Off by default;
// served on loopback only. The format is written here rather than with the
// official client library: a handful of gauges and one counter per site
// need no registry, and the library (with protobuf and procfs) was ~2 MB of
// the resident's memory — its code pages and its start-up heap — in every
// process, the many that never serve metrics included.
package metrics

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

var phases = [4]string{"dns", "connect", "tls", "first_byte"}

// sides are exported for every site, 0 for all but the last verdict's.
var sides = []verdict.Side{verdict.SideOK, verdict.SideUser, verdict.SideServer, verdict.SideUnknown}

// Exporter holds the metrics. Observe and the handler are safe for
// concurrent use.
type Exporter struct {
	mu    sync.Mutex
	sites map[string]*siteSeries
}

// siteSeries is one site's last verdict and its check counts.
type siteSeries struct {
	up     bool
	side   verdict.Side
	hop    string
	timed  bool // a request was timed once: phases are exported from then on
	phase  [4]float64
	checks map[verdict.Side]uint64
	last   float64 // unix seconds
}

// New builds an empty exporter.
func New() *Exporter {
	return &Exporter{sites: map[string]*siteSeries{}}
}

// Observe records one verdict (the monitor's recorder calls it).
func (e *Exporter) Observe(site string, v verdict.Verdict, at time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	ss := e.sites[site]
	if ss == nil {
		ss = &siteSeries{checks: map[verdict.Side]uint64{}}
		e.sites[site] = ss
	}
	ss.up = v.Side == verdict.SideOK
	ss.side = v.Side
	ss.hop = string(v.Hop) // one hop series per site, not one per hop ever seen
	if p := v.Phases; p != nil {
		ss.timed = true
		ss.phase = [4]float64{p.DNS.Seconds(), p.Connect.Seconds(), p.TLS.Seconds(), p.FirstByte.Seconds()}
	}
	ss.checks[v.Side]++
	ss.last = float64(at.Unix())
}

// Handler serves the metrics.
func (e *Exporter) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "GET only", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", contentType)
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write(e.appendText(nil)) // a scraper that hung up has nothing to be told
	})
}

// Serve listens on addr (loopback only) and serves /metrics until ctx ends.
// It returns the address bound (useful with port 0) once listening, and a
// channel that yields the server's error if it stops for any other reason
// than ctx ending.
func Serve(ctx context.Context, addr string, e *Exporter) (string, <-chan error, error) {
	if err := config.ValidateMetricsListen(addr); err != nil {
		return "", nil, fmt.Errorf("metrics: %w", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("metrics: listening on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", e.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx) // the process is stopping; a slow scraper is cut off
	}()
	errc := make(chan error, 1)
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errc <- fmt.Errorf("metrics: serving on %s: %w", addr, err)
		}
		close(errc)
	}()
	return ln.Addr().String(), errc, nil
}
