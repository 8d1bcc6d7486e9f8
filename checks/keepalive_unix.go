//go:build unix

package checks

import (
	"errors"
	"net"
	"syscall"
)

// stale reports whether the server closed an idle connection or wrote to
// it (a 408, a TLS close_notify) while no check was reading: a
// non-blocking peek at the socket, in place of the read loop goroutine
// the Transport keeps per idle connection.
func stale(c net.Conn) bool {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return false
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return true
	}
	var b [1]byte
	gone := false
	err = rc.Read(func(fd uintptr) bool {
		_, _, err := syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		// EAGAIN: nothing to read, the connection is as we left it.
		// Anything else is a server that closed (no error, zero bytes),
		// reset, or wrote bytes nobody asked for.
		gone = !errors.Is(err, syscall.EAGAIN) && !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR)
		return true // never wait for readiness
	})
	return gone || err != nil
}
