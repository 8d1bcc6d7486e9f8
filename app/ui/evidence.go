package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// evidenceSection is the rule that decided, what decided it (always
// shown, highlighted) and every step in a collapsible list, the deciding
// ones in bold: the list is long and most of it only says what works.
func (d *diagnosisView) evidenceSection(v verdict.Verdict) fyne.CanvasObject {
	box := container.NewVBox()
	if line := decidedLine(v); line != "" {
		d.decided = widget.NewLabelWithStyle(line, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		d.decided.Wrapping = fyne.TextWrapWord
		d.decided.Importance = widget.HighImportance
		box.Add(d.decided)
	}
	steps := container.NewVBox()
	failed := 0
	for _, s := range v.Evidence {
		mark := "✓"
		if !s.OK {
			mark = "✗"
			failed++
		}
		l := widget.NewLabel(fmt.Sprintf("%s %s — %d ms — %s", mark, s.Check, s.MS, s.Detail))
		l.Wrapping = fyne.TextWrapWord
		if decides(s, v.DecidedBy) {
			l.TextStyle = fyne.TextStyle{Bold: true}
			l.Importance = widget.HighImportance
			d.deciding = append(d.deciding, l)
		}
		d.evidence = append(d.evidence, l)
		steps.Add(l)
	}
	title := fmt.Sprintf("Evidence: %d checks, %d failed", len(v.Evidence), failed)
	d.evidenceList = widget.NewAccordion(widget.NewAccordionItem(title, steps))
	box.Add(d.evidenceList)
	return box
}

// decidedLine is "rule: X — decided by: Y", as `gatewatch check` says it.
func decidedLine(v verdict.Verdict) string {
	switch {
	case v.Rule == "":
		return ""
	case v.DecidedBy == "":
		return "rule: " + v.Rule
	}
	return "rule: " + v.Rule + " — decided by: " + v.DecidedBy
}

// decides reports whether step s is the evidence by names. by is prose
// built from the same details the steps show ("your resolver: timeout
// after 1.5s; the reference resolvers answer"), so a step decides when a
// telling piece of it (10+ characters between ": ", "; " and parentheses)
// is in the step's detail; "site request: …" is the http step.
func decides(s verdict.Step, by string) bool {
	if by == "" {
		return false
	}
	if strings.HasPrefix(by, "site request:") && s.Check == "http" {
		return true
	}
	pieces := strings.FieldsFunc(by, func(r rune) bool { return r == '(' || r == ')' || r == ';' })
	for _, p := range pieces {
		for _, q := range strings.Split(p, ": ") {
			if q = strings.TrimSpace(q); len(q) >= 10 && strings.Contains(s.Detail, q) {
				return true
			}
		}
	}
	return false
}
