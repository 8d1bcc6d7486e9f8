// Package metrics exports the monitor's view in the Prometheus text format
// (the official client library), so a team can scrape many desktops or
// headless monitors. Off by default; served on loopback only.
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
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

var (
	sidesArr = [...]verdict.Side{verdict.SideOK, verdict.SideUser, verdict.SideServer, verdict.SideUnknown}
	sides    = sidesArr[:]
	phases   = [4]string{"dns", "connect", "tls", "first_byte"}
)

// Exporter holds the metrics. Observe is safe for concurrent use.
type Exporter struct {
	reg    *prometheus.Registry
	up     *prometheus.GaugeVec
	side   *prometheus.GaugeVec
	hop    *prometheus.GaugeVec
	phase  *prometheus.GaugeVec
	checks *prometheus.CounterVec
	last   *prometheus.GaugeVec

	mu     sync.Mutex
	series map[string]*siteSeries
}

// siteSeries are one site's series, looked up once: finding a series by
// its label values hashes them, and a check sets a dozen series.
type siteSeries struct {
	up, last prometheus.Gauge
	side     [len(sidesArr)]prometheus.Gauge
	phase    [4]prometheus.Gauge // dns, connect, tls, first_byte
	checks   map[verdict.Side]prometheus.Counter
	hop      string // the hop currently exported
	hopG     prometheus.Gauge
}

// New builds an exporter with its own registry (plus the Go runtime and
// process collectors: memory and goroutines are part of "stays cheap").
func New() *Exporter {
	e := &Exporter{
		reg: prometheus.NewRegistry(),
		up: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "gatewatch_site_up",
			Help: "1 when the site's last check succeeded, else 0."}, []string{"site"}),
		side: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "gatewatch_site_side",
			Help: "1 for the side of the site's last verdict (ok, user, server, unknown), 0 for the others."}, []string{"site", "side"}),
		hop: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "gatewatch_site_hop",
			Help: "1 for the hop named by the site's last verdict."}, []string{"site", "hop"}),
		phase: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "gatewatch_site_phase_seconds",
			Help: "Timings of the site's last request, by phase (dns, connect, tls, first_byte)."}, []string{"site", "phase"}),
		checks: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "gatewatch_checks_total",
			Help: "Checks made, by site and verdict side."}, []string{"site", "side"}),
		last: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "gatewatch_site_last_check_timestamp_seconds",
			Help: "When the site was last checked (unix time)."}, []string{"site"}),
		series: map[string]*siteSeries{},
	}
	e.reg.MustRegister(e.up, e.side, e.hop, e.phase, e.checks, e.last,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return e
}

// Observe records one verdict (the monitor's recorder calls it).
func (e *Exporter) Observe(site string, v verdict.Verdict, at time.Time) {
	up := 0.0
	if v.Side == verdict.SideOK {
		up = 1
	}
	e.mu.Lock()
	ss := e.seriesOf(site)
	if ss.hopG == nil || ss.hop != string(v.Hop) {
		if ss.hopG != nil {
			e.hop.DeleteLabelValues(site, ss.hop) // one hop series per site, not one per hop ever seen
		}
		ss.hop, ss.hopG = string(v.Hop), e.hop.WithLabelValues(site, string(v.Hop))
	}
	if v.Phases != nil && ss.phase[0] == nil {
		// Only once a request was timed: a site never timed has no phases.
		for i, p := range phases {
			ss.phase[i] = e.phase.WithLabelValues(site, p)
		}
	}
	checks := ss.checks[v.Side]
	if checks == nil {
		checks = e.checks.WithLabelValues(site, string(v.Side))
		ss.checks[v.Side] = checks
	}
	e.mu.Unlock()
	ss.up.Set(up)
	for i, s := range sides {
		val := 0.0
		if s == v.Side {
			val = 1
		}
		ss.side[i].Set(val)
	}
	ss.hopG.Set(1)
	if p := v.Phases; p != nil {
		ss.phase[0].Set(p.DNS.Seconds())
		ss.phase[1].Set(p.Connect.Seconds())
		ss.phase[2].Set(p.TLS.Seconds())
		ss.phase[3].Set(p.FirstByte.Seconds())
	}
	checks.Inc()
	ss.last.Set(float64(at.Unix()))
}

// seriesOf finds or creates the site's series; e.mu is held.
func (e *Exporter) seriesOf(site string) *siteSeries {
	if ss := e.series[site]; ss != nil {
		return ss
	}
	ss := &siteSeries{up: e.up.WithLabelValues(site), last: e.last.WithLabelValues(site), checks: map[verdict.Side]prometheus.Counter{}}
	for i, s := range sides {
		ss.side[i] = e.side.WithLabelValues(site, string(s))
	}
	e.series[site] = ss
	return ss
}

// Handler serves the metrics.
func (e *Exporter) Handler() http.Handler {
	return promhttp.HandlerFor(e.reg, promhttp.HandlerOpts{})
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
