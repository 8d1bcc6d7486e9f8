package ui

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/gatewatch/gatewatch/monitor"
)

// TestScreenshots writes the PNGs in docs/ when GATEWATCH_SHOTS names a
// directory: go test ./app/ui -run Screenshots with GATEWATCH_SHOTS=$PWD/docs.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("GATEWATCH_SHOTS")
	if dir == "" {
		t.Skip("GATEWATCH_SHOTS not set")
	}
	shot := func(name string, content fyne.CanvasObject, size fyne.Size) {
		w := test.NewWindow(content)
		defer w.Close()
		w.Resize(size)
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, w.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	}
	a := test.NewApp()
	defer a.Quit()
	//lint:ignore SA1019 screenshots want one fixed variant, whatever the machine prefers
	a.Settings().SetTheme(theme.LightTheme())
	f := &fakeActions{}
	server := monitor.Verdict{
		URL: "https://chat.example/", Side: monitor.SideServer, Hop: monitor.HopCDN,
		Summary: "Their CDN (Cloudflare) answers, but the site behind it does not: 502 Bad Gateway.", Gateway: "Cloudflare", Status: 502,
		Evidence: []monitor.Step{
			{Check: "canary", OK: true, Detail: "internet reachable", MS: 21},
			{Check: "dns", OK: true, Detail: "chat.example → 192.0.2.10", MS: 4},
			{Check: "tcp", OK: true, Detail: "192.0.2.10:443 connected", MS: 18},
			{Check: "http", OK: false, Detail: "502 Bad Gateway from Cloudflare", MS: 140},
		},
		Fixes: []monitor.Fix{{Title: "Wait and retry", Does: "gatewatch re-checks and tells you when it is back"}, {Title: "Open the status page", Does: "see whether they know"}},
	}
	user := monitor.Verdict{
		URL: "https://chat.example/", Side: monitor.SideUser, Hop: monitor.HopDNS,
		Summary: "Your DNS resolver does not answer; other resolvers do.",
		Evidence: []monitor.Step{
			{Check: "canary", OK: true, Detail: "internet reachable by IP", MS: 25},
			{Check: "dns", OK: false, Detail: "system resolver: timeout", MS: 5000},
			{Check: "dns-reference", OK: true, Detail: "192.0.2.53 answers chat.example", MS: 9},
		},
		Fixes: []monitor.Fix{{Title: "Switch DNS", Does: "use another resolver"}},
	}
	size := fyne.NewSize(900, 560)
	shot("diagnosis-server.png", DiagnosisContent(a, server, f.actions("https://status.chat.example")), size)
	shot("diagnosis-user.png", DiagnosisContent(a, user, f.actions("")), size)
	shot("settings.png", SettingsContent(a, labConfig(), (&saver{}).save, SettingsHooks{}), fyne.NewSize(760, 760))
}
