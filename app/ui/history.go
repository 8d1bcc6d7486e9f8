package ui

import (
	"context"
	"fmt"
	"image/color"
	"log"
	"net/url"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gatewatch/gatewatch/checks"
	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/history"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// Phase colours of the latency chart, bottom to top, and its size.
var phaseColors = []struct {
	name string
	c    color.NRGBA
}{
	{"DNS", color.NRGBA{R: 0x42, G: 0x85, B: 0xf4, A: 0xff}},
	{"connect", color.NRGBA{R: 0x34, G: 0xa8, B: 0x53, A: 0xff}},
	{"TLS", color.NRGBA{R: 0xfb, G: 0xbc, B: 0x05, A: 0xff}},
	{"first byte", color.NRGBA{R: 0x9c, G: 0x27, B: 0xb0, A: 0xff}},
}

const chartW, chartH = float32(640), float32(140)

// historyView keeps the widgets the tests look at.
type historyView struct {
	root      fyne.CanvasObject
	summary   *widget.Label
	uptime    *widget.Label
	bars      []*canvas.Rectangle
	incidents []*widget.Label
}

// HistoryContent shows one site's history: uptime over 24 h / 7 d / 30 d,
// a latency chart (the phases of a request stacked), the incidents, and
// the report's summary split by side. r should hold the site (BuildReport
// with the site and chart buckets).
func HistoryContent(_ fyne.App, r history.Overview) fyne.CanvasObject {
	return newHistoryView(r).root
}

func newHistoryView(r history.Overview) *historyView {
	h := &historyView{}
	h.summary = widget.NewLabel(r.Summary)
	h.summary.Wrapping = fyne.TextWrapWord
	s := history.SiteOverview{Uptime24h: -1, Uptime7d: -1, Uptime30d: -1} // no checks
	if len(r.Sites) > 0 {
		s = r.Sites[0]
	}
	h.uptime = widget.NewLabel(fmt.Sprintf("Uptime — 24 h: %s   7 days: %s   30 days: %s", uptimeWords(s.Uptime24h), uptimeWords(s.Uptime7d), uptimeWords(s.Uptime30d)))
	chart, top := h.latencyChart(s.Latency)
	chartTitle := "Time of successful checks, phases stacked:"
	if top > 0 {
		chartTitle = fmt.Sprintf("Time of successful checks, phases stacked (tallest column %s):", top.Round(time.Millisecond))
	}
	var legend []fyne.CanvasObject
	for _, p := range phaseColors {
		sw := canvas.NewRectangle(p.c)
		sw.SetMinSize(fyne.NewSize(12, 12))
		legend = append(legend, container.NewCenter(sw), widget.NewLabel(p.name))
	}
	incidents := container.NewVBox()
	if len(s.Incidents) == 0 {
		incidents.Add(widget.NewLabel("No incidents in this period."))
	}
	for _, in := range s.Incidents {
		end := "ongoing"
		if !in.Ongoing() {
			end = "ended " + in.End.Local().Format("15:04")
		}
		l := widget.NewLabel(fmt.Sprintf("%s  %s — %s, hop %s (%s, %d checks)", in.Start.Local().Format("Jan 2 15:04"),
			checks.HumanDuration(in.Duration(r.Now)), verdict.Side(in.Side).Words(), in.Hop, end, in.Checks))
		h.incidents = append(h.incidents, l)
		incidents.Add(l)
	}
	h.root = container.NewVBox(
		widget.NewRichTextFromMarkdown("### History of "+config.SiteName("", s.Site)),
		h.summary,
		h.uptime,
		widget.NewLabel(chartTitle),
		container.NewHBox(chart), // the chart keeps its own width

		container.NewHBox(legend...),
		widget.NewLabel("Incidents:"),
		incidents,
	)
	return h
}

func uptimeWords(p float64) string {
	if p < 0 {
		return "no checks"
	}
	return fmt.Sprintf("%.2f %%", p)
}

// latencyChart draws one column per bucket, its phases stacked, scaled to
// the slowest bucket. Plain rectangles: no chart library needed.
func (h *historyView) latencyChart(points []history.LatencyPoint) (fyne.CanvasObject, time.Duration) {
	bg := canvas.NewRectangle(color.NRGBA{A: 0x10})
	bg.SetMinSize(fyne.NewSize(chartW, chartH))
	plot := container.NewWithoutLayout()
	var top time.Duration
	for _, p := range points {
		top = max(top, p.DNS+p.Connect+p.TLS+p.FirstByte)
	}
	if len(points) == 0 || top <= 0 {
		return container.NewStack(bg, container.NewCenter(widget.NewLabel("No successful checks recorded yet."))), 0
	}
	colW := chartW / float32(len(points))
	for i, p := range points {
		y := chartH
		for j, d := range []time.Duration{p.DNS, p.Connect, p.TLS, p.FirstByte} {
			if d <= 0 {
				continue
			}
			hgt := chartH * float32(d) / float32(top)
			y -= hgt
			r := canvas.NewRectangle(phaseColors[j].c)
			r.Move(fyne.NewPos(float32(i)*colW+1, y))
			r.Resize(fyne.NewSize(max(colW-2, 1), hgt))
			h.bars = append(h.bars, r)
			plot.Add(r)
		}
	}
	return container.NewStack(bg, plot), top
}

// chartBuckets is the number of columns of the latency chart (30 days in
// 15-hour columns; the window's report covers the last 30 days).
const chartBuckets = 48

// SiteHistory reads target's last 30 days from the history database named
// by cfg (the data directory's by default). nil when there is none yet or
// it cannot be read (that is logged: the diagnosis matters more).
func SiteHistory(ctx context.Context, cfg config.Config, target *url.URL, now time.Time) *history.Overview {
	if !cfg.HistoryEnabled() {
		return nil
	}
	path := cfg.History.Path
	if path == "" {
		p, err := history.DefaultPath()
		if err != nil {
			log.Printf("gatewatch: no history: %v", err)
			return nil
		}
		path = p
	}
	r, err := history.OverviewFromFile(ctx, path, target.String(), now.Add(-history.Month), now, chartBuckets)
	if err != nil {
		log.Printf("gatewatch: reading history: %v", err)
		return nil
	}
	return r
}

// WithHistory puts the diagnosis and, when there is one, the site's
// history in two tabs.
func WithHistory(a fyne.App, diagnosis fyne.CanvasObject, r *history.Overview) fyne.CanvasObject {
	if r == nil {
		return diagnosis
	}
	return container.NewAppTabs(
		container.NewTabItem("Diagnosis", diagnosis),
		container.NewTabItem("History", container.NewVScroll(HistoryContent(a, *r))),
	)
}
