package fix

import (
	"context"
	"net/netip"
	"strings"
	"testing"
)

// FuzzSystemOutput feeds arbitrary tool output (nmcli, networksetup,
// netsh) to the parsers: whatever they keep must be an address, a UUID or
// a service name that cannot be misread as an option.
func FuzzSystemOutput(f *testing.F) {
	f.Add("192.0.2.1,192.0.2.2\nno\n\nno\n")
	f.Add(uuidWifi + ":802-11-wireless:wlan0\n$(reboot):vpn:x\n")
	f.Add("(1) Wi-Fi\n(Hardware Port: Wi-Fi, Device: en0)\n(2) -x\n(Hardware Port: x, Device: en1)\n")
	f.Add("Statically Configured DNS Servers: 1.1.1.1;reboot fe80::1%eth0 2001:db8::1\n")
	f.Fuzz(func(t *testing.T, out string) {
		for _, a := range parseAddrList(out) {
			if p, err := netip.ParseAddr(a); err != nil || p.String() != a {
				t.Fatalf("kept %q", a)
			}
		}
		for _, s := range macServices(out) {
			if strings.ContainsAny(s.name, "\n\r") {
				t.Fatalf("service %q spans lines", s.name)
			}
		}
		env := Env{Query: func(context.Context, ...string) (string, error) { return out, nil }}
		conns, _ := nmActive(context.Background(), env)
		for _, c := range conns {
			if !nmUUID().MatchString(c.uuid) {
				t.Fatalf("kept connection id %q", c.uuid)
			}
		}
		_ = renderResolvConf([]byte(out), []netip.Addr{netip.MustParseAddr("203.0.113.53")})
	})
}
