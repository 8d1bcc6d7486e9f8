package checks

import (
	"context"
	"net/netip"
	"reflect"
	"strings"
	"testing"
)

func TestVPNLike(t *testing.T) {
	tests := []struct {
		name    string
		p2p, lo bool
		wantVPN bool
	}{
		{"tun0", false, false, true},
		{"tap1", false, false, true},
		{"wg0", false, false, true},
		{"utun3", true, false, true},
		{"ppp0", true, false, true},
		{"ipsec0", false, false, true},
		{"gpd0", false, false, true},
		{"tailscale0", false, false, true},
		{"nordlynx", false, false, true},
		{"ProtonVPN", false, false, true},
		{"OpenVPN Wintun", false, false, true},
		{"WireGuard Tunnel", false, false, true},
		{"gwvpn0", false, false, true},
		{"odd0", true, false, true}, // point-to-point, whatever the name
		{"eth0", false, false, false},
		{"wlp2s0", false, false, false},
		{"en0", false, false, false},
		{"Wi-Fi", false, false, false},
		{"docker0", false, false, false},
		{"lo", true, true, false}, // loopback is never a VPN
	}
	for _, tc := range tests {
		if got := vpnLike(tc.name, tc.p2p, tc.lo); got != tc.wantVPN {
			t.Errorf("vpnLike(%q, p2p=%v, lo=%v) = %v, want %v", tc.name, tc.p2p, tc.lo, got, tc.wantVPN)
		}
	}
}

func TestVPNInterfaces(t *testing.T) {
	p2p := func(it Interface) Interface { it.PointToPoint = true; return it }
	ifaces := []Interface{
		ifaceOf("lo", true, true, true, "127.0.0.1/8"),
		ifaceOf("eth0", true, true, false, "192.0.2.10/24"),
		ifaceOf("wg0", true, true, false, "203.0.113.2/32"),
		ifaceOf("tun1", false, false, false, "203.0.113.9/32"),       // down
		p2p(ifaceOf("utun0", true, true, false, "fe80::1/64")),       // macOS's own, link-local only
		p2p(ifaceOf("utun3", true, true, false, "2001:db8:9::2/64")), // a real VPN
	}
	want := []string{"wg0", "utun3"}
	if got := vpnInterfaces(ifaces); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestIfaceForAddr(t *testing.T) {
	ifaces := []Interface{
		ifaceOf("eth0", true, true, false, "192.0.2.10/24", "fe80::1/64"),
		ifaceOf("wg0", true, true, false, "203.0.113.2/32"),
	}
	tests := []struct {
		addr string
		want string
	}{
		{"203.0.113.2", "wg0"},
		{"192.0.2.10", "eth0"},
		{"fe80::1%eth0", "eth0"},
		{"192.0.2.11", ""},
	}
	for _, tc := range tests {
		it, ok := ifaceForAddr(ifaces, netip.MustParseAddr(tc.addr))
		if (tc.want != "") != ok || it.Name != tc.want {
			t.Errorf("ifaceForAddr(%s) = %q, %v; want %q", tc.addr, it.Name, ok, tc.want)
		}
	}
}

func TestVPNProcessName(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"openvpn", "openvpn", true},
		{"OpenVPN.exe", "openvpn", true},
		{"tailscaled", "tailscaled", true},
		{"mullvad-daemon", "mullvad-daemon", true},
		{"wireguard.exe", "wireguard", true},
		{"firefox", "firefox", false},
		{"openvpn-something-else", "openvpn-something-else", false},
	}
	for _, tc := range tests {
		got, ok := vpnProcessName(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("vpnProcessName(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestVPNDetail(t *testing.T) {
	probe := netip.MustParseAddr("192.0.2.53")
	tests := []struct {
		name  string
		r     VPNResult
		notes []string
		want  string
	}{
		{"full tunnel", VPNResult{Interfaces: []string{"wg0"}, EgressIface: "wg0", DefaultViaVPN: true},
			nil, "traffic to 192.0.2.53 goes through VPN interface wg0"},
		{"split tunnel", VPNResult{Interfaces: []string{"tun0"}, EgressIface: "eth0"},
			nil, "VPN interface tun0 is up but traffic to 192.0.2.53 leaves by eth0"},
		{"no vpn", VPNResult{EgressIface: "eth0", Processes: []string{"tailscaled"}},
			nil, "no VPN: traffic to 192.0.2.53 leaves by eth0; running: tailscaled"},
		{"no egress", VPNResult{}, []string{"no route to 192.0.2.53: network is unreachable"},
			"no VPN interface is up; no route to 192.0.2.53: network is unreachable"},
	}
	for _, tc := range tests {
		if got := vpnDetail(tc.r, probe, tc.notes); got != tc.want {
			t.Errorf("%s:\ngot  %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

// The egress check only connects a UDP socket, which sends nothing.
func TestVPNLoopbackEgress(t *testing.T) {
	res := VPN(context.Background(), VPNOptions{Probe: netip.MustParseAddr("127.0.0.1")})
	lo := ""
	for _, it := range listIfacesT(t) {
		if it.Loopback {
			lo = it.Name
		}
	}
	if res.EgressIface != lo || res.DefaultViaVPN {
		t.Errorf("egress %q (via VPN %v), want %q; detail %q", res.EgressIface, res.DefaultViaVPN, lo, res.Detail)
	}
	if !strings.Contains(res.Detail, "127.0.0.1") {
		t.Errorf("detail %q does not name the probe", res.Detail)
	}
}

func TestVPNNoProbe(t *testing.T) {
	res := VPN(context.Background(), VPNOptions{})
	if res.EgressIface != "" || res.DefaultViaVPN || res.Detail == "" {
		t.Errorf("got %+v", res)
	}
}

func listIfacesT(t *testing.T) []Interface {
	t.Helper()
	ifs, err := linkInterfaces()
	if err != nil {
		t.Fatal(err)
	}
	return ifs
}
