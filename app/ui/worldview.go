package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/gatewatch/gatewatch/checks"
	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/verdict"
	"github.com/gatewatch/gatewatch/monitor/world"
)

// WorldOff is why "Check from elsewhere" is greyed out while the second
// opinion is off: asking sends the site's address to Globalping, which
// only the user's setting allows.
const WorldOff = "To check from elsewhere, turn on \"Ask other places on the internet when a site fails\" in Settings."

// worldOK is why it is greyed out for a site that works from here.
const worldOK = "The site works from here: there is nothing to ask other places about."

// elsewhereButton is "Check from elsewhere" and, when it cannot be used,
// a line saying why.
func (d *diagnosisView) elsewhereButton(v verdict.Verdict, actions DiagnosisActions) *keyButton {
	b := newKeyButton("Check from elsewhere", theme.SearchIcon(), actions.CheckElsewhere)
	why := ""
	switch {
	case !actions.WorldEnabled:
		why = WorldOff
	case v.Side == verdict.SideOK:
		why = worldOK
	}
	d.elsewhereWhy = widget.NewLabel(why)
	d.elsewhereWhy.Wrapping = fyne.TextWrapWord
	if why == "" {
		d.elsewhereWhy.Hide()
	} else {
		b.Disable()
	}
	return b
}

// worldSection is the second opinion: its summary, how old it is and one
// row per place (place, network, status, time). Nil when none was asked.
func (d *diagnosisView) worldSection(o *verdict.WorldOpinion) fyne.CanvasObject {
	if o == nil {
		return nil
	}
	box := container.NewVBox(widget.NewLabelWithStyle("From elsewhere (Globalping)", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	sum := widget.NewLabel(o.Summary + " " + worldAge(o.AgeS))
	sum.Wrapping = fyne.TextWrapWord
	box.Add(sum)
	d.worldSummary = sum
	if o.Error != "" && len(o.Probes) > 0 {
		l := widget.NewLabel("Not every place answered: " + o.Error)
		l.Wrapping = fyne.TextWrapWord
		box.Add(l)
	}
	if len(o.Probes) == 0 {
		return box
	}
	grid := container.NewGridWithColumns(4)
	for _, h := range []string{"Place", "Network", "Status", "Time"} {
		grid.Add(widget.NewLabelWithStyle(h, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	for _, p := range o.Probes {
		row := worldRow(p)
		for i, cell := range row {
			l := widget.NewLabel(cell)
			l.Truncation = fyne.TextTruncateEllipsis
			if i == 2 && !p.OK {
				l.Importance = widget.DangerImportance
			}
			grid.Add(l)
		}
		d.worldRows = append(d.worldRows, row)
	}
	box.Add(grid)
	return box
}

// worldRow is one place's cells: the error text stands for the status of
// a place that got no answer.
func worldRow(p checks.WorldProbe) []string {
	network := strings.TrimSpace(fmt.Sprintf("AS%d %s", p.ASN, p.Network))
	if p.ASN == 0 {
		network = p.Network
	}
	status := fmt.Sprintf("%d", p.Status)
	if !p.OK {
		status = "failed: " + verdict.RedactText(orDefault(p.Error, fmt.Sprintf("HTTP %d", p.Status)))
	}
	took := fmt.Sprintf("%d ms", p.MS)
	if !p.OK && p.MS == 0 {
		took = "—" // it got no answer to time
	}
	return []string{p.Place, network, status, took}
}

// worldAge says when the places were asked. The summary of a cached
// answer already says how old it is ("asked 4 min ago"); this says why
// it is not fresh: the budget allows one measurement per site per 10
// minutes.
func worldAge(ageS int64) string {
	if ageS <= 0 {
		return "Asked just now."
	}
	return "A cached answer (" + checks.HumanDuration(time.Duration(ageS)*time.Second) + " old): other places are asked at most once per site every 10 minutes."
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// worldOptions wires the second opinion into the window's diagnoses the
// way `gatewatch check` does (world.FromConfig, WorldOnDemand): normal
// asks only for an ambiguous failure and only when [world] is on;
// elsewhere ("Check from elsewhere") asks for any failure. Both share one
// Asker, so the button reuses an answer the first check got, with its
// age. With [world] off neither asks: the button is greyed out.
func worldOptions(opt verdict.Options, c config.WorldConfig) (normal, elsewhere verdict.Options) {
	opt.World, opt.WorldOnDemand = nil, false
	if asker := world.FromConfig(c, false); asker != nil {
		opt.World = asker // never a nil *Asker in the interface
	}
	elsewhere = opt
	elsewhere.WorldOnDemand = opt.World != nil
	return opt, elsewhere
}
