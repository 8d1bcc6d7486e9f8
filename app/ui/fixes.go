package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gatewatch/gatewatch/monitor/fix"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// FixActions connects the diagnosis window's fix buttons to monitor/fix.
// Tests give a recording executor behind Run.
type FixActions struct {
	Parent fyne.Window // the confirmation dialog's window
	GOOS   string      // how commands are shown (pkexec, UAC…)
	// Plan and PlanUndo build the plan of a fix id on this machine.
	Plan     func(id string) (fix.Plan, error)
	PlanUndo func(id string) (fix.Plan, error)
	// Run carries the plan out (commands, re-diagnosis, log) and calls
	// done with the result on the UI goroutine.
	Run func(p fix.Plan, done func(fix.Result))
	// Async runs work off the UI goroutine, then then on it. Planning a
	// fix probes the network (up to seconds with a VPN up): the window
	// must not freeze meanwhile. Nil runs both in place (tests).
	Async func(work, then func())
}

func (fa *FixActions) background(work, then func()) {
	if fa.Async == nil {
		work()
		then()
		return
	}
	fa.Async(work, then)
}

// fixButtonKey is the key of a fix's button in diagnosisView.buttons.
func fixButtonKey(id string) string { return "fix:" + id }

// fixRow is one "What to do" line: a button that runs the fix and what it
// does.
func (d *diagnosisView) fixRow(f verdict.Fix, fa *FixActions) fyne.CanvasObject {
	b := newKeyButton(f.Title, nil, func() { d.startFix(f.ID, fa, false) })
	if e, ok := fix.Lookup(f.ID); ok && e.Changes {
		b.Importance = widget.HighImportance
	}
	d.track(fixButtonKey(f.ID), b)
	l := widget.NewLabel(f.Does)
	l.Wrapping = fyne.TextWrapWord
	return container.NewBorder(nil, nil, b, nil, l)
}

func (d *diagnosisView) undoButton(id string, fa *FixActions) fyne.CanvasObject {
	title := id
	if e, ok := fix.Lookup(id); ok {
		title = e.Title
	}
	b := newKeyButton("Undo: "+title, theme.ContentUndoIcon(), func() { d.startFix(id, fa, true) })
	d.track("undo:"+id, b)
	return container.NewHBox(b)
}

// startFix plans the fix and, when it changes the system, shows exactly
// what it will run and asks first.
func (d *diagnosisView) startFix(id string, fa *FixActions, undo bool) {
	plan := fa.Plan
	if undo {
		plan = fa.PlanUndo
	}
	if plan == nil {
		return
	}
	var p fix.Plan
	var err error
	d.showFixStatus("Preparing…")
	fa.background(func() { p, err = plan(id) }, func() { d.confirmFix(p, err, fa) })
}

// confirmFix runs a planned fix, after asking when it changes the system.
func (d *diagnosisView) confirmFix(p fix.Plan, err error, fa *FixActions) {
	if err != nil {
		d.showFixStatus("Cannot run this fix: " + err.Error())
		return
	}
	if !p.NeedsConfirm {
		d.runFix(p, fa)
		return
	}
	d.showFixStatus("Waiting for your confirmation…")
	msg := "gatewatch will do exactly this:"
	if p.Privileged() {
		msg = "gatewatch will do exactly this (your administrator password will be asked for):"
	}
	text := widget.NewLabel(p.Describe(fa.GOOS))
	text.Wrapping = fyne.TextWrapWord
	text.TextStyle = fyne.TextStyle{Monospace: true}
	scroll := container.NewVScroll(text)
	scroll.SetMinSize(fyne.NewSize(520, 160))
	content := container.NewBorder(widget.NewLabel(msg), nil, nil, nil, scroll)
	d.confirm = dialog.NewCustomConfirm(p.Title, "Run", "Cancel", content, func(ok bool) {
		d.confirm = nil
		if ok {
			d.runFix(p, fa)
		} else {
			d.showFixStatus("Cancelled: nothing was changed.")
		}
	}, fa.Parent)
	d.confirm.Show()
}

func (d *diagnosisView) runFix(p fix.Plan, fa *FixActions) {
	if fa.Run == nil {
		return
	}
	d.showFixStatus(p.Title + "…")
	fa.Run(p, func(res fix.Result) { d.showFixStatus(res.Message) })
}

func (d *diagnosisView) showFixStatus(s string) {
	d.fixStatus.SetText(s)
	d.fixStatus.Show()
}
