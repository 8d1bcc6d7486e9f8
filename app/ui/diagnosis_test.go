package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

type fakeActions struct {
	retries int
	opened  []string
	copied  []string
}

func (f *fakeActions) actions(statusPage string) DiagnosisActions {
	return DiagnosisActions{
		Retry:      func() { f.retries++ },
		OpenURL:    func(u string) { f.opened = append(f.opened, u) },
		CopyText:   func(s string) { f.copied = append(f.copied, s) },
		StatusPage: statusPage,
	}
}

func richText(rt interface{ String() string }) string { return rt.String() }

func TestDiagnosisContent(t *testing.T) {
	serverV := verdict.Verdict{
		URL: "https://chat.example/?q=1", Side: verdict.SideServer, Hop: verdict.HopCDN,
		Summary: "The site's CDN answers 502: their origin is down.", ErrorPageBy: "Cloudflare", Status: 502,
		Evidence: []verdict.Step{{Check: "dns", OK: true, Detail: "192.0.2.10", MS: 3}, {Check: "http", OK: false, Detail: "502 Bad Gateway", MS: 40}},
	}
	userV := verdict.Verdict{
		URL: "https://chat.example/", Side: verdict.SideUser, Hop: verdict.HopDNS,
		Summary:  "Your DNS resolver does not answer.",
		Evidence: []verdict.Step{{Check: "dns", OK: false, Detail: "timeout", MS: 5000}},
	}
	captiveV := verdict.Verdict{
		URL: "https://chat.example/", Side: verdict.SideUser, Hop: verdict.HopCaptive,
		Summary: "A network login page intercepts your traffic.", PortalURL: "http://192.0.2.1/login",
	}
	okV := verdict.Verdict{URL: "https://chat.example/", Side: verdict.SideOK, Hop: verdict.HopNone, Summary: "Works."}

	for _, tc := range []struct {
		name       string
		v          verdict.Verdict
		statusPage string
		side       string
		failing    int
		present    []string
		absent     []string
	}{
		{"server", serverV, "https://status.chat.example", "Their side", 6,
			[]string{"Retry now", "Open in browser", "Open status page", "Copy diagnostic report"},
			[]string{"Open network login", "It fails in my browser"}},
		{"user", userV, "", "Your side", 4,
			[]string{"Retry now", "Open in browser", "Copy diagnostic report"},
			[]string{"Open status page", "Open network login", "It fails in my browser"}},
		{"captive", captiveV, "", "Your side", 2,
			[]string{"Open network login"}, []string{"It fails in my browser"}},
		{"ok", okV, "", "OK", -1,
			[]string{"It fails in my browser"}, []string{"Open network login"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := test.NewApp()
			defer a.Quit()
			f := &fakeActions{}
			d := newDiagnosisView(a, tc.v, f.actions(tc.statusPage))
			w := test.NewWindow(d.root)
			defer w.Close()
			if got := richText(d.side); !strings.HasPrefix(got, tc.side) {
				t.Errorf("side text %q, want prefix %q", got, tc.side)
			}
			if got := richText(d.summary); got != tc.v.Summary {
				t.Errorf("summary %q, want %q", got, tc.v.Summary)
			}
			for i, s := range d.hops {
				if (s == HopFailing) != (i == tc.failing) {
					t.Errorf("hop %d (%s) state %v, failing hop should be %d", i, HopNames[i], s, tc.failing)
				}
			}
			for _, b := range tc.present {
				if d.buttons[b] == nil {
					t.Errorf("button %q missing", b)
				}
			}
			for _, b := range tc.absent {
				if d.buttons[b] != nil {
					t.Errorf("button %q should not be there", b)
				}
			}
			if len(d.evidence) != len(tc.v.Evidence) {
				t.Errorf("%d evidence rows, want %d", len(d.evidence), len(tc.v.Evidence))
			}
		})
	}
}

func TestDiagnosisButtons(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	v := verdict.Verdict{URL: "https://u:p@chat.example/?token=T", Side: verdict.SideOK, PortalURL: "http://192.0.2.1/login"}
	f := &fakeActions{}
	d := newDiagnosisView(a, v, f.actions("https://status.chat.example"))
	w := test.NewWindow(d.root)
	defer w.Close()

	test.Tap(d.buttons["Retry now"])
	test.Tap(d.buttons["Open status page"])
	test.Tap(d.buttons["Open network login"])
	test.Tap(d.buttons["Copy diagnostic report"])
	if f.retries != 1 {
		t.Errorf("retries = %d", f.retries)
	}
	if strings.Join(f.opened, " ") != "https://status.chat.example http://192.0.2.1/login" {
		t.Errorf("opened %v", f.opened)
	}
	if len(f.copied) != 1 || strings.Contains(f.copied[0], "token") || strings.Contains(f.copied[0], "u:p") {
		t.Errorf("copied report not redacted: %q", f.copied)
	}
	if d.help.Visible() {
		t.Error("browser help visible before asked")
	}
	test.Tap(d.buttons["It fails in my browser"])
	if !d.help.Visible() || !strings.Contains(d.help.Text, "cookies") {
		t.Error("browser help not shown")
	}
}

func TestDiagnosisNotifyBack(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	asked := 0
	actions := DiagnosisActions{NotifyBack: func() (string, error) {
		asked++
		return "I'll tell you when chat.example is back", nil
	}}
	down := verdict.Verdict{URL: "https://chat.example/", Side: verdict.SideServer, Hop: verdict.HopOrigin}
	d := newDiagnosisView(a, down, actions)
	w := test.NewWindow(d.root)
	defer w.Close()
	b := d.buttons["Tell me when it's back"]
	if b == nil {
		t.Fatal("no Tell me when it's back button on a down site")
	}
	test.Tap(b)
	if asked != 1 || !d.note.Visible() || !strings.Contains(d.note.Text, "is back") {
		t.Errorf("asked %d, note %q", asked, d.note.Text)
	}
	ok := newDiagnosisView(a, verdict.Verdict{URL: "https://chat.example/", Side: verdict.SideOK}, actions)
	if ok.buttons["Tell me when it's back"] != nil {
		t.Error("Tell me when it's back offered for a site that works")
	}
}

func TestNotifyBackFixRowAsksTheTray(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	asked := 0
	actions := DiagnosisActions{NotifyBack: func() (string, error) { asked++; return "armed", nil }}
	v := verdict.Verdict{URL: "https://chat.example/", Side: verdict.SideServer, Hop: verdict.HopOrigin,
		Fixes: verdict.Fixes(verdict.FixNotifyBack)}
	d := newDiagnosisView(a, v, actions)
	w := test.NewWindow(d.root)
	defer w.Close()
	b := d.buttons[fixButtonKey(verdict.FixNotifyBack)]
	if b == nil {
		t.Fatal("no button on the notify-when-back fix")
	}
	test.Tap(b)
	if asked != 1 || d.note.Text != "armed" {
		t.Errorf("asked %d, note %q", asked, d.note.Text)
	}
}
