package ui

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/monitor/history"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// The history is shown in UTC in tests, so goldens do not depend on the
// machine's zone.
func init() { displayLoc = time.UTC }

// sampleNow is the "now" of the sample history.
var sampleNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// sampleHistory is 40 days of made-up checks every 10 minutes, written to
// a real database and read back the way the window reads it: slower
// evenings, two outages on the site's side, one of yours, a night the
// laptop slept and two days gatewatch was not running.
func sampleHistory(t testing.TB) HistoryData {
	t.Helper()
	path := filepath.Join(t.TempDir(), "h.db")
	s, err := history.Open(path, history.Options{Now: func() time.Time { return sampleNow }, FlushAt: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	const site = "https://chat.example/"
	ms := time.Millisecond
	type outage struct {
		start  time.Time
		d      time.Duration
		v      verdict.Verdict
		sleeps bool // no checks at all
	}
	day := func(n int, h, m int) time.Time {
		return sampleNow.Truncate(24*time.Hour).AddDate(0, 0, -n).Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
	}
	outages := []outage{
		{start: day(0, 9, 10), d: 30 * time.Minute, v: verdict.Verdict{Side: verdict.SideServer, Hop: verdict.HopCDN, Rule: "cdn-error", Status: 502,
			Summary: "chat.example is down on its side: its CDN answers 502 Bad Gateway.", DecidedBy: "http",
			Evidence: []verdict.Step{{Check: "dns", OK: true, Detail: "chat.example → 203.0.113.10", MS: 4},
				{Check: "tcp", OK: true, Detail: "203.0.113.10:443 connected", MS: 12},
				{Check: "http", OK: false, Detail: "502 Bad Gateway from Cloudflare", MS: 95}}}},
		{start: day(0, 4, 0), d: 3 * time.Hour, sleeps: true},
		{start: day(3, 20, 0), d: 20 * time.Minute, v: verdict.Verdict{Side: verdict.SideUser, Hop: verdict.HopISP, Rule: "isp-down",
			Summary: "Your internet connection is down past your router.", DecidedBy: "canary",
			Evidence: []verdict.Step{{Check: "gateway", OK: true, Detail: "router 192.168.1.1 answers", MS: 1},
				{Check: "canary", OK: false, Detail: "no reference site answers", MS: 3000}}}},
		{start: day(12, 14, 0), d: 40 * time.Minute, v: verdict.Verdict{Side: verdict.SideServer, Hop: verdict.HopOrigin, Rule: "origin-error", Status: 503,
			Summary: "chat.example's own server answers 503."}},
		{start: day(20, 0, 0), d: 48 * time.Hour, sleeps: true},
	}
	for at := sampleNow.Add(-40 * 24 * time.Hour); at.Before(sampleNow); at = at.Add(10 * time.Minute) {
		var hit *outage
		for i := range outages {
			if o := &outages[i]; !at.Before(o.start) && at.Before(o.start.Add(o.d)) {
				hit = o
			}
		}
		if hit != nil && hit.sleeps {
			continue
		}
		if hit != nil {
			s.Record(history.FromVerdict(site, hit.v, at))
			continue
		}
		h := at.Hour()
		slow := time.Duration(0)
		if h >= 18 && h < 23 {
			slow = time.Duration(h-17) * 18 * ms // the evening rush
		}
		jitter := time.Duration(at.Unix()/600%7) * 6 * ms
		s.Record(history.Record{At: at, Site: site, Side: "ok", Hop: "none", Status: 200,
			DNS: 4 * ms, Connect: 12 * ms, TLS: 25 * ms, FirstByte: 70*ms + slow + jitter})
	}
	// Fold the days beyond the raw retention into daily aggregates, as
	// the monitor does: the 90-day strip reads those.
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := s.Prune(sampleNow); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	d := HistoryData{}
	for _, w := range historyWindows {
		r, err := history.OverviewFromFile(t.Context(), path, site, sampleNow.Add(-w.d), sampleNow, w.buckets)
		if err != nil || r == nil {
			t.Fatalf("reading the sample: %v", err)
		}
		d.Windows = append(d.Windows, *r)
	}
	return d
}
