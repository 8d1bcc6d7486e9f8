package tray

import (
	"slices"
	"testing"
)

// Every fixed item has an action, and the log can be opened from the
// menu.
func TestFixedItems(t *testing.T) {
	actions := (&trayApp{}).itemActions()
	var titles []string
	for _, f := range fixedItems {
		if actions[f.key] == nil {
			t.Errorf("%s (%q) does nothing", f.key, f.title)
		}
		titles = append(titles, f.title)
	}
	if len(actions) != len(fixedItems) {
		t.Errorf("%d actions for %d items", len(actions), len(fixedItems))
	}
	if !slices.Contains(titles, "Open log") {
		t.Errorf("no Open log item in %q", titles)
	}
}

func TestOpenerArgv(t *testing.T) {
	const p = "/home/u/.local/state/gatewatch/gatewatch.log; rm -rf ~"
	tests := []struct {
		goos string
		want []string
	}{
		{"linux", []string{"xdg-open", p}},
		{"freebsd", []string{"xdg-open", p}},
		{"darwin", []string{"/usr/bin/open", p}},
		{"windows", []string{"rundll32.exe", "url.dll,FileProtocolHandler", p}},
	}
	for _, tt := range tests {
		if got := openerArgv(tt.goos, p); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.goos, got, tt.want)
		}
	}
}
