// Package autostart starts gatewatch when the user logs in, the way each
// desktop expects it:
//
//	Linux (and BSD)  an XDG autostart entry,
//	                 $XDG_CONFIG_HOME/autostart/io.github.gatewatch.desktop
//	macOS            a launchd agent, ~/Library/LaunchAgents/io.github.gatewatch.plist
//	Windows          the value "gatewatch" under HKCU\Software\Microsoft\Windows\CurrentVersion\Run
//
// Enabled, Enable and Disable are per user and need no administrator
// rights. Enable only registers the program for the next login; it does
// not start a second copy now. The file formats are built by pure
// functions (DesktopEntry, LaunchAgent, RunValue) so that every platform's
// output is tested on any platform.
package autostart

import (
	"errors"
	"fmt"
	"strings"
)

// AppID names the autostart entry. It is the application ID of
// FyneApp.toml, the .desktop file and the icon, so the desktop shows the
// same name and icon for the menu entry, the login item and the tray.
const AppID = "io.github.gatewatch"

// appName is what the desktop shows for the login item.
const appName = "gatewatch"

// errBadExe is returned for program paths no entry could name safely.
var errBadExe = errors.New("the program path must be absolute and free of control characters")

// checkExe refuses paths that cannot be written into an entry: relative
// ones (the session starts with another working directory) and ones with
// control characters (a newline would end the Exec line of a .desktop file
// and start a key of its own).
func checkExe(exe string, abs func(string) bool) error {
	if exe == "" || !abs(exe) {
		return fmt.Errorf("autostart %q: %w", exe, errBadExe)
	}
	if strings.ContainsFunc(exe, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return fmt.Errorf("autostart %q: %w", exe, errBadExe)
	}
	return nil
}
