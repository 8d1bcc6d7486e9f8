package checks

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/sys/windows/registry"
)

const winInternetSettings = `Software\Microsoft\Windows\CurrentVersion\Internet Settings`

// systemProxyConfig reads the current user's WinINet proxy settings, the
// ones the Settings app and most browsers use.
func systemProxyConfig(ctx context.Context, _ time.Duration) (sysProxyConfig, error) {
	if err := ctx.Err(); err != nil {
		return sysProxyConfig{Source: srcWindows}, err
	}
	k, err := registry.OpenKey(registry.CURRENT_USER, winInternetSettings, registry.QUERY_VALUE)
	if err != nil {
		if errors.Is(err, registry.ErrNotExist) {
			return sysProxyConfig{}, nil
		}
		return sysProxyConfig{Source: srcWindows}, fmt.Errorf(`open HKCU\%s: %w`, winInternetSettings, err)
	}
	defer k.Close()
	enable, _, err := k.GetIntegerValue("ProxyEnable")
	if err != nil && !errors.Is(err, registry.ErrNotExist) {
		return sysProxyConfig{Source: srcWindows}, fmt.Errorf("read ProxyEnable: %w", err)
	}
	server, err := stringValue(k, "ProxyServer")
	if err != nil {
		return sysProxyConfig{Source: srcWindows}, err
	}
	override, err := stringValue(k, "ProxyOverride")
	if err != nil {
		return sysProxyConfig{Source: srcWindows}, err
	}
	pac, err := stringValue(k, "AutoConfigURL")
	if err != nil {
		return sysProxyConfig{Source: srcWindows}, err
	}
	return parseWinProxy(enable != 0, server, override, pac), nil
}

// stringValue reads an optional string value; absent is empty.
func stringValue(k registry.Key, name string) (string, error) {
	v, _, err := k.GetStringValue(name)
	if err != nil && !errors.Is(err, registry.ErrNotExist) {
		return "", fmt.Errorf("read %s: %w", name, err)
	}
	return v, nil
}
