package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/history"
)

func TestHistoryContent(t *testing.T) {
	a := test.NewTempApp(t)
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	ms := time.Millisecond
	full := history.Overview{
		Since: now.Add(-history.Month), Now: now,
		Summary: "In the last 30 days: chatgpt.com was down twice on its side for 41 min; your network failed twice for 6 min.",
		Sites: []history.SiteOverview{{
			Site: "https://chatgpt.com/", Uptime24h: 100, Uptime7d: 99.5, Uptime30d: -1,
			Latency: []history.LatencyPoint{
				{At: now.Add(-2 * time.Hour), DNS: 2 * ms, Connect: 3 * ms, TLS: 10 * ms, FirstByte: 40 * ms},
				{At: now.Add(-time.Hour), FirstByte: 80 * ms}, // a reused connection: first byte only
			},
			Incidents: []history.Incident{
				{Side: "server", Hop: "cdn", Start: now.Add(-3 * time.Hour), End: now.Add(-3*time.Hour + 20*time.Minute), Checks: 4},
				{Side: "user", Hop: "isp", Start: now.Add(-10 * time.Minute), Checks: 2},
			},
		}},
	}
	tests := []struct {
		name          string
		r             history.Overview
		wantUptime    string
		wantBars      int
		wantIncidents []string
	}{
		{"full", full, "24 h: 100.00 %   7 days: 99.50 %   30 days: no checks", 5,
			[]string{"20 min — Their side, hop cdn", "10 min — Your side, hop isp (ongoing"}},
		{"empty", history.Overview{Since: now.Add(-history.Day), Now: now, Summary: "In the last 24 hours: no checks recorded."},
			"24 h: no checks", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHistoryView(tt.r)
			w := test.NewTempWindow(t, h.root)
			_ = w
			if h.summary.Text != tt.r.Summary {
				t.Errorf("summary %q", h.summary.Text)
			}
			if !strings.Contains(h.uptime.Text, tt.wantUptime) {
				t.Errorf("uptime %q, want %q", h.uptime.Text, tt.wantUptime)
			}
			if len(h.bars) != tt.wantBars {
				t.Errorf("%d bars, want %d", len(h.bars), tt.wantBars)
			}
			for i, b := range h.bars {
				if b.Size().Height <= 0 || b.Position().Y < 0 || b.Position().Y+b.Size().Height > chartH+0.01 {
					t.Errorf("bar %d out of the chart: %v %v", i, b.Position(), b.Size())
				}
			}
			if len(h.incidents) != len(tt.wantIncidents) {
				t.Fatalf("%d incidents, want %d", len(h.incidents), len(tt.wantIncidents))
			}
			for i, want := range tt.wantIncidents {
				if !strings.Contains(h.incidents[i].Text, want) {
					t.Errorf("incident %d %q lacks %q", i, h.incidents[i].Text, want)
				}
			}
		})
	}
	_ = HistoryContent(a, full)
}

func TestWithHistory(t *testing.T) {
	a := test.NewTempApp(t)
	diag := widget.NewLabel("diagnosis")
	if got := WithHistory(a, diag, nil); got != diag {
		t.Error("no history should leave the diagnosis alone")
	}
	tabs, ok := WithHistory(a, diag, &history.Overview{Summary: "x"}).(*container.AppTabs)
	if !ok || len(tabs.Items) != 2 || tabs.Items[1].Text != "History" {
		t.Fatalf("got %T", tabs)
	}
}

func TestSiteHistoryReadsTheConfiguredDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	s, err := history.Open(path, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	s.Record(history.Record{At: now.Add(-time.Minute), Site: "https://chatgpt.com/", Side: "ok", Hop: "none", FirstByte: 40 * time.Millisecond})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	u, _ := config.ParseTarget("chatgpt.com")
	cfg := config.Config{History: config.HistoryConfig{Path: path}}
	r := SiteHistory(t.Context(), cfg, u, now)
	if r == nil || len(r.Sites) != 1 || r.Sites[0].Uptime24h != 100 || len(r.Sites[0].Latency) != 1 {
		t.Fatalf("report %+v", r)
	}
	cfg.History.Path = filepath.Join(t.TempDir(), "none.db")
	if r := SiteHistory(t.Context(), cfg, u, now); r != nil {
		t.Errorf("a missing database gave %+v", r)
	}
}
