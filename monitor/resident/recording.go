// Package resident wires a watch loop to what the config asks for besides
// notifications (history, metrics, status pages) and sets the lean runtime
// of a process that runs all day. The tray and `gatewatch monitor` share it.
package resident

import (
	"context"
	"fmt"
	"log"
	"sync"
	"time"

	"github.com/gatewatch/gatewatch/monitor"
	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/history"
	"github.com/gatewatch/gatewatch/monitor/metrics"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// Recording connects a monitor to what the config asks for besides
// notifications: the history database (on by default), the status pages
// of failing sites, and the Prometheus endpoint (off by default). The tray
// and `gatewatch monitor` share it.
type Recording struct {
	Store       *history.Store
	Metrics     *metrics.Exporter
	MetricsAddr string   // bound address, when serving
	Notices     []string // things to tell the user once (a damaged database replaced)

	stop    context.CancelFunc
	mu      sync.Mutex
	lastErr error
}

// RecordOptions override the config (command-line flags).
type RecordOptions struct {
	DBPath    string // "" = config's history.path, else the data directory
	NoHistory bool
	Metrics   string // listen address; "" = config's metrics.listen
}

// StartRecording opens what cfg asks for and hooks it to mon.
func StartRecording(ctx context.Context, cfg config.Config, mon *monitor.Monitor, o RecordOptions) (*Recording, error) {
	r := &Recording{}
	if cfg.HistoryEnabled() && !o.NoHistory {
		path := o.DBPath
		if path == "" {
			path = cfg.History.Path
		}
		if path == "" {
			p, err := history.DefaultPath()
			if err != nil {
				return nil, err
			}
			path = p
		}
		s, err := history.Open(path, history.Options{Retention: history.Retention{Raw: cfg.History.Retention.Duration}})
		if err != nil {
			return nil, err
		}
		if s.Notice != "" {
			r.Notices = append(r.Notices, s.Notice)
		}
		r.Store = s
	}
	listen := o.Metrics
	if listen == "" {
		listen = cfg.Metrics.Listen
	}
	if listen != "" {
		mctx, cancel := context.WithCancel(ctx)
		r.stop = cancel
		r.Metrics = metrics.New()
		addr, errc, err := metrics.Serve(mctx, listen, r.Metrics)
		if err != nil {
			cancel()
			if r.Store != nil {
				r.Store.Close()
			}
			return nil, err
		}
		r.MetricsAddr = addr
		go func() {
			if err := <-errc; err != nil {
				log.Printf("gatewatch: %v", err)
			}
		}()
	}
	debugMemory(ctx, r.Store)
	mon.SetRecorder(r.record)
	mon.SetAnnotator(verdict.NewStatusPages(cfg).Annotate)
	return r, nil
}

func (r *Recording) record(site string, v verdict.Verdict, at time.Time) {
	if r.Store != nil {
		r.Store.Record(history.FromVerdict(site, v, at))
		// Writes happen in the background: say a new write error once,
		// rather than on every check or never.
		if err := r.Store.Err(); err != nil {
			r.mu.Lock()
			if r.lastErr == nil || err.Error() != r.lastErr.Error() {
				log.Printf("gatewatch: %v", err)
			}
			r.lastErr = err
			r.mu.Unlock()
		}
	}
	if r.Metrics != nil {
		r.Metrics.Observe(site, v, at)
	}
}

// Close flushes the history and stops the metrics endpoint.
func (r *Recording) Close() error {
	if r.stop != nil {
		r.stop()
	}
	if r.Store != nil {
		if err := r.Store.Close(); err != nil {
			return fmt.Errorf("closing history: %w", err)
		}
	}
	return nil
}
