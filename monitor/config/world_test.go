package config

import (
	"strings"
	"testing"
)

func TestWorldConfig(t *testing.T) {
	cases := []struct {
		toml    string
		errHas  string
		enabled bool
	}{
		{toml: "", enabled: false},
		{toml: "[world]\nenabled = true\ntoken = \"abc\"\ncountry = \"de\"\nasn = 3320\n", enabled: true},
		{toml: "[world]\nenabled = true\napi = \"http://127.0.0.1:8090\"\n", enabled: true},
		{toml: "[world]\napi = \"ftp://x\"\n", errHas: "world.api"},
		{toml: "[world]\napi = \"https://u:p@api.lab\"\n", errHas: "without credentials"},
		{toml: "[world]\ntoken = \"a b\"\n", errHas: "world.token"},
		{toml: "[world]\ncountry = \"Germany\"\n", errHas: "world.country"},
		{toml: "[world]\nasn = -1\n", errHas: "world.asn"},
		{toml: "[world]\nasn = 4294967296\n", errHas: "world.asn"},
		{toml: "[world]\nenabeld = true\n", errHas: "unknown key"},
	}
	for _, c := range cases {
		cfg, err := ParseConfig([]byte(c.toml))
		if c.errHas != "" {
			if err == nil || !strings.Contains(err.Error(), c.errHas) {
				t.Errorf("%q: got %v, want %q", c.toml, err, c.errHas)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.toml, err)
			continue
		}
		if cfg.World.Enabled != c.enabled {
			t.Errorf("%q: enabled %v", c.toml, cfg.World.Enabled)
		}
	}
	if DefaultConfig().World.Enabled {
		t.Error("the second opinion must be off by default")
	}
}

func TestWorldTokenRedacted(t *testing.T) {
	w := WorldConfig{Enabled: true, Token: "secret-token"}
	if r := w.Redacted(); r.Token == w.Token || strings.Contains(r.Token, "secret") {
		t.Errorf("%+v", r)
	}
	if (WorldConfig{}).Redacted().Token != "" {
		t.Error("no token must stay no token")
	}
}
