package history

import (
	"errors"
	"fmt"
	"path/filepath"
)

// Where gatewatch keeps data that must survive (not a cache: the OS may
// wipe os.UserCacheDir). DataDir, per OS in datadir_*.go, picks one of
// these; they are pure so every OS's rule is tested everywhere.

// xdgDataDir: $XDG_DATA_HOME/gatewatch, or ~/.local/share/gatewatch.
func xdgDataDir(getenv func(string) string, home func() (string, error)) (string, error) {
	if d := getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "gatewatch"), nil
	}
	h, err := home()
	if err != nil {
		return "", fmt.Errorf("finding the data directory: %w", err)
	}
	return filepath.Join(h, ".local", "share", "gatewatch"), nil
}

// darwinDataDir: ~/Library/Application Support/gatewatch.
func darwinDataDir(home func() (string, error)) (string, error) {
	h, err := home()
	if err != nil {
		return "", fmt.Errorf("finding the data directory: %w", err)
	}
	return filepath.Join(h, "Library", "Application Support", "gatewatch"), nil
}

// windowsDataDir: %LocalAppData%\gatewatch.
func windowsDataDir(getenv func(string) string) (string, error) {
	if d := getenv("LocalAppData"); d != "" {
		return filepath.Join(d, "gatewatch"), nil
	}
	return "", errors.New("finding the data directory: %LocalAppData% is not set")
}
