//go:build !cgo

package ui

import "errors"

// errNoCgo: Fyne's desktop driver (GLFW) is C code, so a build with
// CGO_ENABLED=0 has the tray and the CLI but no windows.
var errNoCgo = errors.New("this gatewatch was built without cgo and cannot open windows; use \"gatewatch check URL\"")

// RunDiagnose is unavailable without cgo.
func RunDiagnose(cfgPath, rawURL string) error { return errNoCgo }

// RunSettings is unavailable without cgo.
func RunSettings(cfgPath string) error { return errNoCgo }

// Used by window.go only; staticcheck runs without cgo (make test).
var _, _ = haveDisplay, appIcon
