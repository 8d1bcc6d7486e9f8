package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/history"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

func TestHistoryViewWindows(t *testing.T) {
	test.NewTempApp(t)
	d := sampleHistory(t)
	h := newHistoryView(d)
	w := test.NewTempWindow(t, container.NewVScroll(h.root))
	w.Resize(fyne.NewSize(900, 1000))
	tests := []struct {
		window        string
		cells         int
		wantIncidents []string // headline fragments, newest first
		wantStates    map[history.CellState]bool
	}{
		{"24 h", 96, []string{"Mon Nov 23 09:10 · 30 min · Their side, at the site's CDN"},
			map[history.CellState]bool{history.CellOK: true, history.CellServer: true, history.CellNotChecked: true}},
		{"7 days", 84, []string{"09:10 · 30 min · Their side", "Fri Nov 20 20:00 · 20 min · Your side, at your internet provider"},
			map[history.CellState]bool{history.CellOK: true, history.CellServer: true, history.CellUser: true}},
		{"30 days", 90, []string{"Their side", "Your side", "Wed Nov 11 14:00 · 40 min · Their side, at the site's own server"},
			map[history.CellState]bool{history.CellNotChecked: true}},
		{"90 days", 90, []string{"Their side", "Your side", "Their side"},
			map[history.CellState]bool{history.CellNotChecked: true, history.CellOK: true}},
	}
	if h.choice.Selected != "24 h" {
		t.Errorf("first window %q, want 24 h", h.choice.Selected)
	}
	for _, tt := range tests {
		t.Run(tt.window, func(t *testing.T) {
			h.choice.SetSelected(tt.window)
			if len(h.strip.cells) != tt.cells {
				t.Fatalf("%d cells, want %d", len(h.strip.cells), tt.cells)
			}
			seen := map[history.CellState]bool{}
			for _, c := range h.strip.cells {
				seen[c.State()] = true
			}
			for st := range tt.wantStates {
				if !seen[st] {
					t.Errorf("no %s cell in %v", st, seen)
				}
			}
			if len(h.incidents) != len(tt.wantIncidents) {
				t.Fatalf("%d incidents, want %d", len(h.incidents), len(tt.wantIncidents))
			}
			for i, want := range tt.wantIncidents {
				if got := h.incidents[i].title.Text; !strings.Contains(got, want) {
					t.Errorf("incident %d %q lacks %q", i, got, want)
				}
			}
			if !strings.HasPrefix(h.summary.Text, "In the last") {
				t.Errorf("summary %q", h.summary.Text)
			}
		})
	}
	// 90 days reach back past the raw retention: the oldest days come from
	// the daily aggregates, and the days before the sample are not checked.
	h.choice.SetSelected("90 days")
	if c := h.strip.cells[60]; c.Checks == 0 || c.Rules != nil {
		t.Errorf("an aggregated day %+v", c)
	}
	if c := h.strip.cells[10]; c.State() != history.CellNotChecked {
		t.Errorf("before the first check %+v", c)
	}
}

func TestIncidentDiagnosisAtTheTime(t *testing.T) {
	test.NewTempApp(t)
	h := newHistoryView(sampleHistory(t))
	test.NewTempWindow(t, h.root)
	h.choice.SetSelected("30 days")
	cdn, origin := h.incidents[0], h.incidents[2]
	if cdn.summary.Text != "chat.example is down on its side: its CDN answers 502 Bad Gateway." {
		t.Errorf("summary %q", cdn.summary.Text)
	}
	if len(cdn.details.Items) != 1 || cdn.details.Items[0].Title != "Diagnosis at the time" || cdn.details.Items[0].Open {
		t.Fatalf("expander %+v", cdn.details.Items)
	}
	if len(cdn.evidence) != 3 {
		t.Fatalf("%d evidence lines", len(cdn.evidence))
	}
	decided := cdn.evidence[2]
	if !decided.TextStyle.Bold || !strings.Contains(decided.Text, "✗ http — 95 ms — 502 Bad Gateway from Cloudflare  (this decided it)") {
		t.Errorf("deciding evidence %q bold=%v", decided.Text, decided.TextStyle.Bold)
	}
	if cdn.evidence[0].TextStyle.Bold {
		t.Error("only the deciding evidence is highlighted")
	}
	cdn.details.Open(0)
	if !cdn.details.Items[0].Open {
		t.Error("the expander does not open")
	}
	if len(origin.evidence) != 0 || origin.summary.Text != "chat.example's own server answers 503." {
		t.Errorf("an incident without stored evidence: %q, %d lines", origin.summary.Text, len(origin.evidence))
	}
}

