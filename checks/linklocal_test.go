package checks

import (
	"reflect"
	"testing"
)

func TestLinkLocalOnly(t *testing.T) {
	p2p := ifaceOf("tun0", true, true, false, "fe80::9/64")
	p2p.PointToPoint = true
	tests := []struct {
		name   string
		ifaces []Interface
		want   []string
	}{
		{"autoconf ipv4 and ipv6", []Interface{ifaceOf("eth0", true, true, false, "169.254.3.4/16", "fe80::1/64")}, []string{"eth0"}},
		{"ipv6 link-local alone", []Interface{ifaceOf("wlan0", true, true, false, "fe80::1/64")}, []string{"wlan0"}},
		{"dhcp address too", []Interface{ifaceOf("eth0", true, true, false, "169.254.3.4/16", "192.0.2.10/24")}, nil},
		{"global ipv6 too", []Interface{ifaceOf("eth0", true, true, false, "fe80::1/64", "2001:db8::5/64")}, nil},
		{"no address at all", []Interface{ifaceOf("eth0", true, true, false)}, nil},
		{"no carrier", []Interface{ifaceOf("eth0", true, false, false, "169.254.3.4/16")}, nil},
		{"admin down", []Interface{ifaceOf("eth0", false, false, false, "169.254.3.4/16")}, nil},
		{"loopback", []Interface{ifaceOf("lo", true, true, true, "fe80::1/64")}, nil},
		{"point-to-point", []Interface{p2p}, nil},
		{"container veth", []Interface{ifaceOf("veth12ab", true, true, false, "fe80::1/64")}, nil},
		{"a private ipv4 is not link-local", []Interface{ifaceOf("eth0", true, true, false, "10.0.0.2/8")}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := linkLocalOnly(tc.ifaces); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestNoAddress(t *testing.T) {
	def := []Route{routeOf("eth0", "192.0.2.1", "0.0.0.0/0", 0)}
	tests := []struct {
		name string
		r    LinkResult
		want bool
	}{
		{"link-local only, no route", LinkResult{LinkLocalOnly: []string{"eth0"}}, true},
		{"link-local only, a default route", LinkResult{LinkLocalOnly: []string{"eth0"}, DefaultRoutes: def}, false},
		{"link-local only, a split default", LinkResult{LinkLocalOnly: []string{"eth0"}, SplitRoutes: def}, false},
		{"routes unknown", LinkResult{LinkLocalOnly: []string{"eth0"}, RouteErr: "netlink: denied"}, false},
		{"no link-local-only interface", LinkResult{}, false},
	}
	for _, tc := range tests {
		if got := tc.r.NoAddress(); got != tc.want {
			t.Errorf("%s: NoAddress %v, want %v", tc.name, got, tc.want)
		}
	}
}
