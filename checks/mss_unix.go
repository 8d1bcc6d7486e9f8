//go:build linux || darwin

package checks

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// mssSupported: Linux and macOS honour TCP_MAXSEG set before connect, and
// announce it in the SYN.
const mssSupported = true

func setMSS(c syscall.RawConn, mss int) error {
	var serr error
	if err := c.Control(func(fd uintptr) {
		serr = unix.SetsockoptInt(int(fd), unix.IPPROTO_TCP, unix.TCP_MAXSEG, mss)
	}); err != nil {
		return err
	}
	return serr
}
