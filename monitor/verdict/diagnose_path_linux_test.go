package verdict

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"net/url"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// blackholeServer is a loopback site that stalls (reads the request,
// answers nothing) on connections whose MSS is above maxSeg, as a path
// that drops large packets does; with maxSeg 0 it stalls on every one (a
// slow site). The MSS of an accepted connection is at most what the
// client announced in its SYN.
func blackholeServer(t *testing.T, maxSeg int) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(10 * time.Second))
				if _, err := http.ReadRequest(bufio.NewReader(c)); err != nil {
					return
				}
				if mss := connMSS(c); maxSeg == 0 || mss > maxSeg {
					_, _ = c.Read(make([]byte, 1)) // until the client gives up
					return
				}
				_, _ = c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"))
			}()
		}
	}()
	return ln.Addr().String()
}

func connMSS(c net.Conn) int {
	raw, err := c.(*net.TCPConn).SyscallConn()
	if err != nil {
		return 0
	}
	mss := 0
	_ = raw.Control(func(fd uintptr) { mss, _ = unix.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, unix.TCP_MAXSEG) })
	return mss
}

func TestDiagnosePathFaults(t *testing.T) {
	cases := []struct {
		name   string
		maxSeg int
		rule   string
		mss    int
	}{
		{"mtu black hole", 1300, "mtu-blackhole", 1200},
		{"only the smallest segments pass", 600, "mtu-blackhole", 536},
		{"slow site", 0, "origin-slow", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			u, _ := url.Parse("http://" + blackholeServer(t, c.maxSeg) + "/")
			opt := loopbackOptions(healthyNet())
			opt.Timeout = 800 * time.Millisecond
			v := Diagnose(context.Background(), u, opt)
			if v.Rule != c.rule || v.PathMSS != c.mss {
				t.Fatalf("got %s path_mss %d, want %s %d: %s", v.Rule, v.PathMSS, c.rule, c.mss, v.Summary)
			}
		})
	}
}

// On a path losing packets heavily the retry is not made: isp-packet-loss
// decides whatever it would show.
func TestDiagnoseNoSmallSegmentRetryUnderLoss(t *testing.T) {
	u, _ := url.Parse("http://" + blackholeServer(t, 1300) + "/")
	n := healthyNet()
	n.Reach[0].Succeeded = 4
	opt := loopbackOptions(n)
	opt.Timeout = 500 * time.Millisecond
	v := Diagnose(context.Background(), u, opt)
	if v.Rule != "isp-packet-loss" {
		t.Fatalf("got %s: %s", v.Rule, v.Summary)
	}
	for _, s := range v.Evidence {
		if s.Check == "small segments" {
			t.Errorf("retried under loss: %s", s.Detail)
		}
	}
}
