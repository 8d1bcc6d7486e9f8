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
	if os.Getenv("WAYLAND_DISPLAY") != "" {
		return nil
	}
	// A DISPLAY whose server is gone makes GLFW panic too: try the local
	// socket first (path, then Linux's abstract name). Remote displays
	// (host:0) are left to GLFW.
	d := os.Getenv("DISPLAY")
	sock, ok := localXSocket(d)
	if !ok {
		return nil
	}
	for _, addr := range []string{sock, "@" + sock} {
		if c, err := net.DialTimeout("unix", addr, time.Second); err == nil {
			c.Close()
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
