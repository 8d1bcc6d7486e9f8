//go:build linux

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// dconfDB has the real dconf-service write a user database under cfgHome
// (cfgHome/dconf/user) holding one key: gsettings set, under a private
// D-Bus session with a temporary home and runtime directory.
func dconfDB(cfgHome, schema, key, value string) error {
	for _, tool := range []string{"dbus-run-session", "gsettings"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("%s not installed", tool)
		}
	}
	run := filepath.Join(cfgHome, "run")
	if err := os.MkdirAll(run, 0o700); err != nil {
		return err
	}
	cmd := exec.Command("dbus-run-session", "--", "gsettings", "set", schema, key, value)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + cfgHome, "XDG_CONFIG_HOME=" + cfgHome, "XDG_RUNTIME_DIR=" + run}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("gsettings set %s %s: %w: %s", schema, key, err, out)
	}
	if _, err := os.Stat(filepath.Join(cfgHome, "dconf", "user")); err != nil {
		return fmt.Errorf("no database written: %w", err)
	}
	return nil
}
