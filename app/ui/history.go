package ui

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"log"
	"net/url"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/history"
)

// historyWindows are the windows the History tab offers, each with its
// number of strip cells and chart buckets (15 minutes, 2 hours, 8 hours,
// a day).
var historyWindows = []struct {
	label   string
	d       time.Duration
	buckets int
}{
	{"24 h", history.Day, 96},
	{"7 days", history.Week, 84},
	{"30 days", history.Month, 90},
	{"90 days", 90 * history.Day, 90},
}

// defaultWindow is shown first: a day answers "was it me or them just
// now?", the longer windows are a tap away.
const defaultWindow = 0

// HistoryData is one site's history in every window of historyWindows,
// read once when the window opens so switching is instant.
type HistoryData struct {
	Windows []history.Overview // by historyWindows index
}

// historyView keeps the widgets the tests look at.
type historyView struct {
	root      fyne.CanvasObject
	data      HistoryData
	choice    *widget.RadioGroup
	body      *fyne.Container
	summary   *widget.Label
	uptime    *widget.Label
	detail    *widget.Label // the hovered strip cell
	strip     *statusStrip
	chart     *latencyChart
	phases    *widget.Check
	incidents []*incidentView
}

// HistoryContent shows one site's history: the window chooser, uptime,
// the status strip, the latency chart and the incidents with their
// diagnosis at the time.
func HistoryContent(_ fyne.App, d HistoryData) fyne.CanvasObject {
	return newHistoryView(d).root
}

func newHistoryView(d HistoryData) *historyView {
	h := &historyView{data: d, body: container.NewVBox()}
	var labels []string
	for i := range d.Windows {
		labels = append(labels, historyWindows[i].label)
	}
	h.choice = widget.NewRadioGroup(labels, func(s string) {
		for i, l := range labels {
			if l == s {
				h.show(i)
				return
			}
		}
	})
	h.choice.Horizontal = true
	h.choice.Required = true
	site := ""
	if len(d.Windows) > 0 && len(d.Windows[0].Sites) > 0 {
		site = d.Windows[0].Sites[0].Site
	}
	h.root = container.NewVBox(
		widget.NewRichTextFromMarkdown("### History of "+config.SiteName("", site)),
		h.choice,
		h.body,
	)
	if len(labels) > 0 {
		h.choice.SetSelected(labels[min(defaultWindow, len(labels)-1)])
	}
	return h
}

// show fills the body with window i.
func (h *historyView) show(i int) {
	r := h.data.Windows[i]
	s := history.SiteOverview{Uptime24h: -1, Uptime7d: -1, Uptime30d: -1} // no checks
	if len(r.Sites) > 0 {
		s = r.Sites[0]
	}
	h.summary = widget.NewLabel(r.Summary)
	h.summary.Wrapping = fyne.TextWrapWord
	h.uptime = widget.NewLabel(fmt.Sprintf("Uptime — 24 h: %s   7 days: %s   30 days: %s",
		uptimeWords(s.Uptime24h), uptimeWords(s.Uptime7d), uptimeWords(s.Uptime30d)))

	h.detail = widget.NewLabel(stripHint)
	h.strip = newStatusStrip(s.Strip, func(text string) {
		if text == "" {
			text = stripHint
		}
		h.detail.SetText(text)
	})
	stripEnds := container.NewBorder(nil, nil, caption(r.Since.In(displayLoc).Format("Jan 2 15:04")), caption("now"))
	var legend []fyne.CanvasObject
	for _, st := range []struct {
		s     history.CellState
		words string
	}{{history.CellOK, "all fine"}, {history.CellServer, "their side"}, {history.CellUser, "your side"},
		{history.CellUnknown, "can't tell"}, {history.CellNotChecked, "not checked"}} {
		legend = append(legend, swatch(stateColor(st.s, h.strip)), caption(st.words))
	}

	h.chart = newLatencyChart(r.Since, r.Now, s.Latency, s.Incidents)
	h.phases = widget.NewCheck("Show the phases (DNS, connect, TLS, first byte)", h.chart.setPhases)
	chartLegend := []fyne.CanvasObject{
		lineSwatch(h.chart, true), caption("median (p50)"), lineSwatch(h.chart, false), caption("p95"),
	}
	for _, p := range phaseColors {
		chartLegend = append(chartLegend, swatch(p.c), caption(p.name))
	}
	chartLegend = append(chartLegend, caption("  shaded: incidents"))

	incidents := container.NewVBox()
	h.incidents = nil
	if len(s.Incidents) == 0 {
		incidents.Add(widget.NewLabel("No incidents in this period."))
	}
	for _, in := range s.Incidents {
		iv := newIncidentView(in, r.Now, h.strip)
		h.incidents = append(h.incidents, iv)
		incidents.Add(iv.root)
	}
	h.body.Objects = []fyne.CanvasObject{
		h.summary,
		h.uptime,
		bold("Status"),
		h.strip,
		stripEnds,
		container.NewHBox(legend...),
		h.detail,
		bold("Response time of successful checks (time to first byte)"),
		h.chart,
		container.NewHBox(chartLegend...),
		h.phases,
		bold("Incidents"),
		incidents,
	}
	h.body.Refresh()
}

