package ui

import (
	"fmt"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gatewatch/gatewatch/monitor/history"
)

// displayLoc is the zone the history is shown in: local time, so "09:00"
// means the user's morning (tests pin it).
var displayLoc = time.Local

// statusStrip is the status strip: one cell per time bucket, coloured by
// what happened. Hovering (or tapping, on a touch screen) a cell shows its
// time, checks and verdicts through onShow ("" when the pointer leaves).
type statusStrip struct {
	widget.BaseWidget
	cells  []history.Cell
	onShow func(string)
	hover  int // the highlighted cell, -1 none
}

var (
	_ desktop.Hoverable = (*statusStrip)(nil)
	_ fyne.Tappable     = (*statusStrip)(nil)
)

func newStatusStrip(cells []history.Cell, onShow func(string)) *statusStrip {
	s := &statusStrip{cells: cells, onShow: onShow, hover: -1}
	s.ExtendBaseWidget(s)
	return s
}

// cellAt is the cell under x, -1 outside.
func (s *statusStrip) cellAt(x float32) int {
	w := s.Size().Width
	if len(s.cells) == 0 || w <= 0 || x < 0 || x >= w {
		return -1
	}
	return min(int(x/(w/float32(len(s.cells)))), len(s.cells)-1)
}

func (s *statusStrip) show(i int) {
	if i == s.hover {
		return
	}
	s.hover = i
	if s.onShow != nil {
		text := ""
		if i >= 0 {
			text = cellWords(s.cells[i])
		}
		s.onShow(text)
	}
	s.Refresh()
}

// MouseIn shows the cell under the pointer.
func (s *statusStrip) MouseIn(e *desktop.MouseEvent) { s.show(s.cellAt(e.Position.X)) }

// MouseMoved follows the pointer.
func (s *statusStrip) MouseMoved(e *desktop.MouseEvent) { s.show(s.cellAt(e.Position.X)) }

// MouseOut clears the detail.
func (s *statusStrip) MouseOut() { s.show(-1) }

// Tapped shows the tapped cell (touch screens have no hover).
func (s *statusStrip) Tapped(e *fyne.PointEvent) { s.show(s.cellAt(e.Position.X)) }

// cellWords says what a cell holds: "Nov 23 09:00–10:00: 12 checks, 2
// failed on their side (cdn-error)".
func cellWords(c history.Cell) string {
	start, end := c.Start.In(displayLoc), c.End.In(displayLoc)
	span := start.Format("Jan 2 15:04") + "–" + end.Format("15:04")
	if end.Sub(start) >= 24*time.Hour || start.YearDay() != end.Add(-time.Nanosecond).YearDay() {
		span = start.Format("Jan 2 15:04") + " – " + end.Format("Jan 2 15:04")
	}
	if c.Checks == 0 {
		return span + ": not checked (paused, asleep or gatewatch not running)"
	}
	var parts []string
	for _, p := range []struct {
		n     int
		words string
	}{{c.Server, "on their side"}, {c.User, "on your side"}, {c.Unknown, "without a clear side"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d failed %s", p.n, p.words))
		}
	}
	out := fmt.Sprintf("%s: %s", span, plural(c.Checks, "check"))
	if len(parts) == 0 {
		return out + ", all fine"
	}
	out += ", " + strings.Join(parts, ", ")
	if len(c.Rules) > 0 {
		out += " (" + strings.Join(c.Rules, ", ") + ")"
	}
	return out
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// stateColor is a cell's colour from the theme, so light and dark both
// read: success for fine, error for their side (the site is down),
// warning for yours, a strong grey for unknown, a faint one for no checks.
func stateColor(st history.CellState, w fyne.Widget) color.Color {
	switch st {
	case history.CellOK:
		return theme.ColorForWidget(theme.ColorNameSuccess, w)
	case history.CellServer:
		return theme.ColorForWidget(theme.ColorNameError, w)
	case history.CellUser:
		return theme.ColorForWidget(theme.ColorNameWarning, w)
	case history.CellUnknown:
		return theme.ColorForWidget(theme.ColorNamePlaceHolder, w)
	}
	return theme.ColorForWidget(theme.ColorNameDisabledButton, w)
}

// CreateRenderer draws the cells.
func (s *statusStrip) CreateRenderer() fyne.WidgetRenderer {
	r := &stripRenderer{s: s, mark: canvas.NewRectangle(color.Transparent)}
	r.mark.StrokeWidth = 2
	r.Refresh()
	return r
}

type stripRenderer struct {
	s     *statusStrip
	rects []*canvas.Rectangle
	mark  *canvas.Rectangle // outline of the hovered cell
}

func (r *stripRenderer) Layout(size fyne.Size) {
	n := len(r.rects)
	if n == 0 {
		return
	}
	w := size.Width / float32(n)
	gap := float32(0)
	if w >= 4 {
		gap = 1 // separate cells only where there is room
	}
	for i, rect := range r.rects {
		rect.Move(fyne.NewPos(float32(i)*w, 0))
		rect.Resize(fyne.NewSize(max(w-gap, 1), size.Height))
	}
	if h := r.s.hover; h >= 0 && h < n {
		r.mark.Move(fyne.NewPos(float32(h)*w-1, -1))
		r.mark.Resize(fyne.NewSize(w+2, size.Height+2))
	}
}

func (r *stripRenderer) MinSize() fyne.Size {
	return fyne.NewSize(float32(2*len(r.s.cells)), 28)
}

func (r *stripRenderer) Refresh() {
	for len(r.rects) < len(r.s.cells) {
		r.rects = append(r.rects, canvas.NewRectangle(color.Transparent))
	}
	r.rects = r.rects[:len(r.s.cells)]
	for i, c := range r.s.cells {
		r.rects[i].FillColor = stateColor(c.State(), r.s)
		r.rects[i].CornerRadius = 1
	}
	r.mark.StrokeColor = theme.ColorForWidget(theme.ColorNameForeground, r.s)
	r.mark.Hidden = r.s.hover < 0
	r.Layout(r.s.Size())
	canvas.Refresh(r.s)
}

func (r *stripRenderer) Objects() []fyne.CanvasObject {
	out := make([]fyne.CanvasObject, 0, len(r.rects)+1)
	for _, rect := range r.rects {
		out = append(out, rect)
	}
	return append(out, r.mark)
}

func (r *stripRenderer) Destroy() {}
