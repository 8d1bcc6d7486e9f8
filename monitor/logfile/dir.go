// Package logfile keeps gatewatch's log in a size-capped, rotated file in
// the OS's usual place for logs. The resident tray has nowhere else to
// write: on Windows it is a GUI program without a console, and a macOS
// LaunchAgent without a log path drops stderr, so every log.Printf would
// be lost exactly when someone needs to know what happened.
package logfile

import (
	"errors"
	"fmt"
	"path/filepath"
)

// Name is the log's file name; rotated copies add ".1", ".2"….
const Name = "gatewatch.log"

// Where each OS keeps logs. Dir, per OS in dir_*.go, picks one of these;
// they are pure so every OS's rule is tested everywhere.

// xdgDir: $XDG_STATE_HOME/gatewatch, or ~/.local/state/gatewatch (the XDG
// base directory spec puts logs in the state directory).
func xdgDir(getenv func(string) string, home func() (string, error)) (string, error) {
	if d := getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "gatewatch"), nil
	}
	h, err := home()
	if err != nil {
		return "", fmt.Errorf("finding the log directory: %w", err)
	}
	return filepath.Join(h, ".local", "state", "gatewatch"), nil
}

// darwinDir: ~/Library/Logs/gatewatch, where Console.app looks.
func darwinDir(home func() (string, error)) (string, error) {
	h, err := home()
	if err != nil {
		return "", fmt.Errorf("finding the log directory: %w", err)
	}
	return filepath.Join(h, "Library", "Logs", "gatewatch"), nil
}

// windowsDir: %LocalAppData%\gatewatch\logs.
func windowsDir(getenv func(string) string) (string, error) {
	if d := getenv("LocalAppData"); d != "" {
		return filepath.Join(d, "gatewatch", "logs"), nil
	}
	return "", errors.New("finding the log directory: %LocalAppData% is not set")
}

// Path is the log file of this user.
func Path() (string, error) {
	d, err := Dir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, Name), nil
}
