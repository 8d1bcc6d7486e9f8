package checks

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// realDconf has the real dconf-service write a user database: gsettings
// set runs under a private D-Bus session with a temporary home. It
// returns the config home and what gsettings list-recursively then says.
// Skips where the tools are missing (scripts/e2e-packages.txt installs
// them for .ci/run).
func realDconf(t *testing.T, sets [][3]string) (cfgHome, listing string) {
	t.Helper()
	return realDconfEnv(t, nil, sets)
}

// realDconfEnv is realDconf with more environment (KEY=VALUE), set for
// gsettings and for this process alike.
func realDconfEnv(t *testing.T, env []string, sets [][3]string) (cfgHome, listing string) {
	t.Helper()
	for _, tool := range []string{"dbus-run-session", "gsettings"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	if _, err := os.Stat("/usr/libexec/dconf-service"); err != nil {
		t.Skip("dconf-service not installed")
	}
	home := t.TempDir()
	cfgHome = filepath.Join(home, "cfg")
	run := filepath.Join(home, "run")
	if err := os.Mkdir(run, 0o700); err != nil {
		t.Fatal(err)
	}
	args := []string{"--", "sh", "-c",
		`while [ $# -gt 0 ]; do gsettings set "$1" "$2" "$3" || exit 1; shift 3; done; gsettings list-recursively org.gnome.system.proxy`, "sh"}
	for _, s := range sets {
		args = append(args, s[0], s[1], s[2])
	}
	cmd := exec.Command("dbus-run-session", args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "XDG_CONFIG_HOME=" + cfgHome, "XDG_RUNTIME_DIR=" + run, "LC_ALL=C.UTF-8"} // C would print non-ASCII as ?
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("gsettings under dbus-run-session: %v: %s", err, stderr)
	}
	// This process reads as that session did.
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", cfgHome)
	t.Setenv("XDG_RUNTIME_DIR", run)
	for _, v := range []string{"XDG_DATA_HOME", "XDG_DATA_DIRS", "GSETTINGS_BACKEND", "GSETTINGS_SCHEMA_DIR", "XDG_CACHE_HOME"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
	if _, set := os.LookupEnv("DCONF_PROFILE"); set {
		t.Setenv("DCONF_PROFILE", "")
		os.Unsetenv("DCONF_PROFILE")
	}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	return cfgHome, string(out)
}

const (
	pxy   = "org.gnome.system.proxy"
	pxyH  = "org.gnome.system.proxy.http"
	pxyS  = "org.gnome.system.proxy.https"
	pxySo = "org.gnome.system.proxy.socks"
)

// The reader gives what parseGSettingsProxy makes of gsettings' own
// listing, over databases written by the real dconf.
func TestDconfReaderMatchesGSettings(t *testing.T) {
	tests := []struct {
		name string
		sets [][3]string
	}{
		{"none", [][3]string{{pxy, "mode", "none"}}},
		{"none with a host left", [][3]string{{pxyH, "host", "proxy.example"}, {pxyH, "port", "3128"}}},
		{"manual http", [][3]string{{pxy, "mode", "manual"}, {pxyH, "host", "proxy.example"}}},
		{"manual http auth", [][3]string{{pxy, "mode", "manual"}, {pxyH, "host", "proxy.example"}, {pxyH, "port", "3128"},
			{pxyH, "use-authentication", "true"}, {pxyH, "authentication-user", "alice"}, {pxyH, "authentication-password", "p'w \"x\""}}},
		{"manual https", [][3]string{{pxy, "mode", "manual"}, {pxyS, "host", "secure.example"}, {pxyS, "port", "8443"}}},
		{"manual socks", [][3]string{{pxy, "mode", "manual"}, {pxySo, "host", "socks.example"}, {pxySo, "port", "1080"}}},
		{"manual all", [][3]string{{pxy, "mode", "manual"}, {pxyH, "host", "h.example"}, {pxyH, "port", "80"},
			{pxyS, "host", "s.example"}, {pxyS, "port", "443"}, {pxySo, "host", "10.0.0.1"}, {pxySo, "port", "65535"}}},
		{"auto with PAC", [][3]string{{pxy, "mode", "auto"}, {pxy, "autoconfig-url", "http://wpad.example/proxy.pac"}}},
		{"auto without PAC", [][3]string{{pxy, "mode", "auto"}}},
		{"ignore-hosts", [][3]string{{pxy, "mode", "manual"}, {pxyH, "host", "proxy.example"},
			{pxy, "ignore-hosts", "['localhost', '*.corp.example', '10.0.0.0/8', '::1', '<local>']"}}},
		{"ignore-hosts empty", [][3]string{{pxy, "mode", "manual"}, {pxyH, "host", "proxy.example"}, {pxy, "ignore-hosts", "@as []"}}},
		{"ignore-hosts long", [][3]string{{pxy, "mode", "manual"}, {pxyH, "host", "proxy.example"}, {pxy, "ignore-hosts", longHostList(40)}}},
		{"unicode host", [][3]string{{pxy, "mode", "manual"}, {pxyH, "host", "prôxy.exämple"}, {pxyH, "port", "0"},
			{pxy, "ignore-hosts", "['bücher.example']"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, listing := realDconf(t, tc.sets)
			want := parseGSettingsProxy(listing)
			got, err := dconfProxyConfig()
			if err != nil {
				t.Fatalf("reader: %v\ngsettings said:\n%s", err, listing)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("reader %s\ngsettings %s\nlisting:\n%s", sysProxyString(got), sysProxyString(want), listing)
			}
			// The fall-back, gsettings as the probe runs it, agrees too.
			gs, _ := exec.LookPath("gsettings")
			fallback, err := gsettingsProxyConfig(context.Background(), 10*time.Second, gs)
			if err != nil || !reflect.DeepEqual(fallback, got) {
				t.Errorf("fall-back %s (%v)\nreader    %s", sysProxyString(fallback), err, sysProxyString(got))
			}
		})
	}
}

func longHostList(n int) string {
	s := "["
	for i := 0; i < n; i++ {
		if i > 0 {
			s += ", "
		}
		s += "'host-number-" + string(rune('a'+i%26)) + "-" + string(rune('a'+i/26)) + ".corp.example'"
	}
	return s + "]"
}

func sysProxyString(c sysProxyConfig) string {
	return c.Source + " " + proxyURLsString(c) + " pac=" + c.PAC + " bypass=" + joinQuoted(c.Bypass)
}

func proxyURLsString(c sysProxyConfig) string {
	s := ""
	for _, u := range []interface{ String() string }{c.HTTP, c.HTTPS, c.SOCKS} {
		if v := reflect.ValueOf(u); v.IsNil() {
			s += "[-]"
		} else {
			s += "[" + u.String() + "]"
		}
	}
	return s
}

func joinQuoted(ss []string) string {
	s := ""
	for _, x := range ss {
		s += "'" + x + "' "
	}
	return s
}

// A vendor override compiled into the schemas changes the defaults for
// gsettings and the reader alike.
func TestDconfReaderVendorOverride(t *testing.T) {
	share := t.TempDir()
	dir := filepath.Join(share, "glib-2.0", "schemas")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join("testdata", "dconf", "schemas-override", "gschemas.compiled"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "gschemas.compiled"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, sets := range [][][3]string{nil, {{pxy, "mode", "manual"}, {pxyH, "host", "proxy.example"}}} {
		_, listing := realDconfEnv(t, []string{"XDG_DATA_DIRS=" + share}, append([][3]string{{"org.gnome.system.proxy.ftp", "host", "ftp.example"}}, sets...))
		want := parseGSettingsProxy(listing)
		got, err := dconfProxyConfig()
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("reader %s (%v)\ngsettings %s\nlisting:\n%s", sysProxyString(got), err, sysProxyString(want), listing)
		}
	}
}
