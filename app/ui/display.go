package ui

import (
	"errors"
	"fmt"
	"net"
	"os"
	"runtime"
	"strings"
	"time"
)

// ErrNoDisplay is returned instead of letting Fyne panic when there is no
// graphical session to open a window in.
var ErrNoDisplay = errors.New("no graphical display: DISPLAY and WAYLAND_DISPLAY are unset (use \"gatewatch check URL\" in a terminal)")

// x11Desktop reports the systems whose windows go through X11 or Wayland.
// Elsewhere (macOS, Windows) a logged-in user always has a display, and a
// DISPLAY variable there means nothing to the window system: Wine passes
// the host's on, and an X server installed for other programs sets one.
func x11Desktop(goos string) bool {
	switch goos {
	case "darwin", "windows", "android", "ios", "js", "wasip1", "plan9":
		return false
	}
	return true
}

// checkDisplay looks for a display where Fyne needs one (X11 or Wayland
// systems).
func checkDisplay(goos string, getenv func(string) string) error {
	if !x11Desktop(goos) {
		return nil
	}
	if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
		return ErrNoDisplay
	}
	return nil
}

func haveDisplay() error {
	return displayReady(runtime.GOOS, os.Getenv, func(addr string) error {
		c, err := net.DialTimeout("unix", addr, time.Second)
		if err == nil {
			c.Close()
		}
		return err
	})
}

// displayReady is haveDisplay with the system, the environment and the
// socket dial as parameters, for its tests.
func displayReady(goos string, getenv func(string) string, dial func(addr string) error) error {
	if err := checkDisplay(goos, getenv); err != nil {
		return fmt.Errorf("opening a window: %w", err)
	}
	if !x11Desktop(goos) || getenv("WAYLAND_DISPLAY") != "" {
		return nil
	}
	// A DISPLAY whose server is gone makes GLFW panic too: try the local
	// socket first (path, then Linux's abstract name). Remote displays
	// (host:0) are left to GLFW.
	d := getenv("DISPLAY")
	sock, ok := localXSocket(d)
	if !ok {
		return nil
	}
	for _, addr := range []string{sock, "@" + sock} {
		if dial(addr) == nil {
			return nil
		}
	}
	return fmt.Errorf("opening a window: cannot reach the X display %s (%s)", d, sock)
}

// localXSocket maps ":1" or ":1.0" to /tmp/.X11-unix/X1; anything else
// (a host name, a launchd path on macOS) is not a local X socket.
func localXSocket(display string) (string, bool) {
	num, ok := strings.CutPrefix(display, ":")
	if !ok {
		return "", false
	}
	num, _, _ = strings.Cut(num, ".")
	if num == "" || strings.Trim(num, "0123456789") != "" {
		return "", false
	}
	return "/tmp/.X11-unix/X" + num, true
}
