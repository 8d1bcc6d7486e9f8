package history

import "os"

// DataDir is ~/Library/Application Support/gatewatch.
func DataDir() (string, error) { return darwinDataDir(os.UserHomeDir) }
