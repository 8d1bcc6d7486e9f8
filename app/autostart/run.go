package autostart

import (
	"fmt"
	"strings"
)

// RunValue is the command line stored under Windows' Run key for exe: the
// path in double quotes, so that a path with spaces ("C:\Program
// Files\…") is not split at the first space. Windows paths cannot contain
// a double quote, so none needs escaping.
func RunValue(exe string) (string, error) {
	if err := checkExe(exe, windowsAbs); err != nil {
		return "", err
	}
	if strings.Contains(exe, `"`) {
		return "", fmt.Errorf("autostart %q: a Windows path cannot contain '\"': %w", exe, errBadExe)
	}
	return `"` + exe + `"`, nil
}

// windowsAbs reports whether p is an absolute Windows path: a drive letter
// and a separator (C:\…) or a UNC path (\\server\share\…). It is written
// out here, not taken from path/filepath, so that it means the same on
// every platform the tests run on.
func windowsAbs(p string) bool {
	if strings.HasPrefix(p, `\\`) {
		return len(p) > 2
	}
	if len(p) < 3 || p[1] != ':' || (p[2] != '\\' && p[2] != '/') {
		return false
	}
	c := p[0] | 0x20
	return c >= 'a' && c <= 'z'
}
