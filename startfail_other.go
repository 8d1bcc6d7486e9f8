//go:build !windows

package main

// startFailed: on Linux and macOS a failed start is on stderr (a terminal,
// journald, launchd's log) and in the log file already.
func startFailed(string) {}
