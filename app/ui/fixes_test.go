package ui

import (
	"context"
	"fmt"
	"image/png"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gatewatch/gatewatch/monitor/fix"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// findButton looks for a button by its text in a widget tree (a dialog
// in the window's overlays).
func findButton(o fyne.CanvasObject, text string) *widget.Button {
	if b, ok := o.(*widget.Button); ok {
		if b.Text == text {
			return b
		}
		return nil
	}
	var children []fyne.CanvasObject
	switch x := o.(type) {
	case *fyne.Container:
		children = x.Objects
	case fyne.Widget:
		children = test.WidgetRenderer(x).Objects()
	}
	for _, c := range children {
		if b := findButton(c, text); b != nil {
			return b
		}
	}
	return nil
}

// fixHarness: a Linux machine with systemd-resolved, a recording executor
// and a re-diagnosis that answers after.
func fixHarness(v verdict.Verdict, after verdict.Verdict) (*FixActions, *fix.Recorder, *[]fix.Result) {
	rec := &fix.Recorder{}
	var results []fix.Result
	env := fix.Env{
		GOOS: "linux", Verdict: v, Resolvers: []netip.Addr{netip.MustParseAddr("203.0.113.53")},
		Have:     func(t string) bool { return t == "resolvectl" },
		ReadFile: func(string) ([]byte, error) { return []byte("nameserver 127.0.0.53\n"), nil },
		Ifaces:   []string{"lo", "eth0"}, DefaultIface: "eth0",
	}
	fa := &FixActions{GOOS: "linux"}
	fa.Plan = func(id string) (fix.Plan, error) { return fix.Make(context.Background(), id, env) }
	fa.Run = func(p fix.Plan, done func(fix.Result)) {
		r := fix.Runner{GOOS: "linux", Exec: rec, Recheck: func(context.Context, bool) verdict.Verdict { return after }}
		res := r.Run(context.Background(), p)
		results = append(results, res)
		done(res)
	}
	return fa, rec, &results
}

func TestFixButtonsConfirmAndRun(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	v := verdict.Verdict{URL: "https://chat.example/", Side: verdict.SideUser, Hop: verdict.HopDNS,
		Summary: "Your DNS resolver sends chat.example elsewhere.",
		Fixes:   verdict.Fixes(verdict.FixSwitchDNS, verdict.FixFlushDNS, verdict.FixRestartRouter)}
	fa, rec, results := fixHarness(v, verdict.Verdict{URL: v.URL, Side: verdict.SideOK})
	d := newDiagnosisView(a, v, DiagnosisActions{Fix: fa})
	w := test.NewWindow(d.root)
	defer w.Close()
	w.Resize(fyne.NewSize(800, 600))
	fa.Parent = w

	for _, id := range []string{verdict.FixSwitchDNS, verdict.FixFlushDNS, verdict.FixRestartRouter} {
		if d.buttons[fixButtonKey(id)] == nil {
			t.Fatalf("no button for %s", id)
		}
	}

	// Cancel: nothing runs.
	test.Tap(d.buttons[fixButtonKey(verdict.FixSwitchDNS)])
	if d.confirm == nil {
		t.Fatal("switch-dns ran without a confirmation dialog")
	}
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog shown")
	}
	cancel := findButton(top, "Cancel")
	if cancel == nil {
		t.Fatal("no Cancel button in the dialog")
	}
	test.Tap(cancel)
	if len(rec.Steps) != 0 {
		t.Fatalf("cancelled, yet ran %v", rec.Argvs())
	}

	// Confirm: the exact commands the dialog showed run.
	test.Tap(d.buttons[fixButtonKey(verdict.FixSwitchDNS)])
	top = w.Canvas().Overlays().Top()
	var shown []string
	collectLabels(top, &shown)
	if !strings.Contains(strings.Join(shown, "\n"), "run: pkexec resolvectl dns eth0 203.0.113.53") {
		t.Errorf("dialog does not show the exact command: %q", shown)
	}
	run := findButton(top, "Run")
	if run == nil {
		t.Fatal("no Run button in the dialog")
	}
	test.Tap(run)
	want := "[[resolvectl dns eth0 203.0.113.53] [resolvectl domain eth0 ~.] [resolvectl flush-caches]]"
	if got := fmt.Sprint(rec.Argvs()); got != want {
		t.Errorf("ran %s, want %s", got, want)
	}
	if len(*results) != 1 || d.fixStatus.Text != "Fixed: chat.example answers again." || !d.fixStatus.Visible() {
		t.Errorf("status %q (visible %v)", d.fixStatus.Text, d.fixStatus.Visible())
	}

	// A fix that only says what to do asks nothing and runs nothing.
	n := len(rec.Steps)
	test.Tap(d.buttons[fixButtonKey(verdict.FixRestartRouter)])
	if d.confirm != nil || len(rec.Steps) != n {
		t.Error("restart-router asked or ran something")
	}
	if !strings.Contains(d.fixStatus.Text, "Unplug the router") {
		t.Errorf("status %q", d.fixStatus.Text)
	}
}

