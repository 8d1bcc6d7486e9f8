package checks

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// countingGSettings is a fake gsettings that answers with a manual proxy
// and appends a line to a file per run.
func countingGSettings(t *testing.T) (runs func() int) {
	t.Helper()
	sample, err := filepath.Abs(filepath.Join("testdata", "proxy", "gsettings_manual.txt"))
	if err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(t.TempDir(), "runs")
	fakeGSettings(t, `echo run >> '`+log+`'; cat '`+sample+`'`)
	return func() int {
		b, _ := os.ReadFile(log)
		n := 0
		for _, c := range b {
			if c == '\n' {
				n++
			}
		}
		return n
	}
}

func TestProxyCacheStamp(t *testing.T) {
	runs := countingGSettings(t)
	target, _ := url.Parse("https://site.example/")
	c := &ProxyCache{TTL: time.Nanosecond} // past its TTL at every lookup
	opt := ProxyOptions{Getenv: func(string) string { return "" }, Timeout: 5 * time.Second, Cache: c}
	lookup := func() {
		t.Helper()
		s, err := ProxyFor(context.Background(), target, opt)
		if err != nil || proxyDisplay(s.URL) != "http://secure-proxy.example:3128" {
			t.Fatalf("got %v, %v", s.URL, err)
		}
	}
	lookup()
	lookup()
	if n := runs(); n != 1 {
		t.Fatalf("gsettings ran %d times with the dconf database unchanged, want 1", n)
	}
	// dconf replaces the file on a write: new size and time.
	writeDconfUser(t, os.Getenv("XDG_CONFIG_HOME"), "GVariant changed")
	lookup()
	if n := runs(); n != 2 {
		t.Fatalf("gsettings ran %d times after the database changed, want 2", n)
	}
	c.Forget()
	lookup()
	if n := runs(); n != 3 {
		t.Fatalf("gsettings ran %d times after Forget, want 3", n)
	}
	// Another backend: no stamp can tell, the TTL rules.
	t.Setenv("GSETTINGS_BACKEND", "keyfile")
	lookup()
	lookup()
	if n := runs(); n != 5 {
		t.Fatalf("gsettings ran %d times with the keyfile backend, want 5", n)
	}
}

func TestGnomeDefaultsOnly(t *testing.T) {
	runs := countingGSettings(t)
	if gnomeDefaultsOnly() {
		t.Fatal("defaults only although a user database exists")
	}
	empty := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", empty)
	schemas := filepath.Join(t.TempDir(), "share")
	t.Setenv("XDG_DATA_HOME", filepath.Join(empty, "data"))
	t.Setenv("XDG_DATA_DIRS", schemas)
	_, any := dconfFiles()
	if any {
		t.Skip("this machine has a system dconf profile or database")
	}
	if !gnomeDefaultsOnly() {
		t.Fatal("no dconf database, no override: want defaults only")
	}
	target, _ := url.Parse("https://site.example/")
	s, err := ProxyFor(context.Background(), target, ProxyOptions{Getenv: func(string) string { return "" }, Timeout: 5 * time.Second})
	if err != nil || s.URL != nil || s.Source != srcGNOME || runs() != 0 {
		t.Fatalf("got %v from %q (%v), gsettings ran %d times; want direct from GNOME settings without running it", s.URL, s.Source, err, runs())
	}
	// A vendor override of the proxy schema: only gsettings knows.
	dir := filepath.Join(schemas, "glib-2.0", "schemas")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "90_corp.gschema.override"), []byte("[org.gnome.system.proxy]\nmode='manual'\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if gnomeDefaultsOnly() {
		t.Fatal("defaults only despite an override of the proxy schema")
	}
	t.Setenv("XDG_DATA_DIRS", t.TempDir())
	t.Setenv("DCONF_PROFILE", "corp")
	if gnomeDefaultsOnly() {
		t.Fatal("defaults only with another dconf profile")
	}
}

// Recompiled schemas (say, a new vendor override) change the stamp.
func TestProxyStampSchemas(t *testing.T) {
	share := t.TempDir()
	t.Setenv("XDG_DATA_DIRS", share)
	t.Setenv("GSETTINGS_BACKEND", "")
	t.Setenv("DCONF_PROFILE", "")
	before := systemProxyStamp()
	dir := filepath.Join(share, "glib-2.0", "schemas")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "gschemas.compiled"), []byte("GVariant"), 0o644); err != nil {
		t.Fatal(err)
	}
	if after := systemProxyStamp(); after == before || after == "" {
		t.Errorf("stamp %q unchanged by compiled schemas (was %q)", after, before)
	}
}
