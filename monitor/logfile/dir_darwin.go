package logfile

import "os"

// Dir is ~/Library/Logs/gatewatch.
func Dir() (string, error) { return darwinDir(os.UserHomeDir) }
