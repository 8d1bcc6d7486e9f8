package ui

import (
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/gatewatch/gatewatch/monitor/config"
)

// updateShots rewrites the golden images from the current rendering:
// CGO_ENABLED=0 go test ./app/ui -run Screenshots -update-shots
var updateShots = flag.Bool("update-shots", false, "rewrite testdata/shots/*.png from the current rendering")

// TestScreenshots renders the windows on Fyne's test driver and compares
// each with its golden image in testdata/shots, so a visual change fails
// here until it is looked at and the goldens are updated (-update-shots).
// The diagnosis shots are real verdicts (shotverdicts_test.go). With
// GATEWATCH_SHOTS=DIR the README's images are written there too:
// GATEWATCH_SHOTS=$PWD/docs go test ./app/ui -run Screenshots.
func TestScreenshots(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	//lint:ignore SA1019 screenshots want one fixed variant, whatever the machine prefers
	a.Settings().SetTheme(theme.LightTheme())
	f := &fakeActions{}
	diagnosis := fyne.NewSize(900, 560)
	shots := []struct {
		name    string // golden and, when docs is set, README file name
		docs    bool   // the README shows it
		content func() fyne.CanvasObject
		size    fyne.Size
	}{
		{"diagnosis-server.png", true, func() fyne.CanvasObject {
			return DiagnosisContent(a, decideShot(t, "cdn-error"), f.actions("https://status.chat.example"))
		}, diagnosis},
		{"diagnosis-user.png", true, func() fyne.CanvasObject {
			return DiagnosisContent(a, decideShot(t, "dns-resolver-failing"), f.actions(""))
		}, diagnosis},
		{"diagnosis-ok.png", false, func() fyne.CanvasObject {
			return DiagnosisContent(a, decideShot(t, "site-ok"), f.actions(""))
		}, diagnosis},
		{"diagnosis-captive.png", false, func() fyne.CanvasObject {
			return DiagnosisContent(a, decideShot(t, "captive-portal"), f.actions(""))
		}, diagnosis},
		{"settings.png", true, func() fyne.CanvasObject {
			return SettingsContent(a, labConfig(), (&saver{}).save, SettingsHooks{})
		}, fyne.NewSize(760, 760)},
		{"settings-quiet.png", true, func() fyne.CanvasObject {
			return container.NewPadded(newQuietSection(config.NotifyConfig{
				MinDuration: config.Duration{Duration: 5 * time.Minute},
				Quiet:       config.QuietHours{From: "22:00", To: "08:00", Weekends: true},
			}).box)
		}, fyne.NewSize(760, 470)},
		{"history.png", true, func() fyne.CanvasObject { return HistoryContent(a, sampleHistory(t)) }, fyne.NewSize(900, 1100)},
	}
	docs := os.Getenv("GATEWATCH_SHOTS")
	for _, s := range shots {
		t.Run(s.name, func(t *testing.T) {
			w := test.NewWindow(s.content())
			defer w.Close()
			w.Resize(s.size)
			img := w.Canvas().Capture()
			if *updateShots {
				writePNG(t, filepath.Join("testdata", "shots", s.name), img)
			} else {
				test.AssertImageMatches(t, filepath.Join("shots", s.name), img)
			}
			if docs != "" && s.docs {
				writePNG(t, filepath.Join(docs, s.name), img)
			}
		})
	}
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
