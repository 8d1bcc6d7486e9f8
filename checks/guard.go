package checks

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"os"
	"syscall"
)

// LabOnlyEnv names the environment variable that confines every probe to
// loopback and the documentation ranges. Tests and the network lab set it
// to 1, so no test can reach a real router, resolver or site, whatever the
// machine's own network looks like.
const LabOnlyEnv = "GATEWATCH_LAB_ONLY"

var labPrefixes = []netip.Prefix{
	netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("::1/128"),
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("2001:db8::/32"),
}

// LabAddr reports whether a is loopback or in a documentation range.
func LabAddr(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range labPrefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

var labOnly = os.Getenv(LabOnlyEnv) == "1"

// ErrOutsideLab is returned for a connection the lab guard refused.
var ErrOutsideLab = fmt.Errorf("%s=1: address outside loopback and the documentation ranges", LabOnlyEnv)

// guardControl runs before every socket connect a probe makes.
func guardControl(network, address string, _ syscall.RawConn) error {
	if !labOnly {
		return nil
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrOutsideLab, address)
	}
	if !LabAddr(ap.Addr()) {
		return fmt.Errorf("%w: %s %s", ErrOutsideLab, network, address)
	}
	return nil
}

// newDialer is the one dialer every probe uses: no keep-alive (each probe
// is a fresh look), and the lab guard.
func newDialer() *net.Dialer {
	d := &net.Dialer{KeepAlive: -1, Control: guardControl}
	if labOnly {
		// Name lookups made while dialing go to the system resolver: guard
		// those packets too.
		d.Resolver = &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
			rd := net.Dialer{Control: guardControl}
			return rd.DialContext(ctx, network, address)
		}}
	}
	return d
}

// pinnedDial dials with newDialer, but to pin (keeping the port) instead of
// the host in the URL when pin is valid: the request keeps its Host header
// and SNI while the connection goes to an address resolved elsewhere.
func pinnedDial(pin netip.Addr) func(ctx context.Context, network, addr string) (net.Conn, error) {
	dialer := newDialer()
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if pin.IsValid() {
			_, port, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, fmt.Errorf("pinned dial %s: %w", addr, err)
			}
			addr = net.JoinHostPort(pin.String(), port)
		}
		return dialer.DialContext(ctx, network, addr)
	}
}
