package ui

import (
	"testing"

	"github.com/gatewatch/gatewatch/monitor/config"
)

// The window's status page button: the setting, the special values, or
// the built-in page — never the words "guess" or "none" as an address.
func TestStatusPageFor(t *testing.T) {
	tests := []struct {
		site, setting, want string
	}{
		{"https://chatgpt.com", "", "https://status.openai.com"},
		{"https://a.example", "https://status.a.example", "https://status.a.example"},
		{"https://www.a.example", config.StatusPageGuess, "https://status.a.example"},
		{"https://chatgpt.com", config.StatusPageNone, ""},
		{"https://a.example", "", ""},
	}
	for _, tt := range tests {
		u, err := config.ParseTarget(tt.site)
		if err != nil {
			t.Fatal(err)
		}
		cfg := config.Config{Sites: []config.Site{{URL: tt.site, StatusPage: tt.setting}}}
		if got := statusPageFor(cfg, u); got != tt.want {
			t.Errorf("%s with %q: %q, want %q", tt.site, tt.setting, got, tt.want)
		}
	}
}
