//go:build !windows && !darwin

package history

import "os"

// DataDir is $XDG_DATA_HOME/gatewatch or ~/.local/share/gatewatch.
func DataDir() (string, error) { return xdgDataDir(os.Getenv, os.UserHomeDir) }
