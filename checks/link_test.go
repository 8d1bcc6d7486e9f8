package checks

import (
	"context"
	"net"
	"net/netip"
	"reflect"
	"testing"
)

func ifaceOf(name string, up, running, loopback bool, addrs ...string) Interface {
	it := Interface{Name: name, Up: up, Running: running, Loopback: loopback}
	for _, a := range addrs {
		it.Addrs = append(it.Addrs, netip.MustParsePrefix(a))
	}
	return it
}

func TestUsableInterfaces(t *testing.T) {
	tests := []struct {
		name   string
		ifaces []Interface
		want   []string
	}{
		{"loopback only", []Interface{ifaceOf("lo", true, true, true, "127.0.0.1/8", "::1/128")}, nil},
		{"cable unplugged", []Interface{ifaceOf("eth0", true, false, false, "192.0.2.10/24")}, nil},
		{"admin down", []Interface{ifaceOf("eth0", false, false, false, "192.0.2.10/24")}, nil},
		{"link-local only (DHCP failed)", []Interface{ifaceOf("eth0", true, true, false, "169.254.3.4/16", "fe80::1/64")}, nil},
		{"ipv4", []Interface{ifaceOf("eth0", true, true, false, "192.0.2.10/24")}, []string{"eth0"}},
		{"ipv6 global only", []Interface{ifaceOf("wlan0", true, true, false, "fe80::1/64", "2001:db8::5/64")}, []string{"wlan0"}},
		{
			"two usable, order kept",
			[]Interface{
				ifaceOf("lo", true, true, true, "127.0.0.1/8"),
				ifaceOf("eth0", true, true, false, "192.0.2.10/24"),
				ifaceOf("wg0", true, true, false, "203.0.113.2/32"),
			},
			[]string{"eth0", "wg0"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := usableInterfaces(tc.ifaces); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestLinkDetail(t *testing.T) {
	lo := ifaceOf("lo", true, true, true, "127.0.0.1/8")
	eth := ifaceOf("eth0", true, true, false, "fe80::1/64", "192.0.2.10/24")
	wlan := ifaceOf("wlan0", true, true, false, "198.51.100.20/24")
	tun := ifaceOf("tun0", true, true, false, "203.0.113.6/32")
	tests := []struct {
		name            string
		ifaces          []Interface
		defaults, split []Route
		routeErr        string
		want            string
	}{
		{"nothing up", []Interface{lo, ifaceOf("eth0", false, false, false)}, nil, nil, "", "no network interface is up"},
		{"no carrier", []Interface{lo, ifaceOf("eth0", true, false, false)}, nil, nil, "", "no interface has a carrier"},
		{"no address", []Interface{lo, ifaceOf("eth0", true, true, false)}, nil, nil, "", "eth0 has a carrier but no address"},
		{"link-local only", []Interface{lo, ifaceOf("eth0", true, true, false, "169.254.3.4/16", "fe80::1/64")}, nil, nil, "",
			"eth0 has a carrier but only the self-assigned link-local 169.254.3.4/16, fe80::1/64: no address came from DHCP"},
		{
			"normal", []Interface{lo, eth},
			[]Route{routeOf("eth0", "192.0.2.1", "0.0.0.0/0", 0)}, nil, "",
			"eth0 up, 192.0.2.10/24, default via 192.0.2.1",
		},
		{
			"default on the second interface", []Interface{lo, eth, wlan},
			[]Route{routeOf("wlan0", "198.51.100.1", "0.0.0.0/0", 0)}, nil, "",
			"wlan0 up, 198.51.100.20/24, default via 198.51.100.1",
		},
		{
			"ipv4 default preferred for the line", []Interface{lo, eth},
			[]Route{routeOf("eth0", "fe80::1%eth0", "::/0", 0), routeOf("eth0", "192.0.2.1", "0.0.0.0/0", 100)}, nil, "",
			"eth0 up, 192.0.2.10/24, default via 192.0.2.1",
		},
		{
			"on-link default", []Interface{lo, ifaceOf("wg0", true, true, false, "203.0.113.2/32")},
			[]Route{routeOf("wg0", "", "0.0.0.0/0", 0)}, nil, "",
			"wg0 up, 203.0.113.2/32, default via wg0",
		},
		{
			"split over default", []Interface{lo, eth, tun},
			[]Route{routeOf("eth0", "192.0.2.1", "0.0.0.0/0", 0)}, []Route{routeOf("tun0", "203.0.113.5", "0.0.0.0/1", 0)}, "",
			"eth0 up, 192.0.2.10/24, default via 192.0.2.1, split default via 203.0.113.5 (tun0)",
		},
		{
			"split only", []Interface{lo, eth, tun},
			nil, []Route{routeOf("tun0", "", "0.0.0.0/1", 0)}, "",
			"tun0 up, 203.0.113.6/32, split default via tun0",
		},
		{"no default", []Interface{lo, eth}, nil, nil, "", "eth0 up, 192.0.2.10/24, no default route"},
		{"routes unreadable", []Interface{lo, eth}, nil, nil, "permission denied", "eth0 up, 192.0.2.10/24, routes unknown: permission denied"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := linkDetail(tc.ifaces, usableInterfaces(tc.ifaces), tc.defaults, tc.split, tc.routeErr)
			if got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestLinkResultOK(t *testing.T) {
	def := []Route{routeOf("eth0", "192.0.2.1", "0.0.0.0/0", 0)}
	tests := []struct {
		name string
		r    LinkResult
		want bool
	}{
		{"empty", LinkResult{}, false},
		{"usable, no route", LinkResult{Usable: []string{"eth0"}}, false},
		{"route, nothing usable", LinkResult{DefaultRoutes: def}, false},
		{"default", LinkResult{Usable: []string{"eth0"}, DefaultRoutes: def}, true},
		{"split only", LinkResult{Usable: []string{"tun0"}, SplitRoutes: []Route{routeOf("tun0", "", "0.0.0.0/1", 0)}}, true},
	}
	for _, tc := range tests {
		if got := tc.r.OK(); got != tc.want {
			t.Errorf("%s: OK() = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestIPNetPrefix(t *testing.T) {
	tests := []struct {
		in     net.Addr
		want   string
		wantOK bool
	}{
		{&net.IPNet{IP: net.IPv4(192, 0, 2, 10), Mask: net.CIDRMask(24, 32)}, "192.0.2.10/24", true},
		{&net.IPNet{IP: net.IPv4(192, 0, 2, 10), Mask: net.CIDRMask(120, 128)}, "192.0.2.10/24", true},
		{&net.IPNet{IP: net.ParseIP("2001:db8::1"), Mask: net.CIDRMask(64, 128)}, "2001:db8::1/64", true},
		{&net.IPNet{IP: net.IPv4(192, 0, 2, 10), Mask: net.IPMask{255, 0, 255, 0}}, "192.0.2.10/32", true},
		{&net.IPAddr{IP: net.IPv4(192, 0, 2, 10)}, "", false},
	}
	for _, tc := range tests {
		got, ok := ipNetPrefix(tc.in)
		if ok != tc.wantOK || (ok && got.String() != tc.want) {
			t.Errorf("ipNetPrefix(%v) = %v, %v; want %s, %v", tc.in, got, ok, tc.want, tc.wantOK)
		}
	}
}

// Link only reads local state; on any machine it must list loopback.
func TestLinkReadsThisMachine(t *testing.T) {
	res := Link(context.Background())
	if len(res.Interfaces) == 0 {
		t.Fatalf("no interfaces: %s", res.Detail)
	}
	if res.Detail == "" {
		t.Error("empty detail")
	}
	for _, name := range res.Usable {
		for _, it := range res.Interfaces {
			if it.Name == name && (it.Loopback || !it.Running) {
				t.Errorf("%s listed usable: %+v", name, it)
			}
		}
	}
	t.Logf("%s (usable %v, defaults %v, split %v, err %q)", res.Detail, res.Usable, res.DefaultRoutes, res.SplitRoutes, res.RouteErr)
}
