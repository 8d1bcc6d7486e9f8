//go:build !windows && !darwin

package autostart

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Location is the file that starts gatewatch at login:
// $XDG_CONFIG_HOME/autostart/io.github.gatewatch.desktop, ~/.config when
// XDG_CONFIG_HOME is unset (XDG Autostart Specification).
func Location() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("autostart: finding the configuration directory: %w", err)
	}
	return filepath.Join(dir, "autostart", AppID+".desktop"), nil
}

// Enabled reports whether gatewatch starts at login: the entry exists and
// is neither hidden nor switched off by the desktop's startup settings.
func Enabled() (bool, error) {
	file, err := Location()
	if err != nil {
		return false, err
	}
	data, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("autostart: reading %s: %w", file, err)
	}
	on, err := entryEnabled(string(data))
	if err != nil {
		return false, fmt.Errorf("autostart: %s: %w", file, err)
	}
	return on, nil
}

// Enable writes the autostart entry for exe, replacing any earlier one
// (atomically: a session starting meanwhile reads the old or the new).
func Enable(exe string) error {
	entry, err := DesktopEntry(exe)
	if err != nil {
		return err
	}
	return writeEntry([]byte(entry))
}
