package tray

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/monitor/config"
)

// defaultPathIn points the default config path into a temporary
// directory (XDG_CONFIG_HOME) and returns it.
func defaultPathIn(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	path, err := config.DefaultConfigPath()
	if err != nil || path != filepath.Join(dir, "gatewatch", "config.toml") {
		t.Skipf("default config path %q (%v) not under XDG_CONFIG_HOME here", path, err)
	}
	return path
}

func TestLoadConfigWritesDefaultsOnFirstStart(t *testing.T) {
	path := defaultPathIn(t)
	cfg, note, err := loadConfig("", path)
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

// --config names a file: it is read as is, like every other mode does;
// a missing or broken one is an error, never replaced or moved.
func TestLoadConfigExplicitPath(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "none.toml")
	if _, _, err := loadConfig(missing, missing); err == nil {
		t.Error("a missing --config file was accepted")
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("defaults written to a --config path")
	}
	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte("interval = [\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := loadConfig(bad, bad); err == nil {
		t.Error("a corrupt --config file was accepted")
	}
	if _, err := os.Stat(bad); err != nil {
		t.Errorf("the corrupt --config file was moved: %v", err)
	}
}

func TestLoadConfigCorruptUsesDefaults(t *testing.T) {
	path := defaultPathIn(t)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("interval = [\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, note, err := loadConfig("", path)
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