func TestStripHoverAndTap(t *testing.T) {
	test.NewTempApp(t)
	h := newHistoryView(sampleHistory(t))
	w := test.NewTempWindow(t, h.root)
	w.Resize(fyne.NewSize(960, 900))
	s := h.strip
	cellW := s.Size().Width / float32(len(s.cells))
	at := func(i int) fyne.Position { return fyne.NewPos(cellW*float32(i)+cellW/2, 5) }
	// 24 h in 15-minute cells from Nov 22 12:00: 09:15 today is cell 85.
	s.MouseIn(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: at(85)}})
	if want := "Nov 23 09:15–09:30: 1 check, 1 failed on their side (cdn-error)"; h.detail.Text != want {
		t.Errorf("hover %q, want %q", h.detail.Text, want)
	}
	r := test.WidgetRenderer(s).(*stripRenderer)
	if r.mark.Hidden || r.mark.Position().X > cellW*85 || r.mark.Position().X+r.mark.Size().Width < cellW*86 {
		t.Errorf("the hovered cell is not outlined: %v %v hidden=%v", r.mark.Position(), r.mark.Size(), r.mark.Hidden)
	}
	s.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: at(70)}}) // 05:30, asleep
	if !strings.HasSuffix(h.detail.Text, "not checked (paused, asleep or gatewatch not running)") {
		t.Errorf("hover %q", h.detail.Text)
	}
	s.MouseOut()
	if h.detail.Text != stripHint || !r.mark.Hidden {
		t.Errorf("after leaving %q", h.detail.Text)
	}
	s.Tapped(&fyne.PointEvent{Position: at(0)})
	if want := "Nov 22 12:00–12:15: 2 checks, all fine"; h.detail.Text != want {
		t.Errorf("tap %q, want %q", h.detail.Text, want)
	}
	if r.rects[85].FillColor != theme.Color(theme.ColorNameError) || r.rects[0].FillColor != theme.Color(theme.ColorNameSuccess) {
		t.Error("cells are not coloured by state")
	}
}

func TestCellWords(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		c    history.Cell
		want string
	}{
		{history.Cell{Start: t0, End: t0.Add(time.Hour)}, "Nov 23 09:00–10:00: not checked (paused, asleep or gatewatch not running)"},
		{history.Cell{Start: t0, End: t0.Add(time.Hour), Checks: 1, OK: 1}, "Nov 23 09:00–10:00: 1 check, all fine"},
		{history.Cell{Start: t0, End: t0.Add(time.Hour), Checks: 6, OK: 2, Server: 1, User: 2, Unknown: 1, Rules: []string{"a", "b"}},
			"Nov 23 09:00–10:00: 6 checks, 1 failed on their side, 2 failed on your side, 1 failed without a clear side (a, b)"},
		{history.Cell{Start: t0, End: t0.Add(24 * time.Hour), Checks: 3, OK: 3}, "Nov 23 09:00 – Nov 24 09:00: 3 checks, all fine"},
		{history.Cell{Start: t0.Add(14 * time.Hour), End: t0.Add(16 * time.Hour), Checks: 2, OK: 2}, "Nov 23 23:00 – Nov 24 01:00: 2 checks, all fine"},
	}
	for _, tt := range tests {
		if got := cellWords(tt.c); got != tt.want {
			t.Errorf("cellWords = %q\n want %q", got, tt.want)
		}
	}
}

