package tray

import (
	"errors"
	"os"
	"path/filepath"
)

// checkSession refuses to start without a desktop session bus. Without
// one, godbus would autolaunch a private dbus-daemon that no tray or
// notification service listens on, and leave it behind.
func checkSession() error {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "" {
		return nil
	}
	if dir := os.Getenv("XDG_RUNTIME_DIR"); dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "bus")); err == nil {
			return nil
		}
	}
	return errors.New("no desktop session found (no D-Bus session bus): the tray needs one; from a terminal, use `gatewatch check`")
}
