package ui

import (
	"errors"
	"fmt"
	"os"
	"runtime"
)

// ErrNoDisplay is returned instead of letting Fyne panic when there is no
// graphical session to open a window in.
var ErrNoDisplay = errors.New("no graphical display: DISPLAY and WAYLAND_DISPLAY are unset (use \"gatewatch check URL\" in a terminal)")

// checkDisplay looks for a display where Fyne needs one (X11 or Wayland
// systems); macOS and Windows always have one for a logged-in user.
func checkDisplay(goos string, getenv func(string) string) error {
	switch goos {
	case "darwin", "windows", "android", "ios", "js":
		return nil
	}
	if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
		return ErrNoDisplay
	}
	return nil
}

func haveDisplay() error {
	if err := checkDisplay(runtime.GOOS, os.Getenv); err != nil {
		return fmt.Errorf("opening a window: %w", err)
	}
	return nil
}
