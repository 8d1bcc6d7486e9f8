//go:build !windows && !darwin

package logfile

import "os"

// Dir is $XDG_STATE_HOME/gatewatch or ~/.local/state/gatewatch (Linux, the
// BSDs).
func Dir() (string, error) { return xdgDir(os.Getenv, os.UserHomeDir) }
