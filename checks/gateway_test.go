package checks

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// loopbackListener returns a port with a listener that never accepts: the
// kernel completes handshakes into the backlog anyway.
func loopbackListener(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln.Addr().(*net.TCPAddr).Port
}

// loopbackClosedPort returns a loopback port nothing listens on.
func loopbackClosedPort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return port
}

var loopbackRoute = Route{Interface: "lo", Gateway: netip.MustParseAddr("127.0.0.1"), Dst: netip.MustParsePrefix("0.0.0.0/0")}

func TestGatewayTCP(t *testing.T) {
	open := loopbackListener(t)
	closed := loopbackClosedPort(t)
	tests := []struct {
		name       string
		ports      []int
		wantMethod string
	}{
		{"open port", []int{open}, fmt.Sprintf("tcp/%d open", open)},
		{"refused counts as alive", []int{closed}, fmt.Sprintf("tcp/%d refused (host answered)", closed)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := Gateway(context.Background(), loopbackRoute, GatewayOptions{Timeout: 5 * time.Second, Ports: tc.ports, skipICMP: true})
			if !res.Reachable || res.Method != tc.wantMethod || res.Err != ErrNone {
				t.Errorf("got reachable=%v method=%q err=%q detail=%q; want method %q", res.Reachable, res.Method, res.Err, res.Detail, tc.wantMethod)
			}
			if res.Gateway != loopbackRoute.Gateway || res.Interface != "lo" {
				t.Errorf("result names %s on %s", res.Gateway, res.Interface)
			}
			if !strings.Contains(res.Detail, tc.wantMethod) {
				t.Errorf("detail %q does not say how", res.Detail)
			}
		})
	}
	t.Run("one of several answers", func(t *testing.T) {
		res := Gateway(context.Background(), loopbackRoute, GatewayOptions{Timeout: 5 * time.Second, Ports: []int{closed, open}, skipICMP: true})
		if !res.Reachable || !strings.HasPrefix(res.Method, "tcp/") {
			t.Errorf("got %+v", res)
		}
	})
}

func TestGatewayICMP(t *testing.T) {
	for _, gw := range []string{"127.0.0.1", "::1"} {
		t.Run(gw, func(t *testing.T) {
			r := Route{Interface: "lo", Gateway: netip.MustParseAddr(gw)}
			res := Gateway(context.Background(), r, GatewayOptions{Timeout: 3 * time.Second, skipTCP: true})
			if !res.Reachable && strings.Contains(res.Detail, "icmp not permitted") {
				t.Skip("no ICMP socket allowed here (not root, ping_group_range closed)")
			}
			if !res.Reachable || res.Method != "icmp echo reply" {
				t.Errorf("got reachable=%v method=%q err=%q detail=%q", res.Reachable, res.Method, res.Err, res.Detail)
			}
		})
	}
}

func TestGatewayCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res := Gateway(ctx, loopbackRoute, GatewayOptions{Ports: []int{loopbackListener(t)}})
	if res.Reachable || res.Err != ErrCanceled {
		t.Errorf("got reachable=%v err=%q detail=%q", res.Reachable, res.Err, res.Detail)
	}
}

func TestGatewayInvalidPort(t *testing.T) {
	res := Gateway(context.Background(), loopbackRoute, GatewayOptions{Ports: []int{70000}, skipICMP: true})
	if res.Reachable || !strings.Contains(res.Detail, "invalid port") {
		t.Errorf("got reachable=%v detail=%q", res.Reachable, res.Detail)
	}
}

func TestGatewayOnLinkRoute(t *testing.T) {
	res := Gateway(context.Background(), Route{Interface: "wg0", Dst: netip.MustParsePrefix("0.0.0.0/0")}, GatewayOptions{})
	if res.Reachable || res.Err != ErrOther || !strings.Contains(res.Detail, "wg0") {
		t.Errorf("got %+v", res)
	}
}

func TestGatewayVerdict(t *testing.T) {
	timeout := &net.OpError{Op: "dial", Net: "tcp", Err: os.ErrDeadlineExceeded}
	unreach := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.EHOSTUNREACH)}
	tcp := func(port int, err error) gwAttempt { return gwAttempt{method: fmt.Sprintf("tcp/%d", port), err: err} }
	tests := []struct {
		name       string
		attempts   []gwAttempt
		parent     error
		wantOK     bool
		wantMethod string
		wantErr    ErrKind
		wantDetail string
	}{
		{
			name:       "icmp wins",
			attempts:   []gwAttempt{tcp(53, timeout), {method: "icmp", ok: true, how: "echo reply"}},
			wantOK:     true,
			wantMethod: "icmp echo reply",
		},
		{
			name:       "all silent",
			attempts:   []gwAttempt{tcp(443, timeout), tcp(53, timeout), tcp(80, timeout), {method: "icmp", err: context.DeadlineExceeded}},
			wantErr:    ErrTimeout,
			wantDetail: "no answer on tcp/53, 80, 443 or icmp within 1s",
		},
		{
			name:       "kernel says unreachable",
			attempts:   []gwAttempt{tcp(53, timeout), tcp(80, unreach), {method: "icmp", unavailable: true}},
			wantErr:    ErrUnreachable,
			wantDetail: "no answer on tcp/53, 80 (icmp not permitted): dial tcp: connect: no route to host",
		},
		{
			name:       "icmp not permitted noted",
			attempts:   []gwAttempt{tcp(53, timeout), {method: "icmp", unavailable: true}},
			wantErr:    ErrTimeout,
			wantDetail: "no answer on tcp/53 (icmp not permitted) within 1s",
		},
		{
			name:       "caller gave up",
			attempts:   []gwAttempt{tcp(53, context.Canceled)},
			parent:     context.Canceled,
			wantErr:    ErrCanceled,
			wantDetail: "gave up before an answer on tcp/53: context canceled",
		},
		{
			name:       "nothing could be tried",
			attempts:   []gwAttempt{{method: "icmp", unavailable: true}},
			wantErr:    ErrOther,
			wantDetail: "no method could be tried: icmp not permitted and no TCP ports",
		},
		{
			name:       "other error",
			attempts:   []gwAttempt{tcp(53, errors.New("weird"))},
			wantErr:    ErrOther,
			wantDetail: "no answer on tcp/53: weird",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ok, method, kind, detail := gatewayVerdict(tc.attempts, tc.parent, time.Second)
			if ok != tc.wantOK || method != tc.wantMethod || kind != tc.wantErr || detail != tc.wantDetail {
				t.Errorf("got %v %q %q %q\nwant %v %q %q %q", ok, method, kind, detail, tc.wantOK, tc.wantMethod, tc.wantErr, tc.wantDetail)
			}
		})
	}
}

func TestJoinMethods(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{nil, "nothing"},
		{[]string{"icmp"}, "icmp"},
		{[]string{"tcp/443", "tcp/53", "icmp", "tcp/80"}, "tcp/53, 80, 443 or icmp"},
	}
	for _, tc := range tests {
		if got := joinMethods(tc.in); got != tc.want {
			t.Errorf("joinMethods(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
