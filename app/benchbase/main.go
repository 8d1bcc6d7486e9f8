//go:build cgo

// Command benchbase is the baseline of `make bench-idle`: the smallest
// Fyne app with a tray icon and no window, i.e. what the resident would
// cost if it ran on Fyne's driver. It does nothing else.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/gatewatch/gatewatch/assets"
)

func main() {
	a := app.NewWithID("io.github.gatewatch.benchbase")
	if desk, ok := a.(desktop.App); ok {
		desk.SetSystemTrayMenu(fyne.NewMenu("baseline", fyne.NewMenuItem("Check all now", func() {})))
		desk.SetSystemTrayIcon(fyne.NewStaticResource("ok.png", assets.OK))
	}
	a.Run()
}
