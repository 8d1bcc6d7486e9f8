//go:build !linux && !darwin && !windows

package checks

import (
	"context"
	"time"
)

// systemProxyConfig: no OS proxy settings are read on this OS.
func systemProxyConfig(context.Context, time.Duration) (sysProxyConfig, error) {
	return sysProxyConfig{}, nil
}
