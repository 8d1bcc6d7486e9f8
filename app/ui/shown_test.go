package ui

import (
	"errors"
	"strconv"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gatewatch/gatewatch/monitor/fix"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// The diagnosis window plans a fix on a background goroutine (Async)
// from the verdict shown, while the UI goroutine replaces that verdict
// (a re-check, a fix's outcome). Run with -race: this fails when the
// planner reads the verdict without the lock the UI's writes take.
func TestFixPlanningReadsShownVerdictSafely(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	v := verdict.Verdict{URL: "https://chat.example/", Side: verdict.SideUser, Hop: verdict.HopDNS,
		Summary: "Your DNS resolver fails.", Fixes: verdict.Fixes(verdict.FixFlushDNS)}
	var current shownVerdict
	current.Set(v)
	planned := make(chan string, 1)
	errStop := errors.New("planned")
	fa := &FixActions{GOOS: "linux"}
	fa.Plan, fa.PlanUndo = fixPlanners(&current, func(v verdict.Verdict, undo string) (fix.Env, error) {
		planned <- v.Summary
		return fix.Env{}, errStop
	}, nil, nil)
	// Like the window's Async, but "then" comes back to this goroutine
	// (the test driver's fyne.Do would run it on the worker).
	thens := make(chan func(), 1)
	fa.Async = func(work, then func()) { go func() { work(); thens <- then }() }
	d := newDiagnosisView(a, v, DiagnosisActions{Fix: fa})
	w := test.NewWindow(d.root)
	defer w.Close()
	w.Resize(fyne.NewSize(800, 600))
	b := d.buttons[fixButtonKey(verdict.FixFlushDNS)]
	if b == nil {
		t.Fatal("no flush-DNS button")
	}
	for i := range 50 {
		test.Tap(b)
		next := v
		next.Summary = "re-check " + strconv.Itoa(i)
		current.Set(next) // the UI goroutine showing a new verdict meanwhile
		<-planned
		(<-thens)()
	}
	if got := current.Get().Summary; got != "re-check 49" {
		t.Fatalf("shown verdict %q", got)
	}
}
