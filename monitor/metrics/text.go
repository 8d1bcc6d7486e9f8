package metrics

import (
	"cmp"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"

	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// contentType is the Prometheus text exposition format, version 0.0.4.
const contentType = "text/plain; version=0.0.4; charset=utf-8"

// appendText writes every family in the text format: families in a fixed
// order, sites sorted, labels in alphabetical order (as the official
// client writes them, so dashboards and tests see the same lines).
func (e *Exporter) appendText(b []byte) []byte {
	e.mu.Lock()
	sites := make([]string, 0, len(e.sites))
	for s := range e.sites {
		sites = append(sites, s)
	}
	slices.Sort(sites)
	fam := func(name, typ, help string, each func(site string, ss *siteSeries)) {
		b = header(b, name, typ, help)
		for _, s := range sites {
			each(s, e.sites[s])
		}
	}
	fam("gatewatch_checks_total", "counter", "Checks made, by site and verdict side.", func(site string, ss *siteSeries) {
		keys := make([]verdict.Side, 0, len(ss.checks))
		for k := range ss.checks {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b verdict.Side) int { return cmp.Compare(a, b) })
		for _, k := range keys {
			b = sample(b, "gatewatch_checks_total", float64(ss.checks[k]), "side", string(k), "site", site)
		}
	})
	fam("gatewatch_site_hop", "gauge", "1 for the hop named by the site's last verdict.", func(site string, ss *siteSeries) {
		b = sample(b, "gatewatch_site_hop", 1, "hop", ss.hop, "site", site)
	})
	fam("gatewatch_site_last_check_timestamp_seconds", "gauge", "When the site was last checked (unix time).", func(site string, ss *siteSeries) {
		b = sample(b, "gatewatch_site_last_check_timestamp_seconds", ss.last, "site", site)
	})
	fam("gatewatch_site_phase_seconds", "gauge", "Timings of the site's last request, by phase (dns, connect, tls, first_byte).", func(site string, ss *siteSeries) {
		if !ss.timed {
			return // a site never timed has no phases
		}
		for i, p := range phases {
			b = sample(b, "gatewatch_site_phase_seconds", ss.phase[i], "phase", p, "site", site)
		}
	})
	fam("gatewatch_site_side", "gauge", "1 for the side of the site's last verdict (ok, user, server, unknown), 0 for the others.", func(site string, ss *siteSeries) {
		for _, s := range sides {
			b = sample(b, "gatewatch_site_side", bool01(ss.side == s), "side", string(s), "site", site)
		}
	})
	fam("gatewatch_site_up", "gauge", "1 when the site's last check succeeded, else 0.", func(site string, ss *siteSeries) {
		b = sample(b, "gatewatch_site_up", bool01(ss.up), "site", site)
	})
	e.mu.Unlock()
	return appendRuntime(b)
}

// appendRuntime adds the process's own figures, named as the official
// client's Go and process collectors name them (the part of them a
// dashboard of "stays cheap" uses).
func appendRuntime(b []byte) []byte {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/total:bytes"}}
	metrics.Read(s)
	b = header(b, "go_goroutines", "gauge", "Number of goroutines that currently exist.")
	b = sample(b, "go_goroutines", float64(runtime.NumGoroutine()))
	b = header(b, "go_info", "gauge", "Information about the Go environment.")
	b = sample(b, "go_info", 1, "version", runtime.Version())
	b = header(b, "go_memstats_heap_alloc_bytes", "gauge", "Number of heap bytes allocated and currently in use.")
	b = sample(b, "go_memstats_heap_alloc_bytes", float64(s[0].Value.Uint64()))
	b = header(b, "go_memstats_sys_bytes", "gauge", "Number of bytes obtained from system.")
	b = sample(b, "go_memstats_sys_bytes", float64(s[1].Value.Uint64()))
	b = header(b, "go_threads", "gauge", "Number of OS threads created.")
	b = sample(b, "go_threads", float64(pprof.Lookup("threadcreate").Count()))
	return appendProcess(b)
}

func header(b []byte, name, typ, help string) []byte {
	b = append(b, "# HELP "...)
	b = append(b, name...)
	b = append(b, ' ')
	b = append(b, help...) // fixed texts here, with no \ or newline to escape
	b = append(b, "\n# TYPE "...)
	b = append(b, name...)
	b = append(b, ' ')
	b = append(b, typ...)
	return append(b, '\n')
}

// sample writes one line; labels are name, value pairs, in order.
func sample(b []byte, name string, v float64, labels ...string) []byte {
	b = append(b, name...)
	if len(labels) > 0 {
		b = append(b, '{')
		for i := 0; i+1 < len(labels); i += 2 {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, labels[i]...)
			b = append(b, `="`...)
			b = append(b, labelEscaper.Replace(labels[i+1])...)
			b = append(b, '"')
		}
		b = append(b, '}')
	}
	b = append(b, ' ')
	b = strconv.AppendFloat(b, v, 'g', -1, 64)
	return append(b, '\n')
}

// labelEscaper escapes a label value as the text format requires.
var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

func bool01(v bool) float64 {
	if v {
		return 1
	}
	return 0
}
