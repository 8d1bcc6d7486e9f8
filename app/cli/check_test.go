package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseCheckArgsInterleaved(t *testing.T) {
	a, err := ParseCheckArgs([]string{"a.test", "--json", "--canary", "http://127.0.1.30/generate_204", "b.test", "--resolver", "127.0.1.53", "--timeout", "2s"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if !a.JSON || len(a.URLs) != 2 || a.URLs[1] != "b.test" || len(a.Canaries) != 1 || len(a.Resolvers) != 1 || a.Timeout.String() != "2s" {
		t.Fatalf("parsed %+v", a)
	}
}

func TestCheckUsageErrorsExit2(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("interval = [\n"), 0o600)
	lab := []string{"--canary", "http://127.0.1.30/generate_204", "--resolver", "127.0.1.53"}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"--bogus"}, "flag provided but not defined"},
		{"invalid URL", append([]string{"ftp://x.test"}, lab...), "only http:// and https://"},
		{"bad timeout", append([]string{"--timeout", "1ns", "a.test"}, lab...), "--timeout"},
		{"bad resolver", []string{"--resolver", "dns.example", "--canary", "http://127.0.1.30/", "a.test"}, "not an IP address"},
		{"bad canary", []string{"--canary", "gopher://x", "--resolver", "127.0.1.53", "a.test"}, "must be an http://"},
		{"unreadable config", append([]string{"--config", filepath.Join(dir, "missing.toml"), "a.test"}, lab...), "no config file"},
		{"corrupt config", append([]string{"--config", bad, "a.test"}, lab...), "parsing TOML"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := Check(c.args, &out, &errb)
			if code != ExitUsage {
				t.Fatalf("exit %d, want %d; stderr %q", code, ExitUsage, errb.String())
			}
			if !strings.Contains(errb.String(), c.want) {
				t.Errorf("stderr %q does not mention %q", errb.String(), c.want)
			}
			if strings.Count(strings.TrimSpace(errb.String()), "\n") > 0 && c.name != "unknown flag" {
				t.Errorf("error is not one line: %q", errb.String())
			}
		})
	}
	if _, err := os.Stat(bad); err != nil {
		t.Errorf("--config with a corrupt file must not move the user's file: %v", err)
	}
}

// With the lab guard on, the public defaults are refused: no test can
// silently reach the internet.
func TestGuardRefusesPublicDefaults(t *testing.T) {
	t.Setenv("GATEWATCH_LAB_ONLY", "1")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	var out, errb bytes.Buffer
	if code := Check([]string{"a.test"}, &out, &errb); code != ExitUsage {
		t.Fatalf("exit %d; stderr %q", code, errb.String())
	}
	if !strings.Contains(errb.String(), "refused by the loopback-only test guard") {
		t.Errorf("stderr %q", errb.String())
	}
}
