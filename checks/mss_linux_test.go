package checks

import (
	"context"
	"net"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// The clamp is set before connect: the connection's MSS is no larger than
// asked (Linux reports the effective value once connected).
func TestClampedDialerSetsMaxSeg(t *testing.T) {
	addr := rawLoopbackServer(t, func(c net.Conn) {})
	for _, mss := range []int{0, 536, 1200} {
		c, err := clampedDialer(mss).DialContext(context.Background(), "tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := c.(*net.TCPConn).SyscallConn()
		if err != nil {
			t.Fatal(err)
		}
		var got int
		var gerr error
		_ = raw.Control(func(fd uintptr) { got, gerr = unix.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, unix.TCP_MAXSEG) })
		c.Close()
		if gerr != nil {
			t.Fatal(gerr)
		}
		switch {
		case mss == 0 && got <= 1200:
			t.Errorf("unclamped loopback connection has MSS %d", got)
		case mss > 0 && got > mss:
			t.Errorf("clamped to %d, the connection's MSS is %d", mss, got)
		}
	}
}