func TestLatencyChartLayout(t *testing.T) {
	test.NewTempApp(t)
	since := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	until := since.Add(6 * time.Hour)
	ms := time.Millisecond
	pt := func(h int, p50, p95 time.Duration) history.LatencyPoint {
		at := since.Add(time.Duration(h) * time.Hour)
		return history.LatencyPoint{At: at, End: at.Add(time.Hour), Checks: 4, DNS: 5 * ms, Connect: 10 * ms, TLS: 20 * ms, FirstByte: 45 * ms, P50: p50, P95: p95}
	}
	points := []history.LatencyPoint{pt(0, 80*ms, 120*ms), pt(1, 90*ms, 180*ms), pt(3, 70*ms, 100*ms), pt(5, 60*ms, 90*ms)}
	incidents := []history.Incident{{Side: "server", Start: since.Add(2 * time.Hour), End: since.Add(3 * time.Hour)},
		{Side: "user", Start: since.Add(5*time.Hour + 30*time.Minute)}} // ongoing: runs to the end
	c := newLatencyChart(since, until, points, incidents)
	w := test.NewTempWindow(t, c)
	w.Resize(fyne.NewSize(640, 260))
	r := test.WidgetRenderer(c).(*chartRenderer)

	// 0-1 joined; 3 and 5 are islands between gaps: one segment each.
	if len(r.p50) != 3 || len(r.p95) != 3 {
		t.Fatalf("%d p50 and %d p95 segments, want 3 each", len(r.p50), len(r.p95))
	}
	// No segment reaches across the gaps (hours 2 and 4).
	gapStart := r.spans[0].Position().X // the server incident covers hour 2 exactly
	gapEnd := gapStart + r.spans[0].Size().Width
	for _, l := range append(append([]*canvas.Line{}, r.p50...), r.p95...) {
		if l.Position1.X < gapStart && l.Position2.X > gapEnd {
			t.Errorf("a line crosses the gap: %v → %v", l.Position1, l.Position2)
		}
	}
	// The p95 sits above the p50 (smaller y) where both are drawn.
	if r.p95[0].Position1.Y >= r.p50[0].Position1.Y {
		t.Errorf("p95 at y %v is not above p50 at y %v", r.p95[0].Position1.Y, r.p50[0].Position1.Y)
	}
	// y-axis: 0 to a round top above the slowest p95 (180 ms).
	var ylabels []string
	for _, l := range r.yLabels {
		ylabels = append(ylabels, l.Text)
	}
	if got := strings.Join(ylabels, " "); got != "0 50 ms 100 ms 150 ms 200 ms" {
		t.Errorf("y labels %q", got)
	}
	// x-axis: round local (here UTC) hours.
	var xlabels []string
	for _, l := range r.xLabels {
		xlabels = append(xlabels, l.Text)
	}
	if got := strings.Join(xlabels, " "); got != "Nov 23 01:00 02:00 03:00 04:00 05:00 06:00" {
		t.Errorf("x labels %q", got)
	}
	// Incidents: shaded spans in their side's colour, the ongoing one to the end.
	if len(r.spans) != 2 {
		t.Fatalf("%d spans", len(r.spans))
	}
	right := r.spans[1].Position().X + r.spans[1].Size().Width
	if lastTick := r.xLabels[len(r.xLabels)-1]; right < lastTick.Position().X {
		t.Errorf("the ongoing incident ends at %v, before the end of the axis", right)
	}
	if got, want := fmt.Sprint(r.spans[0].FillColor), fmt.Sprint(withAlpha(theme.Color(theme.ColorNameError), 0x50)); got != want {
		t.Errorf("their-side span %s, want %s", got, want)
	}
	if len(r.bars) != 0 {
		t.Errorf("%d phase bars before asking for them", len(r.bars))
	}
	c.setPhases(true)
	if len(r.bars) != 4*len(points) {
		t.Errorf("%d phase bars, want %d", len(r.bars), 4*len(points))
	}
	for _, b := range r.bars {
		if b.Position().Y < 0 || b.Size().Height <= 0 || b.Position().Y+b.Size().Height > c.Size().Height {
			t.Errorf("bar out of the chart: %v %v", b.Position(), b.Size())
		}
	}

	empty := newLatencyChart(since, until, nil, nil)
	test.NewTempWindow(t, empty).Resize(fyne.NewSize(640, 260))
	if er := test.WidgetRenderer(empty).(*chartRenderer); er.empty == nil || len(er.xLabels) == 0 {
		t.Error("an empty chart should keep its axis and say nothing was measured")
	}
}