func TestFixButtonNoticeAndUndo(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	v := verdict.Verdict{URL: "https://chat.example/", Side: verdict.SideOK}
	fa, _, _ := fixHarness(v, v)
	undone := ""
	fa.PlanUndo = func(id string) (fix.Plan, error) { undone = id; return fix.Plan{ID: id, Manual: "undone"}, nil }
	d := newDiagnosisView(a, v, DiagnosisActions{Fix: fa, Notice: "Fixed: chat.example answers again.", UndoFix: verdict.FixSwitchDNS})
	w := test.NewWindow(d.root)
	defer w.Close()
	fa.Parent = w
	if !d.fixStatus.Visible() || d.fixStatus.Text != "Fixed: chat.example answers again." {
		t.Errorf("notice %q", d.fixStatus.Text)
	}
	b := d.buttons["undo:"+verdict.FixSwitchDNS]
	if b == nil {
		t.Fatal("no undo button")
	}
	test.Tap(b)
	if undone != verdict.FixSwitchDNS {
		t.Errorf("undo planned %q", undone)
	}
}

func TestFixCopyReport(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	v := verdict.Verdict{URL: "https://chat.example/?token=T", Side: verdict.SideUser, Hop: verdict.HopISP,
		Summary: "Your internet connection is down.", Fixes: verdict.Fixes(verdict.FixContactISP)}
	fa, rec, _ := fixHarness(v, v)
	d := newDiagnosisView(a, v, DiagnosisActions{Fix: fa})
	w := test.NewWindow(d.root)
	defer w.Close()
	fa.Parent = w
	test.Tap(d.buttons[fixButtonKey(verdict.FixContactISP)])
	if d.confirm != nil {
		t.Error("copying a report needs no confirmation")
	}
	if len(rec.Steps) != 1 || !strings.Contains(rec.Steps[0].Copy, "gatewatch diagnostic report") || strings.Contains(rec.Steps[0].Copy, "token") {
		t.Errorf("steps %+v", rec.Steps)
	}
}

func collectLabels(o fyne.CanvasObject, out *[]string) {
	if l, ok := o.(*widget.Label); ok {
		*out = append(*out, l.Text)
		return
	}
	var children []fyne.CanvasObject
	switch x := o.(type) {
	case *fyne.Container:
		children = x.Objects
	case fyne.Widget:
		children = test.WidgetRenderer(x).Objects()
	}
	for _, c := range children {
		collectLabels(c, out)
	}
}

// TestFixScreenshot writes docs/fix-confirm.png (the confirmation dialog of
// switch-dns) when GATEWATCH_SHOTS names a directory.
func TestFixScreenshot(t *testing.T) {
	dir := os.Getenv("GATEWATCH_SHOTS")
	if dir == "" {
		t.Skip("GATEWATCH_SHOTS not set")
	}
	a := test.NewApp()
	defer a.Quit()
	//lint:ignore SA1019 screenshots want one fixed variant, whatever the machine prefers
	a.Settings().SetTheme(theme.LightTheme())
	v := verdict.Verdict{URL: "https://chat.example/", Side: verdict.SideUser, Hop: verdict.HopDNS,
		Summary: "Your DNS resolver sends chat.example to 192.0.2.1, but the reference resolvers say 203.0.113.10, where the site answers: a hijacked or stale DNS answer.",
		Fixes:   verdict.Fixes(verdict.FixSwitchDNS, verdict.FixFlushDNS, verdict.FixRestartRouter)}
	fa, _, _ := fixHarness(v, verdict.Verdict{URL: v.URL, Side: verdict.SideOK})
	d := newDiagnosisView(a, v, DiagnosisActions{Fix: fa})
	w := test.NewWindow(d.root)
	defer w.Close()
	w.Resize(fyne.NewSize(900, 560))
	fa.Parent = w
	test.Tap(d.buttons[fixButtonKey(verdict.FixSwitchDNS)])
	f, err := os.Create(filepath.Join(dir, "fix-confirm.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}
