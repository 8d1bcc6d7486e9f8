// Package ui holds gatewatch's windows (diagnosis, settings). They run in
// a short-lived child process, never in the resident tray: Fyne's driver
// alone costs about 124 MB. Content is built from a fyne.App and plain
// data so that Fyne's test package can exercise it without cgo or X.
package ui

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// DiagnosisActions is what the diagnosis window's buttons do; tests inject
// fakes. A nil func hides its button.
type DiagnosisActions struct {
	Retry    func()
	OpenURL  func(raw string)
	CopyText func(text string)
	// NotifyBack asks the running tray for one notification when the site
	// answers again; it returns what to tell the user.
	NotifyBack func() (string, error)
	// StatusPage is the site's status page from the config, when known;
	// the verdict itself does not carry it.
	StatusPage string
	// Fix plans and runs the verdict's fixes (fixes.go); nil shows them
	// as text only.
	Fix *FixActions
	// Notice is the outcome of the last fix, shown above the verdict it
	// led to; UndoFix offers to undo that fix.
	Notice  string
	UndoFix string
	// CheckElsewhere diagnoses again with the second opinion asked on
	// demand (Globalping); nil hides its button. WorldEnabled is the
	// [world] enabled setting: off, the button is greyed out and says
	// where to turn it on (asking sends the site's address away).
	CheckElsewhere func()
	WorldEnabled   bool
}

// BrowserHelp is shown by "It fails in my browser" when gatewatch reaches
// the site: what is left is the browser itself.
const BrowserHelp = `The site works from gatewatch, so the network and the site are fine: the problem is in your browser or its proxy.
1. Reload without the cache (Ctrl+Shift+R, or Cmd+Shift+R on a Mac).
2. Delete this site's cookies and site data, then sign in again.
3. Try a private window: if it works there, disable your extensions one by one (ad blockers, privacy and VPN extensions first).
4. Check the browser's proxy settings: gatewatch uses the system proxy; a browser with its own proxy (or a PAC file) takes another path.`

// diagnosisView keeps the widgets the tests look at.
type diagnosisView struct {
	root     fyne.CanvasObject
	side     *widget.RichText
	summary  *widget.RichText
	hops     []HopState
	buttons  map[string]*widget.Button
	help     *widget.Label
	note     *widget.Label
	evidence []*widget.Label
	// deciding are the evidence rows the verdict's DecidedBy names,
	// decided the "rule: X — decided by: Y" line, evidenceList the
	// collapsible list of every step.
	deciding     []*widget.Label
	decided      *widget.Label
	evidenceList *widget.Accordion
	// inFixes are the fix ids "What to do" has a button for: the bar
	// does not repeat them. primary is the first action for the
	// verdict's side, focused when the window opens; barOrder the bar's
	// buttons in order.
	inFixes  map[string]bool
	primary  *keyButton
	barOrder []*keyButton
	keyed    map[string]*keyButton
	// The second opinion: why "Check from elsewhere" is greyed out, its
	// summary and the rows of its table.
	elsewhereWhy *widget.Label
	worldSummary *widget.Label
	worldRows    [][]string
	// fixStatus says what the last fix did; confirm is the open
	// confirmation dialog, if any.
	fixStatus *widget.Label
	confirm   dialog.Dialog
}

// DiagnosisContent shows one verdict: the path, the verdict in words, the
// evidence and what the user can do.
func DiagnosisContent(a fyne.App, v verdict.Verdict, actions DiagnosisActions) fyne.CanvasObject {
	return newDiagnosisView(a, v, actions).root
}

func newDiagnosisView(a fyne.App, v verdict.Verdict, actions DiagnosisActions) *diagnosisView {
	d := &diagnosisView{buttons: map[string]*widget.Button{}, hops: HopStates(v), inFixes: map[string]bool{}, keyed: map[string]*keyButton{}}
	d.side = widget.NewRichText(&widget.TextSegment{
		Text:  v.Side.Words() + " — " + RedactURL(v.URL),
		Style: widget.RichTextStyleHeading,
	})
	summary := v.Summary
	if summary == "" {
		summary = "No summary."
	}
	d.summary = widget.NewRichText(&widget.TextSegment{Text: summary, Style: widget.RichTextStyleSubHeading})
	d.summary.Wrapping = fyne.TextWrapWord

	d.fixStatus = widget.NewLabel(actions.Notice)
	d.fixStatus.Wrapping = fyne.TextWrapWord
	d.fixStatus.TextStyle = fyne.TextStyle{Bold: true}
	if actions.Notice == "" {
		d.fixStatus.Hide()
	}
	top := container.NewVBox(d.fixStatus, d.side, d.summary, pathRow(a, d.hops))
	if actions.Fix != nil && actions.UndoFix != "" {
		top.Add(d.undoButton(actions.UndoFix, actions.Fix))
	}
	var facts []string
	if v.ErrorPageBy != "" {
		facts = append(facts, "Error page from: "+v.ErrorPageBy)
	}
	if v.Status != 0 {
		facts = append(facts, fmt.Sprintf("HTTP status: %d", v.Status))
	}
	if v.Error != "" {
		facts = append(facts, "Error: "+v.Error)
	}
	for _, f := range facts {
		l := widget.NewLabel(f)
		l.Wrapping = fyne.TextWrapWord
		top.Add(l)
	}

	body := top
	d.fixRows(body, v, actions)
	if w := d.worldSection(v.World); w != nil {
		body.Add(w)
	}
	body.Add(d.evidenceSection(v))
	d.help = widget.NewLabel(BrowserHelp)
	d.help.Wrapping = fyne.TextWrapWord
	d.help.Hide()
	body.Add(d.help)
	d.note = widget.NewLabel("")
	d.note.Wrapping = fyne.TextWrapWord
	d.note.Hide()
	body.Add(d.note)

	// One scroll for everything: wrapped text sized outside a scroll
	// takes its height at the narrowest width and hides the rest.
	// The scroll comes first in the tree, so Tab goes through "What to
	// do" (the primary action first), the evidence, then the bar.
	d.root = container.NewBorder(nil, d.buttonBar(v, actions), nil, nil, container.NewVScroll(body))
	if d.primary == nil && len(d.barOrder) > 0 && !d.barOrder[0].Disabled() {
		d.primary = d.barOrder[0]
	}
	if d.primary != nil {
		// The scroll has sized its content already: repaint.
		d.primary.Importance = widget.HighImportance
		d.primary.Refresh()
	}
	return d
}

