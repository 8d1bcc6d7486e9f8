package tray

import (
	"slices"
	"testing"
)

func TestDiagnoseArgs(t *testing.T) {
	for _, tc := range []struct {
		cfg, url string
		want     []string
		wantsErr bool
	}{
		{"", "a.example", []string{"ui", "diagnose", "https://a.example/"}, false},
		{"/tmp/c.toml", "http://192.0.2.1:8080/x", []string{"ui", "diagnose", "http://192.0.2.1:8080/x", "--config", "/tmp/c.toml"}, false},
		{"", "-rf", nil, true},
		{"", "file:///etc/passwd", nil, true},
	} {
		got, err := diagnoseArgs(tc.cfg, tc.url)
		if (err != nil) != tc.wantsErr || !slices.Equal(got, tc.want) {
			t.Errorf("diagnoseArgs(%q, %q) = %q, %v; want %q", tc.cfg, tc.url, got, err, tc.want)
		}
	}
	if got := windowArgs("", "settings"); !slices.Equal(got, []string{"ui", "settings"}) {
		t.Errorf("settings args %q", got)
	}
}
