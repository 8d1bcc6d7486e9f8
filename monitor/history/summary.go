package history

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gatewatch/gatewatch/checks"
	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/fix"
)

// Windows of the uptime figures.
var (
	Day   = 24 * time.Hour
	Week  = 7 * Day
	Month = 30 * Day
)

// SiteOverview is one site's history.
type SiteOverview struct {
	Site      string         `json:"site"`
	Uptime24h float64        `json:"uptime_24h"` // percent; -1 when no checks
	Uptime7d  float64        `json:"uptime_7d"`
	Uptime30d float64        `json:"uptime_30d"`
	Window    Stats          `json:"window"` // checks in the report's window
	Incidents []Incident     `json:"incidents"`
	Latency   []LatencyPoint `json:"latency,omitempty"`
	// Strip is the status strip: the window in as many cells as latency
	// buckets, each coloured by what happened (every cell, gaps too).
	Strip []Cell `json:"strip,omitempty"`
	// ServerDowns and ServerDownFor sum the site-side incidents in the window.
	ServerDowns   int           `json:"server_downs"`
	ServerDownFor time.Duration `json:"server_down_ns"`
	// UnknownDowns and UnknownDownFor sum the incidents whose side could
	// not be told.
	UnknownDowns   int           `json:"unknown_downs"`
	UnknownDownFor time.Duration `json:"unknown_down_ns"`
}

// Span is a stretch of time, e.g. one network outage.
type Span struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// Overview is what the diagnosis window and `gatewatch history` show.
type Overview struct {
	Since time.Time      `json:"since"`
	Now   time.Time      `json:"now"`
	Sites []SiteOverview `json:"sites"`
	// NetworkOutages are the user-side incidents of every site merged:
	// one dead router makes every site fail at once, and that is one
	// failure of your network, not five.
	NetworkOutages []Span `json:"network_outages"`
	Summary        string `json:"summary"`
	// Fixes are the fix runs in the window (of the site, or all).
	Fixes []fix.Record `json:"fixes,omitempty"`
}

// BuildOverview gathers the history of site ("" = every site) since a time.
// buckets is the number of latency chart points and status strip cells
// per site (0 = none).
func BuildOverview(ctx context.Context, s *Store, site string, since, now time.Time, buckets int) (Overview, error) {
	r := Overview{Since: since, Now: now}
	sites := []string{site}
	if site == "" {
		var err error
		if sites, err = s.Sites(ctx); err != nil {
			return r, err
		}
	}
	var user []Span
	for _, name := range sites {
		sr := SiteOverview{Site: name}
		for _, w := range []struct {
			d   time.Duration
			dst *float64
		}{{Day, &sr.Uptime24h}, {Week, &sr.Uptime7d}, {Month, &sr.Uptime30d}} {
			st, err := s.Stats(ctx, name, now.Add(-w.d))
			if err != nil {
				return r, err
			}
			*w.dst = st.Uptime()
		}
		var err error
		if sr.Window, err = s.Stats(ctx, name, since); err != nil {
			return r, err
		}
		if sr.Incidents, err = s.Incidents(ctx, name, since); err != nil {
			return r, err
		}
		for _, in := range sr.Incidents {
			sp := clip(in, since, now)
			switch in.Side {
			case "server":
				sr.ServerDowns++
				sr.ServerDownFor += sp.End.Sub(sp.Start)
			case "user":
				user = append(user, sp)
			case "unknown":
				sr.UnknownDowns++
				sr.UnknownDownFor += sp.End.Sub(sp.Start)
			}
		}
		if buckets > 0 {
			if sr.Strip, sr.Latency, err = s.Series(ctx, name, since, now, buckets); err != nil {
				return r, err
			}
		}
		r.Sites = append(r.Sites, sr)
	}
	r.NetworkOutages = mergeSpans(user)
	r.Summary = Summarize(r)
	var err error
	if r.Fixes, err = s.Fixes(ctx, site, since); err != nil {
		return r, err
	}
	return r, nil
}

func clip(in Incident, since, now time.Time) Span {
	sp := Span{Start: in.Start, End: in.End}
	if in.Ongoing() {
		sp.End = now
	}
	if sp.Start.Before(since) {
		sp.Start = since
	}
	if sp.End.Before(sp.Start) {
		sp.End = sp.Start
	}
	return sp
}

func mergeSpans(spans []Span) []Span {
	slices.SortFunc(spans, func(a, b Span) int { return a.Start.Compare(b.Start) })
	var out []Span
	for _, sp := range spans {
		if n := len(out); n > 0 && !sp.Start.After(out[n-1].End) {
			if sp.End.After(out[n-1].End) {
				out[n-1].End = sp.End
			}
			continue
		}
		out = append(out, sp)
	}
	return out
}

// Summarize says the report in one sentence, split by side: "In the last
// 30 days: chatgpt.com was down 3 times on its side for 41 min; your
// network failed twice for 6 min."
func Summarize(r Overview) string {
	var parts []string
	for _, s := range r.Sites {
		if s.ServerDowns > 0 {
			parts = append(parts, fmt.Sprintf("%s was down %s on its side for %s", config.SiteName("", s.Site), times(s.ServerDowns), checks.HumanDuration(s.ServerDownFor)))
		}
	}
	if n := len(r.NetworkOutages); n > 0 {
		var d time.Duration
		for _, sp := range r.NetworkOutages {
			d += sp.End.Sub(sp.Start)
		}
		parts = append(parts, fmt.Sprintf("your network failed %s for %s", times(n), checks.HumanDuration(d)))
	}
	for _, s := range r.Sites {
		if s.UnknownDowns > 0 {
			parts = append(parts, fmt.Sprintf("%s failed %s for %s without a clear side", config.SiteName("", s.Site), times(s.UnknownDowns), checks.HumanDuration(s.UnknownDownFor)))
		}
	}
	head := windowWords(r.Now.Sub(r.Since))
	if len(parts) == 0 {
		checks := 0
		for _, s := range r.Sites {
			checks += s.Window.Checks
		}
		if checks == 0 {
			return head + ": no checks recorded."
		}
		return head + ": no outages."
	}
	return head + ": " + strings.Join(parts, "; ") + "."
}

func windowWords(d time.Duration) string {
	switch {
	case d <= 0:
		return "So far"
	case d%Day == 0 && d >= 2*Day:
		return fmt.Sprintf("In the last %d days", d/Day)
	case d == Day:
		return "In the last 24 hours"
	case d%time.Hour == 0:
		return fmt.Sprintf("In the last %d hours", d/time.Hour)
	}
	return "In the last " + checks.HumanDuration(d)
}

func times(n int) string {
	switch n {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return fmt.Sprintf("%d times", n)
}

// OverviewFromFile reads the database at path read-only, for a window or a
// command beside a running monitor. A database not created yet is no
// error: the report is nil.
func OverviewFromFile(ctx context.Context, path, site string, since, now time.Time, buckets int) (*Overview, error) {
	s, err := Open(path, Options{ReadOnly: true})
	if errors.Is(err, ErrNoHistory) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer s.Close()
	r, err := BuildOverview(ctx, s, site, since, now, buckets)
	if err != nil {
		return nil, err
	}
	return &r, nil
}