// buttonBar holds the actions that are not in "What to do": each action
// has one place (a fix listed there is not repeated here), and the one
// for the verdict's side comes first (the network login, the browser
// help).
func (d *diagnosisView) buttonBar(v verdict.Verdict, actions DiagnosisActions) fyne.CanvasObject {
	bar := container.NewGridWithColumns(3) // rows of three: no button hides off the edge
	add := func(label string, icon fyne.Resource, fixID string, tapped func()) {
		if fixID != "" && d.inFixes[fixID] {
			return
		}
		b := newKeyButton(label, icon, tapped)
		d.track(label, b)
		d.barOrder = append(d.barOrder, b)
		bar.Add(b)
	}
	if actions.OpenURL != nil && v.PortalURL != "" {
		add("Open network login", theme.LoginIcon(), verdict.FixOpenPortal, func() { actions.OpenURL(v.PortalURL) })
	}
	if v.Side == verdict.SideOK {
		add("It fails in my browser", theme.QuestionIcon(), "", func() { d.help.Show() })
	}
	if actions.Retry != nil {
		add("Retry now", theme.ViewRefreshIcon(), "", actions.Retry)
	}
	var why fyne.CanvasObject
	if actions.CheckElsewhere != nil {
		b := d.elsewhereButton(v, actions)
		d.track(b.Text, b)
		d.barOrder = append(d.barOrder, b)
		bar.Add(b)
		why = d.elsewhereWhy
	}
	if actions.OpenURL != nil {
		add("Open in browser", theme.ComputerIcon(), verdict.FixOpenSite, func() { actions.OpenURL(v.URL) })
		if actions.StatusPage != "" {
			add("Open status page", theme.InfoIcon(), verdict.FixStatusPage, func() { actions.OpenURL(actions.StatusPage) })
		}
	}
	if actions.NotifyBack != nil && v.Side != verdict.SideOK {
		add("Tell me when it's back", theme.MailSendIcon(), verdict.FixNotifyBack, func() { d.askNotifyBack(actions) })
	}
	if actions.CopyText != nil {
		add("Copy diagnostic report", theme.ContentCopyIcon(), verdict.FixCopyReport, func() { actions.CopyText(Report(v)) })
	}
	if why == nil {
		return bar
	}
	return container.NewVBox(why, bar)
}

func (d *diagnosisView) askNotifyBack(actions DiagnosisActions) {
	msg, err := actions.NotifyBack()
	if err != nil {
		msg = err.Error()
	}
	d.note.SetText(msg)
	d.note.Show()
}

// pathRow draws the hops as coloured boxes joined by arrows.
func pathRow(a fyne.App, states []HopState) fyne.CanvasObject {
	row := container.NewHBox()
	for i, name := range HopNames {
		if i > 0 {
			row.Add(widget.NewLabel("→"))
		}
		row.Add(hopBox(a, name, states[i]))
	}
	return container.NewHScroll(row)
}

func hopBox(a fyne.App, name string, s HopState) fyne.CanvasObject {
	th := a.Settings().Theme()
	variant := a.Settings().ThemeVariant()
	var bg color.Color
	fg := th.Color(theme.ColorNameForegroundOnSuccess, variant)
	switch s {
	case HopOK:
		bg = th.Color(theme.ColorNameSuccess, variant)
	case HopFailing:
		bg = th.Color(theme.ColorNameError, variant)
		fg = th.Color(theme.ColorNameForegroundOnError, variant)
	default:
		bg = th.Color(theme.ColorNameDisabledButton, variant)
		fg = th.Color(theme.ColorNameForeground, variant)
	}
	rect := canvas.NewRectangle(bg)
	rect.CornerRadius = 4
	text := canvas.NewText(name, fg)
	if s == HopFailing {
		text.TextStyle = fyne.TextStyle{Bold: true}
	}
	return container.NewStack(rect, container.NewPadded(text))
}
