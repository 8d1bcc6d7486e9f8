package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// fixRows adds "What to do": one row per fix of the verdict, in the rule's
// order (the first is the primary action for its side). A fix is a button
// when the window can do it: through monitor/fix (actions.Fix), or
// directly for the ones that are the window's own actions (status page,
// network login, report, browser, notify when back); else it is text.
func (d *diagnosisView) fixRows(body *fyne.Container, v verdict.Verdict, actions DiagnosisActions) {
	if len(v.Fixes) == 0 {
		return
	}
	body.Add(widget.NewLabelWithStyle("What to do", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, f := range v.Fixes {
		var row fyne.CanvasObject
		if do := d.directAction(f.ID, v, actions); do != nil {
			b := newKeyButton(f.Title, nil, do)
			d.track(fixButtonKey(f.ID), b)
			l := widget.NewLabel(f.Does)
			l.Wrapping = fyne.TextWrapWord
			row = container.NewBorder(nil, nil, b, nil, l)
		} else if actions.Fix != nil {
			row = d.fixRow(f, actions.Fix)
		} else {
			l := widget.NewLabel("• " + f.Title + ": " + f.Does)
			l.Wrapping = fyne.TextWrapWord
			body.Add(l)
			continue
		}
		d.inFixes[f.ID] = true
		if d.primary == nil {
			d.primary = d.keyed[fixButtonKey(f.ID)]
		}
		body.Add(row)
	}
}

// directAction is what a fix's button does without monitor/fix, or nil.
// Notify-when-back always goes to the tray (the wait outlives this
// window); the others only when there is no fix runner, which would
// otherwise do them and log them.
func (d *diagnosisView) directAction(id string, v verdict.Verdict, actions DiagnosisActions) func() {
	if id == verdict.FixNotifyBack && actions.NotifyBack != nil {
		return func() { d.askNotifyBack(actions) }
	}
	if actions.Fix != nil {
		return nil
	}
	open := func(u string) func() {
		if actions.OpenURL == nil || u == "" {
			return nil
		}
		return func() { actions.OpenURL(u) }
	}
	switch id {
	case verdict.FixStatusPage:
		return open(actions.StatusPage)
	case verdict.FixOpenPortal:
		return open(v.PortalURL)
	case verdict.FixOpenSite:
		return open(v.URL)
	case verdict.FixCopyReport:
		if actions.CopyText != nil {
			return func() { actions.CopyText(Report(v)) }
		}
	}
	return nil
}
