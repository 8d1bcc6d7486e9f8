package autostart

import (
	"errors"
	"fmt"

	"golang.org/x/sys/windows/registry"
)

const (
	// runKey lists the programs Windows starts at the user's login.
	runKey = `Software\Microsoft\Windows\CurrentVersion\Run`
	// approvedKey is where Task Manager's "Startup apps" records a user's
	// "Disable": a binary value whose first byte is odd when disabled.
	approvedKey = `Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run`
	// runValue names gatewatch's entry under both keys.
	runValue = "gatewatch"
)

// Location names the registry value that starts gatewatch at login.
func Location() (string, error) {
	return `HKEY_CURRENT_USER\` + runKey + `\` + runValue, nil
}

// Enabled reports whether the Run value exists and Task Manager has not
// switched it off.
func Enabled() (bool, error) {
	k, err := registry.OpenKey(registry.CURRENT_USER, runKey, registry.QUERY_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("autostart: opening HKCU\\%s: %w", runKey, err)
	}
	defer k.Close()
	if _, _, err := k.GetStringValue(runValue); err != nil {
		if errors.Is(err, registry.ErrNotExist) {
			return false, nil
		}
		return false, fmt.Errorf("autostart: reading %s: %w", runValue, err)
	}
	off, err := approvedOff()
	return !off, err
}

// approvedOff reports whether Task Manager disabled the entry; a missing
// key or value means nobody switched it off.
func approvedOff() (bool, error) {
	k, err := registry.OpenKey(registry.CURRENT_USER, approvedKey, registry.QUERY_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("autostart: opening HKCU\\%s: %w", approvedKey, err)
	}
	defer k.Close()
	b, _, err := k.GetBinaryValue(runValue)
	if errors.Is(err, registry.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("autostart: reading the startup approval of %s: %w", runValue, err)
	}
	return len(b) > 0 && b[0]&1 == 1, nil
}

// Enable stores the Run value for exe (a registry write is atomic) and
// clears a "disabled" mark Task Manager may have left, so that switching
// it on here does what it says.
func Enable(exe string) error {
	cmd, err := RunValue(exe)
	if err != nil {
		return err
	}
	k, _, err := registry.CreateKey(registry.CURRENT_USER, runKey, registry.SET_VALUE)
	if err != nil {
		return fmt.Errorf("autostart: opening HKCU\\%s: %w", runKey, err)
	}
	defer k.Close()
	if err := k.SetStringValue(runValue, cmd); err != nil {
		return fmt.Errorf("autostart: writing %s: %w", runValue, err)
	}
	return deleteValue(approvedKey)
}

// Disable removes the Run value (and Task Manager's mark for it); it is
// not an error if there is none.
func Disable() error {
	if err := deleteValue(runKey); err != nil {
		return err
	}
	return deleteValue(approvedKey)
}

func deleteValue(key string) error {
	k, err := registry.OpenKey(registry.CURRENT_USER, key, registry.SET_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("autostart: opening HKCU\\%s: %w", key, err)
	}
	defer k.Close()
	if err := k.DeleteValue(runValue); err != nil && !errors.Is(err, registry.ErrNotExist) {
		return fmt.Errorf("autostart: removing %s from HKCU\\%s: %w", runValue, key, err)
	}
	return nil
}
