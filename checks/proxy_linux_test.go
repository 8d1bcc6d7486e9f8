package checks

import (
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// fakeGSettings puts a gsettings script first on PATH, and a user dconf
// database where GSettings would look, so that the script is run.
func fakeGSettings(t *testing.T, script string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "gsettings"), []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	writeDconfUser(t, dir, "GVariant")
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("GSETTINGS_BACKEND", "")
	t.Setenv("DCONF_PROFILE", "")
}

func writeDconfUser(t *testing.T, cfgHome, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(cfgHome, "dconf"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cfgHome, "dconf", "user"), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestProxyForGNOME(t *testing.T) {
	sample, err := filepath.Abs(filepath.Join("testdata", "proxy", "gsettings_manual.txt"))
	if err != nil {
		t.Fatal(err)
	}
	fakeGSettings(t, `[ "$1 $2" = "list-recursively org.gnome.system.proxy" ] || exit 2; cat '`+sample+`'`)
	noEnv := func(string) string { return "" }
	tests := []struct {
		target   string
		want     string
		bypassed bool
	}{
		{"https://site.example/", "http://secure-proxy.example:3128", false},
		{"http://site.example/", "http://proxy.example:8080", false},
		{"https://www.corp.example/", "http://secure-proxy.example:3128", true},
	}
	for _, tc := range tests {
		target, _ := url.Parse(tc.target)
		s, err := ProxyFor(context.Background(), target, ProxyOptions{Getenv: noEnv, Timeout: 5 * time.Second})
		if err != nil {
			t.Fatalf("%s: %v", tc.target, err)
		}
		if proxyDisplay(s.URL) != tc.want || s.Source != srcGNOME || s.Bypassed != tc.bypassed {
			t.Errorf("%s: got %q from %q bypassed=%v; want %q bypassed=%v", tc.target, proxyDisplay(s.URL), s.Source, s.Bypassed, tc.want, tc.bypassed)
		}
	}
	// The environment wins over the desktop.
	target, _ := url.Parse("https://site.example/")
	env := map[string]string{"HTTPS_PROXY": "http://192.0.2.3:3128"}
	s, err := ProxyFor(context.Background(), target, ProxyOptions{Getenv: envFromMap(env), Timeout: 5 * time.Second})
	if err != nil || s.Source != "env HTTPS_PROXY" {
		t.Errorf("env not preferred: %+v %v", s.Source, err)
	}
}

func TestProxyForGNOMEFailures(t *testing.T) {
	target, _ := url.Parse("https://site.example/")
	noEnv := func(string) string { return "" }
	t.Run("no schema", func(t *testing.T) {
		fakeGSettings(t, `echo 'No such schema “org.gnome.system.proxy”' >&2; exit 1`)
		s, err := ProxyFor(context.Background(), target, ProxyOptions{Getenv: noEnv, Timeout: 5 * time.Second})
		if err != nil || s.URL != nil {
			t.Errorf("got %+v, %v; want direct and no error", s, err)
		}
	})
	t.Run("hangs", func(t *testing.T) {
		fakeGSettings(t, `exec sleep 10`)
		s, err := ProxyFor(context.Background(), target, ProxyOptions{Getenv: noEnv, Timeout: 50 * time.Millisecond})
		if !errors.Is(err, context.DeadlineExceeded) || s.URL != nil || s.Source != srcGNOME {
			t.Errorf("got %+v, %v; want a timeout", s, err)
		}
		res := Proxy(context.Background(), target, ProxyOptions{Getenv: noEnv, Timeout: 50 * time.Millisecond})
		if res.Err != ErrTimeout {
			t.Errorf("Proxy: err %q detail %q", res.Err, res.Detail)
		}
	})
}

// systemProxyConfig itself, on a fake desktop: the configured proxies come
// back under GNOME's name; without gsettings there are none and no error;
// a failing gsettings is an error of GNOME's with no proxies.
func TestSystemProxyConfigGNOME(t *testing.T) {
	sample, err := filepath.Abs(filepath.Join("testdata", "proxy", "gsettings_manual.txt"))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("manual", func(t *testing.T) {
		fakeGSettings(t, `[ "$1 $2" = "list-recursively org.gnome.system.proxy" ] || exit 2; cat '`+sample+`'`)
		cfg, err := systemProxyConfig(context.Background(), 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		checkSysProxyConsistent(t, cfg, err)
		want := [3]string{"http://alice:s3cr3t@proxy.example:8080", "http://secure-proxy.example:3128", ""}
		if got := proxyURLs(cfg); cfg.Source != srcGNOME || got != want {
			t.Errorf("got %q from %q, want %q from %q", got, cfg.Source, want, srcGNOME)
		}
	})
	t.Run("no gsettings", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		cfg, err := systemProxyConfig(context.Background(), 5*time.Second)
		if err != nil || cfg.Source != "" || proxyURLs(cfg) != [3]string{} {
			t.Errorf("got %+v, %v; want nothing and no error", cfg, err)
		}
	})
	t.Run("fails", func(t *testing.T) {
		fakeGSettings(t, `echo 'dconf: cannot connect' >&2; exit 1`)
		cfg, err := systemProxyConfig(context.Background(), 5*time.Second)
		if err == nil {
			t.Fatalf("got %+v and no error", cfg)
		}
		checkSysProxyConsistent(t, cfg, err)
	})
}
