package history

import "os"

// DataDir is %LocalAppData%\gatewatch.
func DataDir() (string, error) { return windowsDataDir(os.Getenv) }
