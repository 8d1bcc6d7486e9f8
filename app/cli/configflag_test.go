package cli

import (
	"slices"
	"testing"
)

func TestLeadingConfig(t *testing.T) {
	cases := []struct {
		args     []string
		config   string
		rest     []string
		wantsErr bool
	}{
		{nil, "", nil, false},
		{[]string{"--config", "f.toml"}, "f.toml", []string{}, false},
		{[]string{"--config=f.toml", "check", "a.test"}, "f.toml", []string{"check", "a.test"}, false},
		{[]string{"-config", "f.toml", "version"}, "f.toml", []string{"version"}, false},
		{[]string{"check", "--config", "f.toml"}, "", []string{"check", "--config", "f.toml"}, false},
		{[]string{"--config"}, "", nil, true},
		{[]string{"--config="}, "", nil, true},
	}
	for _, c := range cases {
		config, rest, err := LeadingConfig(c.args)
		if (err != nil) != c.wantsErr {
			t.Errorf("%q: error %v", c.args, err)
			continue
		}
		if config != c.config || (!c.wantsErr && !slices.Equal(rest, c.rest) && len(rest)+len(c.rest) > 0) {
			t.Errorf("%q: config %q rest %q, want %q %q", c.args, config, rest, c.config, c.rest)
		}
	}
}

func TestConfigAnywhere(t *testing.T) {
	cases := []struct {
		args     []string
		config   string
		rest     []string
		wantsErr bool
	}{
		{[]string{"diagnose", "https://a.test/"}, "", []string{"diagnose", "https://a.test/"}, false},
		{[]string{"diagnose", "https://a.test/", "--config", "f.toml"}, "f.toml", []string{"diagnose", "https://a.test/"}, false},
		{[]string{"--config=f.toml", "settings"}, "f.toml", []string{"settings"}, false},
		{[]string{"settings", "--config"}, "", nil, true},
	}
	for _, c := range cases {
		config, rest, err := ConfigAnywhere(c.args)
		if (err != nil) != c.wantsErr {
			t.Errorf("%q: error %v", c.args, err)
			continue
		}
		if config != c.config || !slices.Equal(rest, c.rest) {
			t.Errorf("%q: config %q rest %q, want %q %q", c.args, config, rest, c.config, c.rest)
		}
	}
}
