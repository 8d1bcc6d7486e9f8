package checks

import (
	"net/netip"
	"reflect"
	"testing"
)

func TestRIBRoute(t *testing.T) {
	a := netip.MustParseAddr
	up := func(r ribRoute) ribRoute { r.Up = true; return r }
	tests := []struct {
		name string
		in   ribRoute
		want Route
		ok   bool
	}{
		{"default v4, zero mask", up(ribRoute{Gateway: true, Iface: "en0", Dst: a("0.0.0.0"), Mask: a("0.0.0.0"), Gw: a("192.0.2.1")}),
			routeOf("en0", "192.0.2.1", "0.0.0.0/0", 0), true},
		{"default v4, no mask", up(ribRoute{Gateway: true, Iface: "en0", Dst: a("0.0.0.0"), Gw: a("192.0.2.1")}),
			routeOf("en0", "192.0.2.1", "0.0.0.0/0", 0), true},
		{"default v6, link-local gateway", up(ribRoute{Gateway: true, Iface: "en0", Dst: a("::"), Mask: a("::"), Gw: a("fe80::1%en0")}),
			routeOf("en0", "fe80::1%en0", "::/0", 0), true},
		{"split half", up(ribRoute{Gateway: true, Iface: "utun3", Dst: a("128.0.0.0"), Mask: a("128.0.0.0"), Gw: a("203.0.113.5")}),
			routeOf("utun3", "203.0.113.5", "128.0.0.0/1", 0), true},
		{"on-link /24", up(ribRoute{Iface: "en0", Dst: a("192.0.2.0"), Mask: a("255.255.255.0")}),
			routeOf("en0", "", "192.0.2.0/24", 0), true},
		{"on-link default (a VPN's utun)", up(ribRoute{Gateway: true, Iface: "utun3", Dst: a("0.0.0.0"), Mask: a("0.0.0.0")}),
			routeOf("utun3", "", "0.0.0.0/0", 0), true},
		{"host", up(ribRoute{Host: true, Iface: "lo0", Dst: a("127.0.0.1")}), routeOf("lo0", "", "127.0.0.1/32", 0), true},
		{"link-local net with zone", up(ribRoute{Iface: "en0", Dst: a("fe80::%en0"), Mask: a("ffff:ffff:ffff:ffff::")}),
			routeOf("en0", "", "fe80::/64", 0), true},
		{"host bits masked", up(ribRoute{Iface: "en0", Dst: a("10.1.2.3"), Mask: a("255.0.0.0")}), routeOf("en0", "", "10.0.0.0/8", 0), true},
		{"non-contiguous mask", up(ribRoute{Iface: "en0", Dst: a("10.0.0.0"), Mask: a("255.0.255.0")}), routeOf("en0", "", "10.0.0.0/8", 0), true},
		{"scoped default", up(ribRoute{Gateway: true, IfScope: true, Iface: "en1", Dst: a("0.0.0.0"), Gw: a("192.0.2.1")}), Route{}, false},
		{"down", ribRoute{Gateway: true, Iface: "en0", Dst: a("0.0.0.0"), Gw: a("192.0.2.1")}, Route{}, false},
		{"reject", up(ribRoute{Reject: true, Iface: "lo0", Dst: a("192.0.2.9"), Host: true}), Route{}, false},
		{"blackhole", up(ribRoute{Blackhole: true, Iface: "lo0", Dst: a("0.0.0.0")}), Route{}, false},
		{"no destination", up(ribRoute{Iface: "en0"}), Route{}, false},
		{"mask of the other family", up(ribRoute{Iface: "en0", Dst: a("10.0.0.0"), Mask: a("ffff::")}), Route{}, false},
	}
	for _, tt := range tests {
		got, ok := tt.in.route()
		if ok != tt.ok || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %v, %v; want %v, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}
