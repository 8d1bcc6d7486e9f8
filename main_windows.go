package main

import (
	"log"
	"os"

	"golang.org/x/sys/windows"
)

// gatewatch.exe is linked as a GUI program (-H windowsgui, see
// scripts/build-windows.sh) so that the tray, started at login or from the
// Start menu, opens no console window. A GUI program starts without
// standard output, though, so `gatewatch check` typed in a console would
// print nothing: for a command (any argument), attach to the console of
// the program that started it, if it has one, and write there. The shell
// does not wait for a GUI program, though, and loses its exit code: that is
// what gatewatch-cli.exe, the console build of this main, is for. There the
// standard handles are valid from the start and this does nothing.
func init() {
	if len(os.Args) < 2 {
		return // the tray: no console wanted
	}
	attachParentConsole()
}

// attachParentProcess is ATTACH_PARENT_PROCESS, (DWORD)-1.
const attachParentProcess = ^uint32(0)

func attachParentConsole() {
	if validStd(windows.STD_OUTPUT_HANDLE) && validStd(windows.STD_ERROR_HANDLE) {
		return // redirected to a file or a pipe: that works already
	}
	r, _, _ := windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole").Call(uintptr(attachParentProcess))
	if r == 0 {
		// Started without a console (Explorer, a shortcut): there is
		// nowhere to show output, and no one to tell.
		return
	}
	out, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0)
	if err != nil {
		return // as above: no way to report it
	}
	if !validStd(windows.STD_OUTPUT_HANDLE) {
		os.Stdout = out
	}
	if !validStd(windows.STD_ERROR_HANDLE) {
		os.Stderr = out
		log.SetOutput(out) // the log package kept the old os.Stderr
	}
	if !validStd(windows.STD_INPUT_HANDLE) {
		if in, err := os.OpenFile("CONIN$", os.O_RDONLY, 0); err == nil {
			os.Stdin = in
		}
	}
}

func validStd(which uint32) bool {
	h, err := windows.GetStdHandle(which)
	return err == nil && h != 0 && h != windows.InvalidHandle
}
