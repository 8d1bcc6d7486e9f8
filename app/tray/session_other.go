//go:build !linux

package tray

// checkSession: the tray of Windows and macOS needs no session bus.
func checkSession() error { return nil }
