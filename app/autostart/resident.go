package autostart

import (
	"fmt"
	"os"
	"path/filepath"
)

// Resident is the program login must start: gatewatch, installed next to
// the running program. The settings window runs in gatewatch-ui, so its
// own path is not the one to register.
func Resident() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("autostart: finding this program: %w", err)
	}
	res := residentNextTo(exe)
	if _, err := os.Stat(res); err != nil {
		return "", fmt.Errorf("autostart: gatewatch is not next to %s: %w", exe, err)
	}
	return res, nil
}

// residentNextTo names gatewatch in exe's directory, with exe's extension
// (.exe on Windows).
func residentNextTo(exe string) string {
	return filepath.Join(filepath.Dir(exe), "gatewatch"+filepath.Ext(exe))
}

// Set switches start at login on (for Resident) or off: what a settings
// check box needs.
func Set(on bool) error {
	if !on {
		return Disable()
	}
	exe, err := Resident()
	if err != nil {
		return err
	}
	return Enable(exe)
}
