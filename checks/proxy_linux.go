package checks

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"time"
)

// systemProxyConfig reads GNOME's proxy settings, which GNOME, Cinnamon,
// Budgie and apps using GLib or libproxy follow. Without gsettings or the
// schema there are no system settings: that is not an error.
func systemProxyConfig(ctx context.Context, timeout time.Duration) (sysProxyConfig, error) {
	path, err := exec.LookPath("gsettings")
	if err != nil {
		return sysProxyConfig{}, nil
	}
	if gnomeDefaultsOnly() {
		return sysProxyConfig{Source: srcGNOME}, nil // what gsettings would say: mode 'none'
	}
	// dconf's files hold the answer; only what that reader does not
	// model (another backend or profile source, a damaged file, a value
	// GSettings would reject) needs gsettings.
	if cfg, err := dconfProxyConfig(); err == nil {
		return cfg, nil
	}
	return gsettingsProxyConfig(ctx, timeout, path)
}

// gsettingsProxyConfig asks gsettings. One run lists every key, where a
// get per key would take six; keys and values are not translated, so a
// UTF-8 locale only keeps non-ASCII host names intact.
func gsettingsProxyConfig(ctx context.Context, timeout time.Duration, path string) (sysProxyConfig, error) {
	out, err := runToolLocale(ctx, timeout, "C.UTF-8", path, "list-recursively", "org.gnome.system.proxy")
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && strings.Contains(err.Error(), "No such schema") {
			return sysProxyConfig{}, nil
		}
		return sysProxyConfig{Source: srcGNOME}, err
	}
	return parseGSettingsProxy(out), nil
}
