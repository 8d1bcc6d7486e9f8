package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"github.com/gatewatch/gatewatch/checks"
	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// cannedWorld is a second opinion as the lab's stand-in answers
// fails-in-user-asn: six places answer, the user's own provider fails.
func cannedWorld(ageS int64) *verdict.WorldOpinion {
	return &verdict.WorldOpinion{
		Probes: []checks.WorldProbe{
			{Place: "Frankfurt, DE", Network: "Hetzner Online GmbH", ASN: 24940, OK: true, Status: 200, MS: 120},
			{Place: "Tokyo, JP", Network: "Sakura Internet", ASN: 9370, OK: true, Status: 200, MS: 140},
			{Place: "Berlin, DE", Network: "Lab Home ISP", ASN: 64500, Error: "connect ECONNREFUSED 127.0.0.3:18099"},
		},
		Places: 3, Agreed: 1, AgeS: ageS,
		Summary: "1 of 3 places elsewhere see chat.example fail.",
	}
}

func worldVerdict(o *verdict.WorldOpinion) verdict.Verdict {
	return verdict.Verdict{URL: "https://chat.example/", Side: verdict.SideServer, Hop: verdict.HopOrigin,
		Rule: "origin-silent", DecidedBy: "site request: timeout", Summary: "chat.example does not answer.", World: o}
}

func TestCheckElsewhereButton(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	down := worldVerdict(nil)
	for _, tc := range []struct {
		name     string
		v        verdict.Verdict
		enabled  bool
		disabled bool
		why      string
	}{
		{"off", down, false, true, "in Settings"},
		{"on", down, true, false, ""},
		{"site works", verdict.Verdict{URL: down.URL, Side: verdict.SideOK}, true, true, "works from here"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			asked := 0
			d := newDiagnosisView(a, tc.v, DiagnosisActions{WorldEnabled: tc.enabled, CheckElsewhere: func() { asked++ }})
			w := test.NewWindow(d.root)
			defer w.Close()
			b := d.buttons["Check from elsewhere"]
			if b == nil {
				t.Fatal("no Check from elsewhere button")
			}
			if b.Disabled() != tc.disabled {
				t.Errorf("disabled = %v, want %v", b.Disabled(), tc.disabled)
			}
			if got := d.elsewhereWhy.Text; !strings.Contains(got, tc.why) || d.elsewhereWhy.Visible() != (tc.why != "") {
				t.Errorf("explanation %q (visible %v), want %q", got, d.elsewhereWhy.Visible(), tc.why)
			}
			test.Tap(b)
			if want := map[bool]int{true: 0, false: 1}[tc.disabled]; asked != want {
				t.Errorf("tapped: asked %d times, want %d", asked, want)
			}
		})
	}
	if d := newDiagnosisView(a, down, DiagnosisActions{}); d.buttons["Check from elsewhere"] != nil {
		t.Error("button shown without a CheckElsewhere action")
	}
}

func TestWorldTable(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	d := newDiagnosisView(a, worldVerdict(cannedWorld(0)), DiagnosisActions{})
	want := [][]string{
		{"Frankfurt, DE", "AS24940 Hetzner Online GmbH", "200", "120 ms"},
		{"Tokyo, JP", "AS9370 Sakura Internet", "200", "140 ms"},
		{"Berlin, DE", "AS64500 Lab Home ISP", "failed: connect ECONNREFUSED 127.0.0.3:18099", "—"},
	}
	if len(d.worldRows) != len(want) {
		t.Fatalf("%d rows, want %d: %q", len(d.worldRows), len(want), d.worldRows)
	}
	for i := range want {
		if strings.Join(d.worldRows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, d.worldRows[i], want[i])
		}
	}
	if !strings.Contains(d.worldSummary.Text, "1 of 3 places") || !strings.Contains(d.worldSummary.Text, "just now") {
		t.Errorf("summary %q", d.worldSummary.Text)
	}
	cached := newDiagnosisView(a, worldVerdict(cannedWorld(240)), DiagnosisActions{})
	if !strings.Contains(cached.worldSummary.Text, "cached answer (4 min old)") {
		t.Errorf("cached summary %q", cached.worldSummary.Text)
	}
	none := newDiagnosisView(a, worldVerdict(nil), DiagnosisActions{})
	if none.worldSummary != nil || len(none.worldRows) != 0 {
		t.Error("a second opinion section without a second opinion")
	}
}

// TestWorldGolden pins the look of the table and of the button in both
// states (testdata/shots/world-*.png; -update-shots rewrites them).
func TestWorldGolden(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	//lint:ignore SA1019 goldens want one fixed variant
	a.Settings().SetTheme(theme.LightTheme())
	for _, tc := range []struct {
		name    string
		v       verdict.Verdict
		enabled bool
	}{
		{"world-table.png", worldVerdict(cannedWorld(240)), true},
		{"world-off.png", worldVerdict(nil), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeActions{}
			actions := f.actions("")
			actions.CheckElsewhere, actions.WorldEnabled = func() {}, tc.enabled
			w := test.NewWindow(DiagnosisContent(a, tc.v, actions))
			defer w.Close()
			w.Resize(fyne.NewSize(900, 620))
			img := w.Canvas().Capture()
			if docs := os.Getenv("GATEWATCH_SHOTS"); docs != "" && tc.name == "world-table.png" {
				writePNG(t, filepath.Join(docs, "diagnosis-world.png"), img) // the README's
			}
			if *updateShots {
				writePNG(t, filepath.Join("testdata", "shots", tc.name), img)
				return
			}
			test.AssertImageMatches(t, filepath.Join("shots", tc.name), img)
		})
	}
}

func TestWorldOptions(t *testing.T) {
	off, offElsewhere := worldOptions(verdict.Options{}, config.WorldConfig{})
	if off.World != nil || offElsewhere.World != nil || off.WorldOnDemand || offElsewhere.WorldOnDemand {
		t.Errorf("[world] off still asks: %+v %+v", off.World, offElsewhere.World)
	}
	on, onElsewhere := worldOptions(verdict.Options{}, config.WorldConfig{Enabled: true, API: "http://127.0.0.1:1"})
	if on.World == nil || on.WorldOnDemand {
		t.Errorf("[world] on: the normal check should ask only when ambiguous: %+v, on demand %v", on.World, on.WorldOnDemand)
	}
	if onElsewhere.World != on.World || !onElsewhere.WorldOnDemand {
		t.Errorf("Check from elsewhere: same Asker %v, on demand %v", onElsewhere.World == on.World, onElsewhere.WorldOnDemand)
	}
}
