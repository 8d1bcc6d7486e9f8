package fix

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"
)

// isRoot: elevation is decided per command by UAC.
func isRoot() bool { return false }

func localDnsmasq(context.Context, Env) []int { return nil }

// shellExecuteInfo is SHELLEXECUTEINFOW.
type shellExecuteInfo struct {
	cbSize     uint32
	fMask      uint32
	hwnd       windows.Handle
	verb       *uint16
	file       *uint16
	parameters *uint16
	directory  *uint16
	show       int32
	instApp    windows.Handle
	idList     uintptr
	class      *uint16
	keyClass   windows.Handle
	hotKey     uint32
	icon       windows.Handle
	process    windows.Handle
}

const (
	seeMaskNoCloseProcess = 0x00000040
	seeMaskNoAsync        = 0x00000100
	swHide                = 0
)

var procShellExecuteExW = windows.NewLazySystemDLL("shell32.dll").NewProc("ShellExecuteExW")

// runElevated starts argv with the "runas" verb, which shows the UAC
// prompt, and waits for it. ShellExecuteEx takes one parameter string:
// each argument is quoted with syscall.EscapeArg, the inverse of how
// Windows programs split their command line; no shell is involved.
func (x System) runElevated(ctx context.Context, argv []string) (string, error) {
	path, err := exec.LookPath(argv[0])
	if err != nil {
		return "", fmt.Errorf("finding %s: %w", argv[0], err)
	}
	params := make([]string, len(argv)-1)
	for i, a := range argv[1:] {
		params[i] = syscall.EscapeArg(a)
	}
	verb, _ := windows.UTF16PtrFromString("runas")
	file, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return "", err
	}
	par, err := windows.UTF16PtrFromString(strings.Join(params, " "))
	if err != nil {
		return "", err
	}
	info := shellExecuteInfo{fMask: seeMaskNoCloseProcess | seeMaskNoAsync, verb: verb, file: file, parameters: par, show: swHide}
	info.cbSize = uint32(unsafe.Sizeof(info))
	if r, _, e := procShellExecuteExW.Call(uintptr(unsafe.Pointer(&info))); r == 0 {
		return "", fmt.Errorf("%s as administrator: %w", QuoteArgv(argv), e)
	}
	if info.process == 0 {
		return "", errors.New("no process handle from ShellExecuteEx")
	}
	defer windows.CloseHandle(info.process)
	ms := uint32(x.timeout().Milliseconds())
	done := make(chan uint32, 1)
	go func() {
		ev, _ := windows.WaitForSingleObject(info.process, ms)
		done <- ev
	}()
	select {
	case <-ctx.Done():
		_ = windows.TerminateProcess(info.process, 1)
		return "", ctx.Err()
	case ev := <-done:
		if ev != windows.WAIT_OBJECT_0 {
			_ = windows.TerminateProcess(info.process, 1)
			return "", fmt.Errorf("%s: no answer after %v", QuoteArgv(argv), x.timeout())
		}
	}
	var code uint32
	if err := windows.GetExitCodeProcess(info.process, &code); err != nil {
		return "", err
	}
	if code != 0 {
		return "", fmt.Errorf("%s: exit status %d", QuoteArgv(argv), code)
	}
	return "", nil
}
