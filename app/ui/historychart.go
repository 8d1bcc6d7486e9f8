package ui

import (
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gatewatch/gatewatch/app/ui/chart"
	"github.com/gatewatch/gatewatch/monitor/history"
)

// Phase colours of the latency chart, bottom to top: opaque mid-tones
// that read on light and dark backgrounds alike (incidents shade over
// them).
var phaseColors = []struct {
	name string
	c    color.NRGBA
}{
	{"DNS", color.NRGBA{R: 0x00, G: 0x96, B: 0x88, A: 0xff}},
	{"connect", color.NRGBA{R: 0x34, G: 0xa8, B: 0x53, A: 0xff}},
	{"TLS", color.NRGBA{R: 0xfb, G: 0xbc, B: 0x05, A: 0xff}},
	{"first byte", color.NRGBA{R: 0xb3, G: 0x9d, B: 0xdb, A: 0xff}},
}

// latencyChart draws the time to first byte of successful checks on a
// real time axis: p50 and p95 lines, optionally the mean phases stacked
// beneath, gaps where nothing was measured, and the incidents as shaded
// spans coloured by side. Drawn with Fyne's vector primitives at the
// window's size and scale (crisp on HiDPI, theme colours light and dark)
// rather than a plotting library rendered to a bitmap.
type latencyChart struct {
	widget.BaseWidget
	since, until time.Time
	points       []history.LatencyPoint
	incidents    []history.Incident
	phases       bool
}

func newLatencyChart(since, until time.Time, points []history.LatencyPoint, incidents []history.Incident) *latencyChart {
	c := &latencyChart{since: since, until: until, points: points, incidents: incidents}
	c.ExtendBaseWidget(c)
	return c
}

// setPhases shows or hides the stacked phases.
func (c *latencyChart) setPhases(on bool) {
	c.phases = on
	c.Refresh()
}

// CreateRenderer builds the chart for its size.
func (c *latencyChart) CreateRenderer() fyne.WidgetRenderer {
	return &chartRenderer{c: c}
}

type chartRenderer struct {
	c       *latencyChart
	size    fyne.Size
	objects []fyne.CanvasObject
	// What the tests look at, rebuilt with every layout.
	yLabels, xLabels []*canvas.Text
	p50, p95         []*canvas.Line
	bars, spans      []*canvas.Rectangle
	empty            *canvas.Text
}

const chartMinW, chartMinH = float32(480), float32(200)

func (r *chartRenderer) MinSize() fyne.Size { return fyne.NewSize(chartMinW, chartMinH) }
func (r *chartRenderer) Layout(size fyne.Size) {
	r.size = size
	r.build()
}
func (r *chartRenderer) Refresh() {
	r.build()
	canvas.Refresh(r.c)
}
func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *chartRenderer) Destroy()                     {}

// msWords labels a y tick: "0", "250 ms", "1.5 s".
func msWords(ms float64) string {
	switch {
	case ms == 0:
		return "0"
	case ms >= 1000:
		return fmt.Sprintf("%g s", ms/1000)
	}
	return fmt.Sprintf("%g ms", ms)
}

