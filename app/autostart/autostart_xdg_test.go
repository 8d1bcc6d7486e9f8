//go:build !windows && !darwin

package autostart

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestXDGEnableDisable(t *testing.T) {
	for _, tc := range []struct {
		name string
		xdg  bool // XDG_CONFIG_HOME set, or only HOME
		exe  string
	}{
		{"xdg", true, "/usr/local/bin/gatewatch"},
		{"home fallback", false, "/home/ann/.local/bin/gatewatch"},
		{"spaces", true, "/home/ann/My Apps/gatewatch"},
		{"quotes", false, `/home/ann/"q" it's/gatewatch`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			t.Setenv("HOME", home)
			want := filepath.Join(home, ".config", "autostart", AppID+".desktop")
			if tc.xdg {
				xdg := filepath.Join(home, "xdg config")
				t.Setenv("XDG_CONFIG_HOME", xdg)
				want = filepath.Join(xdg, "autostart", AppID+".desktop")
			} else {
				t.Setenv("XDG_CONFIG_HOME", "")
			}
			if got, err := Location(); err != nil || got != want {
				t.Fatalf("Location = %s, %v; want %s", got, err, want)
			}
			if on, err := Enabled(); err != nil || on {
				t.Fatalf("before Enable: Enabled = %v, %v", on, err)
			}
			if err := Disable(); err != nil {
				t.Fatalf("Disable without an entry: %v", err)
			}
			if err := Enable(tc.exe); err != nil {
				t.Fatal(err)
			}
			if err := Enable(tc.exe); err != nil { // replacing is fine
				t.Fatal(err)
			}
			if on, err := Enabled(); err != nil || !on {
				t.Fatalf("after Enable: Enabled = %v, %v", on, err)
			}
			data, err := os.ReadFile(want)
			if err != nil {
				t.Fatal(err)
			}
			if got := unquoteExec(t, desktopKey(t, string(data), "Exec")); len(got) != 1 || got[0] != tc.exe {
				t.Errorf("Exec reads back as %q, want %q", got, tc.exe)
			}
			entries, err := os.ReadDir(filepath.Dir(want))
			if err != nil || len(entries) != 1 {
				t.Errorf("autostart directory holds %v (%v), want only the entry (no temporary files)", entries, err)
			}
			// The desktop's own switch (GNOME Tweaks, KDE) turns it off
			// without removing the file.
			off := strings.Replace(string(data), "X-GNOME-Autostart-enabled=true", "X-GNOME-Autostart-enabled=false", 1)
			if err := os.WriteFile(want, []byte(off), 0o644); err != nil {
				t.Fatal(err)
			}
			if on, err := Enabled(); err != nil || on {
				t.Errorf("switched off by the desktop: Enabled = %v, %v", on, err)
			}
			if err := Disable(); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(want); !os.IsNotExist(err) {
				t.Errorf("after Disable, %s: %v", want, err)
			}
			if on, err := Enabled(); err != nil || on {
				t.Errorf("after Disable: Enabled = %v, %v", on, err)
			}
		})
	}
}

func TestXDGErrors(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", "relative/dir")
	if _, err := Location(); err == nil {
		t.Error("a relative XDG_CONFIG_HOME was accepted")
	}
	t.Setenv("XDG_CONFIG_HOME", home)
	if err := Enable("gatewatch"); err == nil {
		t.Error("Enable accepted a relative program path")
	}
	file := filepath.Join(home, "autostart", AppID+".desktop")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte("garbage\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Enabled(); err == nil {
		t.Error("Enabled read an entry without [Desktop Entry] as valid")
	}
}

// Set(true) registers the gatewatch next to the running program: here the
// test binary's directory, where the test puts a stand-in.
func TestXDGSet(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", "")
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	res := residentNextTo(exe)
	if _, err := os.Stat(res); err == nil {
		t.Skipf("%s exists; not touching it", res)
	}
	if err := Set(true); err == nil {
		t.Fatal("Set(true) without gatewatch next to the program succeeded")
	}
	if err := os.WriteFile(res, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(res) })
	if err := Set(true); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(home, ".config", "autostart", AppID+".desktop"))
	if err != nil {
		t.Fatal(err)
	}
	if got := unquoteExec(t, desktopKey(t, string(data), "Exec")); len(got) != 1 || got[0] != res {
		t.Errorf("Exec = %q, want %q", got, res)
	}
	if err := Set(false); err != nil {
		t.Fatal(err)
	}
	if on, err := Enabled(); err != nil || on {
		t.Errorf("after Set(false): Enabled = %v, %v", on, err)
	}
}
