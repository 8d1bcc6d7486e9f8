package checks

import (
	"context"
	"net"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestFirstOfEachFamily(t *testing.T) {
	a := netip.MustParseAddr
	tests := []struct {
		in, want []netip.Addr
	}{
		{nil, nil},
		{[]netip.Addr{a("203.0.113.10"), a("203.0.113.11")}, []netip.Addr{a("203.0.113.10")}},
		{[]netip.Addr{a("2001:db8::1"), a("203.0.113.10"), a("2001:db8::2")}, []netip.Addr{a("203.0.113.10"), a("2001:db8::1")}},
		{[]netip.Addr{a("::ffff:203.0.113.10")}, []netip.Addr{a("203.0.113.10")}},
		{[]netip.Addr{a("2001:db8::1")}, []netip.Addr{a("2001:db8::1")}},
	}
	for _, tt := range tests {
		if got := FirstOfEachFamily(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%v: got %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestAddrFamily(t *testing.T) {
	for _, tt := range []struct {
		a    netip.Addr
		want int
	}{{netip.MustParseAddr("192.0.2.1"), 4}, {netip.MustParseAddr("::ffff:192.0.2.1"), 4}, {netip.MustParseAddr("2001:db8::1"), 6}, {netip.Addr{}, 0}} {
		if got := AddrFamily(tt.a); got != tt.want {
			t.Errorf("%v: %d, want %d", tt.a, got, tt.want)
		}
	}
}

func TestHandshake(t *testing.T) {
	t.Setenv(LabOnlyEnv, "1")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strings.TrimPrefix(l.Addr().String(), "127.0.0.1:")
	lo := netip.MustParseAddr("127.0.0.1")
	if p := Handshake(context.Background(), "canary", lo, port, time.Second); !p.OK || p.Family() != 4 || !strings.Contains(p.Detail, "over IPv4") {
		t.Errorf("listening: %+v", p)
	}
	l.Close()
	if p := Handshake(context.Background(), "canary", lo, port, time.Second); !p.OK || p.Err != ErrRefused {
		t.Errorf("refused counts as answered: %+v", p)
	}
	// The guard refuses a documentation address on the host: not reached.
	p := Handshake(context.Background(), "site", netip.MustParseAddr("2001:db8::1"), "443", time.Second)
	if p.OK || p.Err != ErrGuard || p.Family() != 6 {
		t.Errorf("guarded: %+v", p)
	}
}
