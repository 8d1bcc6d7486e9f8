package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const issueExample = `
interval = "60s"              # default check interval
timeout = "5s"                # per-probe timeout
[network]
canaries = ["http://203.0.113.30/generate_204"]
resolvers = ["203.0.113.53"]  # reference resolvers, IP or IP:PORT
[[sites]]
url = "https://chatgpt.com"
name = "ChatGPT"              # optional
interval = "30s"              # optional per-site override
status_page = "https://status.openai.com"  # optional
`

func TestParseConfigIssueExample(t *testing.T) {
	c, err := ParseConfig([]byte(issueExample))
	if err != nil {
		t.Fatal(err)
	}
	if c.Interval.Duration != time.Minute || c.Timeout.Duration != 5*time.Second {
		t.Errorf("durations: %v %v", c.Interval, c.Timeout)
	}
	if len(c.Sites) != 1 || c.Sites[0].Interval.Duration != 30*time.Second || c.Sites[0].StatusPage != "https://status.openai.com" {
		t.Errorf("sites: %+v", c.Sites)
	}
	if got := c.ResolverAddrs(); len(got) != 1 || got[0] != "203.0.113.53:53" {
		t.Errorf("resolvers: %v", got)
	}
	if !c.CompareDirectEnabled() {
		t.Error("compare_direct should default to on")
	}
}

func TestParseConfigErrors(t *testing.T) {
	cases := []struct{ name, toml, want string }{
		{"not toml", "interval = ", "parsing TOML"},
		{"bad duration", `interval = "soon"`, "use a number with a unit"},
		{"too often", `interval = "1s"`, "below the minimum"},
		{"unknown key", `intervall = "60s"`, "unknown key"},
		{"bad site", "[[sites]]\nurl = \"ftp://x.test\"", "only http:// and https://"},
		{"bad resolver", "[network]\nresolvers = [\"dns.example\"]", "not an IP address"},
		{"bad canary", "[network]\ncanaries = [\"file:///etc/passwd\"]", "must be an http://"},
		{"bad status page", "[[sites]]\nurl = \"a.test\"\nstatus_page = \"javascript:alert(1)\"", "status_page"},
		{"site too often", "[[sites]]\nurl = \"a.test\"\ninterval = \"2s\"", "below the minimum"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseConfig([]byte(c.toml))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error mentioning %q", err, c.want)
			}
		})
	}
}

func TestLoadConfigMissingGivesDefaults(t *testing.T) {
	c, err := LoadConfig(filepath.Join(t.TempDir(), "none.toml"))
	if !errors.Is(err, ErrNoConfig) {
		t.Fatalf("err = %v", err)
	}
	if len(c.Sites) == 0 {
		t.Error("no default sites")
	}
}

func TestLoadConfigCorruptIsMovedAside(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	bad := []byte("interval = [oops\n")
	if err := os.WriteFile(path, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := LoadConfig(path)
	var corrupt *CorruptConfigError
	if !errors.As(err, &corrupt) {
		t.Fatalf("err = %v, want CorruptConfigError", err)
	}
	if len(c.Sites) == 0 {
		t.Error("defaults not returned")
	}
	kept, rerr := os.ReadFile(corrupt.Backup)
	if rerr != nil || string(kept) != string(bad) {
		t.Fatalf("backup %s: %v %q", corrupt.Backup, rerr, kept)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("corrupt file still at %s", path)
	}
	if !strings.Contains(err.Error(), "defaults are in use") {
		t.Errorf("message does not tell the user: %v", err)
	}
}

func TestSaveConfigRoundTripAndAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "config.toml")
	c, err := ParseConfig([]byte(issueExample))
	if err != nil {
		t.Fatal(err)
	}
	if err := SaveConfig(path, c); err != nil {
		t.Fatal(err)
	}
	back, err := ReadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if back.Sites[0].URL != c.Sites[0].URL || back.Interval != c.Interval || back.Network.Resolvers[0] != "203.0.113.53" {
		t.Errorf("round trip changed the config: %+v", back)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	c.Interval.Duration = time.Second
	if err := SaveConfig(path, c); err == nil {
		t.Error("invalid config saved")
	}
	if again, err := ReadConfig(path); err != nil || again.Interval.Duration != time.Minute {
		t.Errorf("a refused save changed the file: %v %v", again.Interval, err)
	}
}
