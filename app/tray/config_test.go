package tray

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/monitor/config"
)

func TestLoadConfigWritesDefaultsOnFirstStart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gatewatch", "config.toml")
	cfg, note, err := loadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if note != startFirst {
		t.Errorf("note %v, want startFirst", note)
	}
	if len(cfg.Sites) != len(config.DefaultConfig().Sites) {
		t.Fatalf("first start gave %d sites", len(cfg.Sites))
	}
	saved, err := config.ReadConfig(path)
	if err != nil {
		t.Fatalf("defaults not written: %v", err)
	}
	if len(saved.Sites) != len(cfg.Sites) {
		t.Errorf("saved %d sites, loaded %d", len(saved.Sites), len(cfg.Sites))
	}
}

func TestLoadConfigCorruptUsesDefaults(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte("interval = [\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, note, err := loadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if note != startCorrupt {
		t.Errorf("note %v, want startCorrupt", note)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("defaults written over the corrupt config's place: the settings window could no longer tell")
	}
	if b, _, ok := config.NewestCorruptBackup(path); !ok || b == "" {
		t.Error("NewestCorruptBackup does not find the backup")
	}
	if len(cfg.Sites) == 0 {
		t.Error("no defaults after a corrupt config")
	}
	if m, _ := filepath.Glob(path + ".corrupt-*"); len(m) != 1 {
		t.Errorf("corrupt file not kept aside: %v", m)
	}
}

func TestTestConfirmDelay(t *testing.T) {
	cases := []struct {
		guard, value string
		want         time.Duration
		ok, err      bool
	}{
		{"1", "", 0, false, false},
		{"1", "1s", time.Second, true, false},
		{"", "1s", 0, false, false}, // never outside tests
		{"lab", "1s", time.Second, true, false},
		{"1", "soon", 0, false, true},
		{"1", "-1s", 0, false, true},
	}
	for _, c := range cases {
		t.Setenv(config.GuardEnv, c.guard)
		t.Setenv(TestConfirmEnv, c.value)
		d, ok, err := testConfirmDelay()
		if d != c.want || ok != c.ok || (err != nil) != c.err {
			t.Errorf("guard %q value %q: %s %v %v", c.guard, c.value, d, ok, err)
		}
	}
}
