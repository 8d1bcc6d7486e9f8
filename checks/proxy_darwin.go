package checks

import (
	"context"
	"time"
)

// systemProxyConfig reads the proxies of the active network service as
// System Settings sets them.
func systemProxyConfig(ctx context.Context, timeout time.Duration) (sysProxyConfig, error) {
	out, err := runTool(ctx, timeout, "/usr/sbin/scutil", "--proxy")
	if err != nil {
		return sysProxyConfig{Source: srcMacOS}, err
	}
	return parseScutilProxy(out), nil
}
