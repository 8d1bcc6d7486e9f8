package autostart

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Location is the launchd agent that starts gatewatch at login:
// ~/Library/LaunchAgents/io.github.gatewatch.plist.
func Location() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("autostart: finding the home directory: %w", err)
	}
	return filepath.Join(home, "Library", "LaunchAgents", AppID+".plist"), nil
}

// Enabled reports whether the launchd agent exists.
func Enabled() (bool, error) {
	file, err := Location()
	if err != nil {
		return false, err
	}
	if _, err := os.Stat(file); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return false, nil
		}
		return false, fmt.Errorf("autostart: %w", err)
	}
	return true, nil
}

// Enable writes the launchd agent for exe. It is not loaded now (no
// launchctl): loading it would start a second gatewatch next to the
// running one; launchd reads it at the next login.
func Enable(exe string) error {
	plist, err := LaunchAgent(exe)
	if err != nil {
		return err
	}
	return writeEntry(plist)
}
