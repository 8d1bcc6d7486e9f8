package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/gatewatch/gatewatch/monitor/history"
)

// checkRow is one raw check as exported: times in RFC 3339 (UTC) and
// durations in milliseconds, so a spreadsheet or jq needs no conversion.
type checkRow struct {
	At          string  `json:"at"`
	Site        string  `json:"site"`
	Side        string  `json:"side"`
	Hop         string  `json:"hop"`
	Rule        string  `json:"rule"`
	Status      int     `json:"status"`
	ErrClass    string  `json:"error_class"`
	DNS         float64 `json:"dns_ms"`
	Connect     float64 `json:"connect_ms"`
	TLS         float64 `json:"tls_ms"`
	FirstByte   float64 `json:"first_byte_ms"`
	Total       float64 `json:"total_ms"`
	ErrorPageBy string  `json:"error_page_by"`
}

var checkHeader = []string{"at", "site", "side", "hop", "rule", "status", "error_class",
	"dns_ms", "connect_ms", "tls_ms", "first_byte_ms", "total_ms", "error_page_by"}

func toRow(r history.Record) checkRow {
	return checkRow{At: r.At.UTC().Format(time.RFC3339Nano), Site: r.Site, Side: r.Side, Hop: r.Hop, Rule: r.Rule,
		Status: r.Status, ErrClass: r.ErrClass, DNS: msOf(r.DNS), Connect: msOf(r.Connect), TLS: msOf(r.TLS),
		FirstByte: msOf(r.FirstByte), Total: msOf(r.Total), ErrorPageBy: r.ErrorPageBy}
}

func msOf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func ms(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func (c checkRow) record() []string {
	return []string{c.At, c.Site, c.Side, c.Hop, c.Rule, strconv.Itoa(c.Status), c.ErrClass,
		ms(c.DNS), ms(c.Connect), ms(c.TLS), ms(c.FirstByte), ms(c.Total), c.ErrorPageBy}
}

// writeChecks streams the raw checks as CSV (a header, a row per check) or
// as JSON Lines (an object per line: a month of checks never sits in
// memory as one array).
func writeChecks(ctx context.Context, w io.Writer, s *history.Store, site string, since, until time.Time, asCSV bool) error {
	if asCSV {
		cw := csv.NewWriter(w)
		if err := cw.Write(checkHeader); err != nil {
			return fmt.Errorf("writing CSV: %w", err)
		}
		if err := s.Checks(ctx, site, since, until, func(r history.Record) error { return cw.Write(toRow(r).record()) }); err != nil {
			return err
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return fmt.Errorf("writing CSV: %w", err)
		}
		return nil
	}
	enc := json.NewEncoder(w)
	return s.Checks(ctx, site, since, until, func(r history.Record) error {
		if err := enc.Encode(toRow(r)); err != nil {
			return fmt.Errorf("writing JSON: %w", err)
		}
		return nil
	})
}

var incidentHeader = []string{"site", "start", "end", "duration_s", "side", "hop", "rule", "checks", "summary"}

// writeIncidentsCSV is the report as CSV: one row per incident (an
// ongoing one has no end and lasts until now).
func writeIncidentsCSV(w io.Writer, r history.Overview) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(incidentHeader); err != nil {
		return fmt.Errorf("writing CSV: %w", err)
	}
	for _, s := range r.Sites {
		for _, in := range s.Incidents {
			end := ""
			if !in.Ongoing() {
				end = in.End.UTC().Format(time.RFC3339)
			}
			if err := cw.Write([]string{s.Site, in.Start.UTC().Format(time.RFC3339), end,
				strconv.FormatInt(int64(in.Duration(r.Now).Seconds()), 10), in.Side, in.Hop, in.Rule,
				strconv.Itoa(in.Checks), in.Summary}); err != nil {
				return fmt.Errorf("writing CSV: %w", err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("writing CSV: %w", err)
	}
	return nil
}
