package ui

import (
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

// TestScreenshotsDark is TestScreenshots' dark variant for the settings:
// the Notifications section with quiet hours on (22:00–08:00, weekends
// off) and a minimum duration, and the whole settings window. Same
// goldens flag and GATEWATCH_SHOTS as TestScreenshots.
func TestScreenshotsDark(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	//lint:ignore SA1019 screenshots want one fixed variant, whatever the machine prefers
	a.Settings().SetTheme(theme.DarkTheme())
	shots := []struct {
		name    string
		content func() fyne.CanvasObject
		size    fyne.Size
	}{
		{"settings-quiet-dark.png", func() fyne.CanvasObject {
			return container.NewPadded(newQuietSection(config.NotifyConfig{
				About:       "their-side",
				MinDuration: config.Duration{Duration: 5 * time.Minute},
				Quiet:       config.QuietHours{From: "22:00", To: "08:00", Weekends: true},
			}).box)
		}, fyne.NewSize(760, 470)},
		{"settings-dark.png", func() fyne.CanvasObject {
			return SettingsContent(a, labConfig(), (&saver{}).save, SettingsHooks{})
		}, fyne.NewSize(760, 760)},
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
			if docs != "" {
				writePNG(t, filepath.Join(docs, s.name), img)
			}
		})
	}
}