const stripHint = "Point at (or tap) a cell to see its checks."

func bold(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

func caption(s string) fyne.CanvasObject {
	return widget.NewRichText(&widget.TextSegment{Text: s, Style: widget.RichTextStyle{
		SizeName: theme.SizeNameCaptionText, ColorName: theme.ColorNameForeground, Inline: true}})
}

func swatch(c color.Color) fyne.CanvasObject {
	r := canvas.NewRectangle(c)
	r.SetMinSize(fyne.NewSize(12, 12))
	r.CornerRadius = 2
	return container.NewCenter(r)
}

// lineSwatch is a short stroke in the colour of the p50 or p95 line.
func lineSwatch(c *latencyChart, p50 bool) fyne.CanvasObject {
	col := p95Color(c)
	if p50 {
		col = p50Color(c)
	}
	r := canvas.NewRectangle(col)
	r.SetMinSize(fyne.NewSize(16, 3))
	return container.NewCenter(r)
}

func uptimeWords(p float64) string {
	if p < 0 {
		return "no checks"
	}
	return fmt.Sprintf("%.2f %%", p)
}

// SiteHistory reads target's history in every window from the database
// named by cfg (the data directory's by default). nil when there is none
// yet or it cannot be read (that is logged: the diagnosis matters more).
func SiteHistory(ctx context.Context, cfg config.Config, target *url.URL, now time.Time) *HistoryData {
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
	// Read only, opened once for the four windows.
	s, err := history.Open(path, history.Options{ReadOnly: true})
	if errors.Is(err, history.ErrNoHistory) {
		return nil
	}
	if err != nil {
		log.Printf("gatewatch: reading history: %v", err)
		return nil
	}
	defer s.Close()
	d := &HistoryData{}
	for _, w := range historyWindows {
		r, err := history.BuildOverview(ctx, s, target.String(), now.Add(-w.d), now, w.buckets)
		if err != nil {
			log.Printf("gatewatch: reading history: %v", err)
			return nil
		}
		d.Windows = append(d.Windows, r)
	}
	return d
}

// WithHistory puts the diagnosis and, when there is one, the site's
// history in two tabs.
func WithHistory(a fyne.App, diagnosis fyne.CanvasObject, d *HistoryData) fyne.CanvasObject {
	if d == nil || len(d.Windows) == 0 {
		return diagnosis
	}
	return container.NewAppTabs(
		container.NewTabItem("Diagnosis", diagnosis),
		container.NewTabItem("History", container.NewVScroll(HistoryContent(a, *d))),
	)
}
