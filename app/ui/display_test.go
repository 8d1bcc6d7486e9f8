package ui

import (
	"errors"
	"strings"
	"testing"
)

// The X-socket probe belongs to X11 desktops only: on Windows (Wine passes
// the host's DISPLAY on) and macOS a DISPLAY must not stop a window.
func TestDisplayReady(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	noServer := func(string) error { return errors.New("connection refused") }
	server := func(addr string) error {
		if addr == "/tmp/.X11-unix/X99" {
			return nil
		}
		return errors.New("connection refused")
	}
	for _, tc := range []struct {
		goos string
		envv map[string]string
		dial func(string) error
		want string // "" for no error, else a part of it
	}{
		{"windows", map[string]string{"DISPLAY": ":99"}, noServer, ""},
		{"darwin", map[string]string{"DISPLAY": ":0"}, noServer, ""},
		{"windows", nil, noServer, ""},
		{"linux", map[string]string{"DISPLAY": ":99"}, noServer, "cannot reach the X display :99"},
		{"freebsd", map[string]string{"DISPLAY": ":99"}, noServer, "cannot reach the X display"},
		{"linux", map[string]string{"DISPLAY": ":99"}, server, ""},
		{"linux", map[string]string{"DISPLAY": ":99", "WAYLAND_DISPLAY": "wayland-0"}, noServer, ""},
		{"linux", map[string]string{"DISPLAY": "remote:0"}, noServer, ""},
		{"linux", nil, noServer, "no graphical display"},
	} {
		err := displayReady(tc.goos, env(tc.envv), tc.dial)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s %v: %v, want none", tc.goos, tc.envv, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s %v: %v, want %q", tc.goos, tc.envv, err, tc.want)
		}
	}
}
