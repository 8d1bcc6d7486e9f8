package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewatch/gatewatch/monitor/config"
)

func TestWindowsLoadConfigLikeEveryMode(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	def, err := config.DefaultConfigPath()
	if err != nil || def != filepath.Join(dir, "gatewatch", "config.toml") {
		t.Skipf("default config path %q (%v) not under XDG_CONFIG_HOME here", def, err)
	}
	// First start, nothing moved aside: defaults, no notice.
	cfg, path, notice, err := loadConfig("")
	if err != nil || path != def || notice != "" || len(cfg.Sites) != len(config.DefaultConfig().Sites) {
		t.Fatalf("first start: %d sites, %q, notice %q, %v", len(cfg.Sites), path, notice, err)
	}
	// A corrupt default file is moved aside, with a notice.
	os.MkdirAll(filepath.Dir(def), 0o700)
	if err := os.WriteFile(def, []byte("interval = ["), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, notice, err = loadConfig(""); err != nil || !strings.Contains(notice, ".corrupt-") {
		t.Fatalf("corrupt: notice %q, %v", notice, err)
	}
	// Opened again (the tray moved it): the backup is still told about.
	if _, _, notice, err = loadConfig(""); err != nil || !strings.Contains(notice, "invalid") {
		t.Fatalf("after the move: notice %q, %v", notice, err)
	}
	// --config: read as is.
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("interval = ["), 0o600)
	if _, _, _, err := loadConfig(bad); err == nil {
		t.Fatal("a corrupt --config file was accepted")
	}
	if _, err := os.Stat(bad); err != nil {
		t.Fatalf("the --config file was moved: %v", err)
	}
}
