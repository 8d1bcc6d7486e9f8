package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// startFailed shows a failed start in a message box: gatewatch.exe is a GUI
// program, started at login or from the Start menu, whose stderr nobody
// sees. GATEWATCH_NO_DIALOG=1 (the Wine test) keeps it to the log.
func startFailed(msg string) {
	if os.Getenv("GATEWATCH_NO_DIALOG") == "1" {
		return
	}
	text, err1 := windows.UTF16PtrFromString(msg)
	title, err2 := windows.UTF16PtrFromString("gatewatch")
	if err1 != nil || err2 != nil {
		return
	}
	_, _ = windows.MessageBox(0, text, title, windows.MB_OK|windows.MB_ICONERROR|windows.MB_SETFOREGROUND)
}
