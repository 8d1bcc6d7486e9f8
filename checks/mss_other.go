//go:build !linux && !darwin

package checks

import (
	"errors"
	"syscall"
)

// mssSupported: Windows has no TCP_MAXSEG to set before connect; other
// systems are untested. MSSRetry then says "unknown" and tries nothing.
const mssSupported = false

func setMSS(syscall.RawConn, int) error {
	return errors.New("TCP_MAXSEG is not supported on this system")
}
