package checks

import (
	"reflect"
	"syscall"
	"testing"

	"golang.org/x/net/route"
)

// Hand-built routing messages, as a Mac with Wi-Fi and a split-tunnel VPN
// dumps them. This file builds only for darwin: go vet checks it here.
func TestRoutesFromMessages(t *testing.T) {
	names := map[int]string{1: "lo0", 4: "en0", 5: "en1", 9: "utun3"}
	ifName := func(i int) string { return names[i] }
	v4 := func(a, b, c, d byte) *route.Inet4Addr { return &route.Inet4Addr{IP: [4]byte{a, b, c, d}} }
	up := syscall.RTF_UP
	msgs := []route.Message{
		&route.RouteMessage{Flags: up | syscall.RTF_GATEWAY | syscall.RTF_STATIC, Index: 4,
			Addrs: []route.Addr{v4(0, 0, 0, 0), v4(192, 0, 2, 1), v4(0, 0, 0, 0)}},
		// The scoped default of the second interface: not the default.
		&route.RouteMessage{Flags: up | syscall.RTF_GATEWAY | syscall.RTF_IFSCOPE, Index: 5,
			Addrs: []route.Addr{v4(0, 0, 0, 0), v4(198, 51, 100, 1), v4(0, 0, 0, 0)}},
		&route.RouteMessage{Flags: up | syscall.RTF_GATEWAY, Index: 9,
			Addrs: []route.Addr{v4(128, 0, 0, 0), v4(203, 0, 113, 5), v4(128, 0, 0, 0)}},
		// On-link network: the gateway is the link.
		&route.RouteMessage{Flags: up, Index: 4,
			Addrs: []route.Addr{v4(192, 0, 2, 0), &route.LinkAddr{Index: 4, Name: "en0"}, v4(255, 255, 255, 0)}},
		// IPv6 default via a link-local router (zone from the KAME index).
		&route.RouteMessage{Flags: up | syscall.RTF_GATEWAY, Index: 4,
			Addrs: []route.Addr{&route.Inet6Addr{}, &route.Inet6Addr{IP: [16]byte{0xfe, 0x80, 15: 1}, ZoneID: 4}, &route.Inet6Addr{}}},
		&route.RouteMessage{Flags: up | syscall.RTF_REJECT | syscall.RTF_HOST, Index: 1,
			Addrs: []route.Addr{v4(192, 0, 2, 255), v4(127, 0, 0, 1)}},
		&route.RouteMessage{Flags: up | syscall.RTF_GATEWAY, Index: 4, Err: syscall.ESRCH,
			Addrs: []route.Addr{v4(10, 0, 0, 0), v4(192, 0, 2, 1), v4(255, 0, 0, 0)}},
		&route.InterfaceMessage{Index: 4},
	}
	d, s := defaultsOf(routesFromMessages(msgs, ifName))
	wantD := []Route{routeOf("en0", "192.0.2.1", "0.0.0.0/0", 0), routeOf("en0", "fe80::1%en0", "::/0", 0)}
	if !reflect.DeepEqual(d, wantD) {
		t.Errorf("defaults %v, want %v", d, wantD)
	}
	if want := []Route{routeOf("utun3", "203.0.113.5", "128.0.0.0/1", 0)}; !reflect.DeepEqual(s, want) {
		t.Errorf("split %v, want %v", s, want)
	}
	if n := len(routesFromMessages(msgs, ifName)); n != 4 {
		t.Errorf("%d routes, want 4", n)
	}
}