func msOf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// build lays every primitive out for r.size: recomputed on each layout,
// because ticks and positions depend on the size.
func (r *chartRenderer) build() {
	c := r.c
	r.objects, r.yLabels, r.xLabels, r.p50, r.p95, r.bars, r.spans, r.empty = nil, nil, nil, nil, nil, nil, nil, nil
	size := r.size
	if size.Width <= 0 || size.Height <= 0 {
		return
	}
	fg := theme.ColorForWidget(theme.ColorNameForeground, c)
	grid := theme.ColorForWidget(theme.ColorNameSeparator, c)
	textSize := theme.CaptionTextSize()

	var top float64
	for _, p := range c.points {
		top = max(top, msOf(p.P95), msOf(p.P50))
		if c.phases {
			top = max(top, msOf(p.DNS+p.Connect+p.TLS+p.FirstByte))
		}
	}
	ticks, top := chart.ValueTicks(top, 4)
	labelW := float32(0)
	for _, v := range ticks {
		labelW = max(labelW, fyne.MeasureText(msWords(v), textSize, fyne.TextStyle{}).Width)
	}
	left, bottom, topPad := labelW+8, textSize+10, textSize/2+2
	pw, ph := size.Width-left-4, size.Height-bottom-topPad
	if pw <= 10 || ph <= 10 {
		return
	}
	x := func(t time.Time) float32 { return left + pw*float32(chart.Frac(t, c.since, c.until)) }
	y := func(ms float64) float32 { return topPad + ph*(1-float32(min(ms/top, 1))) }

	// Gridlines and the y-axis labels.
	for _, v := range ticks {
		yy := y(v)
		l := canvas.NewLine(grid)
		l.StrokeWidth = 1
		l.Position1, l.Position2 = fyne.NewPos(left, yy), fyne.NewPos(left+pw, yy)
		t := canvas.NewText(msWords(v), fg)
		t.TextSize = textSize
		t.Alignment = fyne.TextAlignTrailing
		ts := t.MinSize()
		t.Move(fyne.NewPos(left-6-labelW, yy-ts.Height/2))
		t.Resize(fyne.NewSize(labelW, ts.Height))
		r.yLabels = append(r.yLabels, t)
		r.objects = append(r.objects, l, t)
	}
	// The time axis: ticks on round local times.
	maxTicks := max(int(pw/80), 2)
	for _, tk := range chart.TimeTicks(c.since, c.until, maxTicks, displayLoc) {
		xx := x(tk.At)
		l := canvas.NewLine(grid)
		l.Position1, l.Position2 = fyne.NewPos(xx, topPad), fyne.NewPos(xx, topPad+ph+4)
		t := canvas.NewText(tk.Label, fg)
		t.TextSize = textSize
		ts := t.MinSize()
		t.Move(fyne.NewPos(min(max(xx-ts.Width/2, left), size.Width-ts.Width), topPad+ph+5))
		r.xLabels = append(r.xLabels, t)
		r.objects = append(r.objects, l, t)
	}
	axis := canvas.NewLine(fg)
	axis.Position1, axis.Position2 = fyne.NewPos(left, topPad+ph), fyne.NewPos(left+pw, topPad+ph)
	r.objects = append(r.objects, axis)

	if c.phases {
		for _, p := range c.points {
			x0, x1 := x(p.At), x(p.End)
			base := 0.0
			for j, d := range []time.Duration{p.DNS, p.Connect, p.TLS, p.FirstByte} {
				if d <= 0 {
					continue
				}
				y0, y1 := y(base), y(base+msOf(d))
				base += msOf(d)
				b := canvas.NewRectangle(phaseColors[j].c)
				b.Move(fyne.NewPos(x0, y1))
				// One pixel wider: neighbours overlap instead of leaving a
				// rounding seam, so the stack reads as an area.
				b.Resize(fyne.NewSize(max(x1-x0, 1)+1, y0-y1))
				r.bars = append(r.bars, b)
				r.objects = append(r.objects, b)
			}
		}
	}
	// Incidents over the phases (translucent), under the lines, the full
	// height of the plot.
	for _, in := range c.incidents {
		end := in.End
		if in.Ongoing() || end.After(c.until) {
			end = c.until
		}
		if !end.After(c.since) || !in.Start.Before(c.until) {
			continue
		}
		x0, x1 := x(in.Start), x(end)
		sp := canvas.NewRectangle(withAlpha(stateColor(history.CellState(in.Side), c), 0x50))
		sp.Move(fyne.NewPos(x0, topPad))
		sp.Resize(fyne.NewSize(max(x1-x0, 2), ph)) // a one-minute outage stays visible
		r.spans = append(r.spans, sp)
		r.objects = append(r.objects, sp)
	}
	if len(c.points) == 0 {
		r.empty = canvas.NewText("Nothing measured in this period.", fg)
		ts := r.empty.MinSize()
		r.empty.Move(fyne.NewPos(left+(pw-ts.Width)/2, topPad+(ph-ts.Height)/2))
		r.objects = append(r.objects, r.empty)
		return
	}
	// The percentile lines join neighbouring buckets only: a bucket with
	// no successful check is a gap, never a line drawn across it.
	for _, line := range []struct {
		v     func(history.LatencyPoint) time.Duration
		color color.Color
		dst   *[]*canvas.Line
	}{
		{func(p history.LatencyPoint) time.Duration { return p.P95 }, p95Color(c), &r.p95},
		{func(p history.LatencyPoint) time.Duration { return p.P50 }, p50Color(c), &r.p50},
	} {
		for i, p := range c.points {
			mid := func(p history.LatencyPoint) float32 { return (x(p.At) + x(p.End)) / 2 }
			joined := i+1 < len(c.points) && c.points[i+1].At.Equal(p.End)
			alone := !joined && (i == 0 || !c.points[i-1].End.Equal(p.At))
			var seg *canvas.Line
			switch {
			case joined:
				n := c.points[i+1]
				seg = canvas.NewLine(line.color)
				seg.Position1, seg.Position2 = fyne.NewPos(mid(p), y(msOf(line.v(p)))), fyne.NewPos(mid(n), y(msOf(line.v(n))))
			case alone:
				// An island between gaps: a short level stroke over its bucket.
				seg = canvas.NewLine(line.color)
				yy := y(msOf(line.v(p)))
				seg.Position1, seg.Position2 = fyne.NewPos(x(p.At), yy), fyne.NewPos(max(x(p.End), x(p.At)+3), yy)
			default:
				continue
			}
			seg.StrokeWidth = 2
			*line.dst = append(*line.dst, seg)
			r.objects = append(r.objects, seg)
		}
	}
}

// p50Color is the theme's primary colour; p95Color a softer foreground,
// drawn first so the median stays on top.
func p50Color(w fyne.Widget) color.Color { return theme.ColorForWidget(theme.ColorNamePrimary, w) }
func p95Color(w fyne.Widget) color.Color {
	return withAlpha(theme.ColorForWidget(theme.ColorNameForeground, w), 0xa0)
}

func withAlpha(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}
