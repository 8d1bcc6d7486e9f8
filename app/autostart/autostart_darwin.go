package autostart

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gatewatch/gatewatch/monitor"
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
	file, err := Location()
	if err != nil {
		return err
	}
	if err := monitor.WriteFileAtomic(file, plist, 0o644); err != nil {
		return fmt.Errorf("autostart: %w", err)
	}
	return nil
}

// Disable removes the launchd agent; it is not an error if there is none.
func Disable() error {
	file, err := Location()
	if err != nil {
		return err
	}
	if err := os.Remove(file); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("autostart: %w", err)
	}
	return nil
}
