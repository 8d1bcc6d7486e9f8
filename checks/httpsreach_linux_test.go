package checks

import (
	"context"
	"net"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// blackholePort listens on a loopback port with a backlog of 0 and never
// accepts: once one handshake fills the queue, the kernel drops further
// SYNs, so connects there time out, as behind a firewall that drops.
func blackholePort(t *testing.T) string {
	t.Helper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		t.Fatal(err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(sa.(*syscall.SockaddrInet4).Port)
	// Fill the queue.
	c, err := net.DialTimeout("tcp", "127.0.0.1:"+port, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return port
}

func TestHTTPSReach(t *testing.T) {
	t.Parallel()
	hole := blackholePort(t)
	open := portOf(t, rawLoopbackServer(t, func(net.Conn) {}))
	closed := portOf(t, deadLoopbackAddr(t))
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	cases := []struct {
		name             string
		ctx              context.Context
		hosts            []string
		port             string
		attempts, silent int
		detail           string
	}{
		{"open", context.Background(), []string{"127.0.0.1:53", "127.0.0.1"}, open, 4, 0, "answered at 2 of 2 reference hosts (0% of 4"},
		// A refusal is the host answering: the path to the port is open.
		{"refused", context.Background(), []string{"127.0.0.1"}, closed, 2, 0, "answered at 1 of 1"},
		{"silent", context.Background(), []string{"127.0.0.1"}, hole, 2, 2, "answered at 0 of 1 reference hosts (100% of 2"},
		{"names skipped", context.Background(), []string{"dns.example", "not an address"}, open, 0, 0, "no reference host"},
		{"canceled says nothing", canceled, []string{"127.0.0.1"}, hole, 0, 0, "not tested"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			res := httpsReach(c.ctx, c.hosts, c.port, ReachOptions{Attempts: 2, Timeout: 300 * time.Millisecond})
			if res.Attempts != c.attempts || res.Silent != c.silent || !strings.Contains(res.Detail, c.detail) {
				t.Fatalf("attempts %d silent %d %q, want %d %d %q", res.Attempts, res.Silent, res.Detail, c.attempts, c.silent, c.detail)
			}
			if want := 0; c.attempts > 0 {
				want = 100 * c.silent / c.attempts
				if res.SilentPercent() != want {
					t.Errorf("SilentPercent %d, want %d", res.SilentPercent(), want)
				}
			}
		})
	}
}
