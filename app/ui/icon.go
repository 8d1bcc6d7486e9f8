package ui

import (
	"fyne.io/fyne/v2"

	"github.com/gatewatch/gatewatch/assets"
)

// appIcon is the windows' icon, the application icon of the packages and
// the menu entry (binaries built without `fyne package` get no icon from
// FyneApp.toml, so it is set here).
var appIcon = fyne.NewStaticResource("io.github.gatewatch.png", assets.AppIcon)
