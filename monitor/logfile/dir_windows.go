package logfile

import "os"

// Dir is %LocalAppData%\gatewatch\logs.
func Dir() (string, error) { return windowsDir(os.Getenv) }
