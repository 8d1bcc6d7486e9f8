package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	good := "interval = \"30s\"\n[[sites]]\nurl = \"a.test\"\n"
	cases := []struct {
		name     string
		explicit bool
		content  string // "" = no file
		sites    int    // -1: the defaults
		notice   bool
		err      string
		moved    bool
	}{
		{"explicit good", true, good, 1, false, "", false},
		{"explicit missing", true, "", 0, false, "no config file", false},
		{"explicit corrupt: error, file kept", true, "interval = [", 0, false, "parsing TOML", false},
		{"default good", false, good, 1, false, "", false},
		{"default missing: defaults", false, "", -1, false, "", false},
		{"default corrupt: moved aside, notice", false, "interval = [", -1, true, "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			home := t.TempDir()
			t.Setenv("XDG_CONFIG_HOME", home)
			t.Setenv("HOME", home)
			path := filepath.Join(home, "gatewatch", "config.toml")
			if !c.explicit {
				if p, err := DefaultConfigPath(); err != nil || p != path {
					t.Skipf("default path %q (%v) is not under XDG_CONFIG_HOME on this OS", p, err)
				}
			}
			if c.content != "" {
				os.MkdirAll(filepath.Dir(path), 0o700)
				if err := os.WriteFile(path, []byte(c.content), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			arg := ""
			if c.explicit {
				arg = path
			}
			cfg, notice, err := Load(arg)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) || !strings.Contains(err.Error(), path) {
					t.Fatalf("err %v, want one naming %s and saying %q", err, path, c.err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			want := c.sites
			if want < 0 {
				want = len(DefaultConfig().Sites)
			}
			if len(cfg.Sites) != want || (notice != "") != c.notice {
				t.Fatalf("%d sites, notice %q", len(cfg.Sites), notice)
			}
			_, statErr := os.Stat(path)
			if moved := c.content != "" && statErr != nil; moved != c.moved {
				t.Fatalf("moved aside %v, want %v", moved, c.moved)
			}
			if c.moved && !strings.Contains(notice, ".corrupt-") {
				t.Fatalf("notice %q does not say where the file went", notice)
			}
		})
	}
}