func TestWithHistory(t *testing.T) {
	a := test.NewTempApp(t)
	diag := widget.NewLabel("diagnosis")
	if got := WithHistory(a, diag, nil); got != diag {
		t.Error("no history should leave the diagnosis alone")
	}
	tabs, ok := WithHistory(a, diag, &HistoryData{Windows: []history.Overview{{Summary: "x"}}}).(*container.AppTabs)
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
	d := SiteHistory(t.Context(), cfg, u, now)
	if d == nil || len(d.Windows) != len(historyWindows) {
		t.Fatalf("history %+v", d)
	}
	for i, r := range d.Windows {
		if len(r.Sites) != 1 || r.Sites[0].Uptime24h != 100 || len(r.Sites[0].Latency) != 1 || len(r.Sites[0].Strip) != historyWindows[i].buckets {
			t.Errorf("window %s: %+v", historyWindows[i].label, r)
		}
	}
	cfg.History.Path = filepath.Join(t.TempDir(), "none.db")
	if d := SiteHistory(t.Context(), cfg, u, now); d != nil {
		t.Errorf("a missing database gave %+v", d)
	}
}

// TestHistoryGolden renders the History tab light and dark, each with
// another window and the phases shown in the dark one, and compares them
// with testdata/shots/history-{light,dark}.png (-update-shots rewrites).
func TestHistoryGolden(t *testing.T) {
	d := sampleHistory(t)
	for _, tt := range []struct {
		name   string
		th     fyne.Theme
		window string
		phases bool
	}{
		//lint:ignore SA1019 goldens want one fixed variant each
		{"history-light.png", theme.LightTheme(), "30 days", false},
		//lint:ignore SA1019 goldens want one fixed variant each
		{"history-dark.png", theme.DarkTheme(), "7 days", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := test.NewTempApp(t)
			a.Settings().SetTheme(tt.th)
			h := newHistoryView(d)
			h.choice.SetSelected(tt.window)
			h.phases.SetChecked(tt.phases)
			h.incidents[0].details.Open(0)
			w := test.NewTempWindow(t, h.root)
			w.Resize(fyne.NewSize(900, 1180))
			img := w.Canvas().Capture()
			if *updateShots {
				writePNG(t, filepath.Join("testdata", "shots", tt.name), img)
				return
			}
			test.AssertImageMatches(t, filepath.Join("shots", tt.name), img)
		})
	}
}

// The deciding evidence is highlighted whether it passed or failed (a
// router that answers decides "your ISP" as much as a failing canary).
func TestIncidentHighlightsTheDecidingStep(t *testing.T) {
	test.NewTempApp(t)
	in := history.Incident{Side: "user", Hop: "isp", Start: sampleNow, DecidedBy: "gateway",
		Evidence: []verdict.Step{{Check: "gateway", OK: true, Detail: "answers"}, {Check: "canary", OK: false, Detail: "silent"}}}
	v := newIncidentView(in, sampleNow.Add(time.Minute), widget.NewLabel(""))
	if !v.evidence[0].TextStyle.Bold || v.evidence[1].TextStyle.Bold {
		t.Errorf("bold: %v %v", v.evidence[0].TextStyle.Bold, v.evidence[1].TextStyle.Bold)
	}
	if !strings.Contains(v.title.Text, "1 min so far, ongoing · Your side, at your internet provider") {
		t.Errorf("title %q", v.title.Text)
	}
}
