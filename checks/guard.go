package checks

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"syscall"
)

// LabOnlyEnv names the environment variable of the test guard. Tests set
// it so that no test can reach a real router, resolver or site, whatever
// the machine's own network looks like:
//
//	GATEWATCH_LAB_ONLY=1 or loopback  loopback only (127.0.0.0/8, ::1):
//	                                  every test run on the host
//	GATEWATCH_LAB_ONLY=lab            loopback and the documentation ranges:
//	                                  only inside the lab's own network
//	                                  namespaces (lab/), whose addresses
//	                                  are documentation ones
//
// The host's own LAN may well use a documentation range (192.0.2.0/24 on
// the development machine), so the wider level is never safe on the host.
const LabOnlyEnv = "GATEWATCH_LAB_ONLY"

// GuardLevel is how far the test guard lets probes go.
type GuardLevel int

// Guard levels, from none to the narrowest.
const (
	GuardOff      GuardLevel = iota // no guard: a real user's run
	GuardLab                        // loopback and the documentation ranges (the lab's namespaces)
	GuardLoopback                   // loopback only (tests on the host)
)

// Guard reads LabOnlyEnv. It is read on every probe rather than once, so a
// test can set it with t.Setenv. An unknown value guards loopback only:
// a typo must not widen the guard.
func Guard() GuardLevel {
	switch os.Getenv(LabOnlyEnv) {
	case "", "0":
		return GuardOff
	case "lab":
		return GuardLab
	default:
		return GuardLoopback
	}
}

// String is the guard's name in error messages.
func (g GuardLevel) String() string {
	switch g {
	case GuardOff:
		return "no"
	case GuardLab:
		return "lab-only"
	default:
		return "loopback-only"
	}
}

var docPrefixes = []netip.Prefix{
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("2001:db8::/32"),
}

// Allows reports whether the guard lets a probe send to a.
func (g GuardLevel) Allows(a netip.Addr) bool {
	a = a.Unmap()
	switch {
	case g == GuardOff:
		return true
	case a.IsLoopback():
		return true
	case g == GuardLab:
		for _, p := range docPrefixes {
			if p.Contains(a) {
				return true
			}
		}
	}
	return false
}

// ErrGuarded is matched (errors.Is) by every refusal of the test guard;
// Classify turns it into ErrGuard, which no rule reads as a network fault.
var ErrGuarded = errors.New("refused by the test guard")

// guardError is one refusal: what was not sent, and under which level.
type guardError struct {
	level GuardLevel
	what  string
}

func (e *guardError) Error() string {
	return fmt.Sprintf("%s: refused by the %s test guard (%s=%s)", e.what, e.level, LabOnlyEnv, os.Getenv(LabOnlyEnv))
}

func (e *guardError) Is(target error) bool { return target == ErrGuarded }

// guardRefuse returns the guard's refusal of what, or nil when a (the
// destination) is allowed.
func guardRefuse(a netip.Addr, what string) error {
	if g := Guard(); !g.Allows(a) {
		return &guardError{level: g, what: what}
	}
	return nil
}

// guardControl runs before every socket connect a probe makes.
func guardControl(network, address string, _ syscall.RawConn) error {
	if Guard() == GuardOff {
		return nil
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &guardError{level: Guard(), what: network + " " + address}
	}
	return guardRefuse(ap.Addr(), network+" "+address)
}

// guardLookupDial replaces the system resolver's connections while the
// guard is on. Under the loopback-only guard no name lookup leaves this
// process at all (a loopback resolver such as systemd-resolved's stub
// forwards to the real network); under the lab guard the resolver's
// address must be a lab one. /etc/hosts still answers ("localhost").
func guardLookupDial(ctx context.Context, network, address string) (net.Conn, error) {
	if Guard() == GuardLoopback {
		return nil, &guardError{level: GuardLoopback, what: "name lookup via the system resolver " + address}
	}
	rd := net.Dialer{Control: guardControl}
	return rd.DialContext(ctx, network, address)
}

// newDialer is the one dialer every probe uses: no keep-alive (each probe
// is a fresh look), and the test guard.
func newDialer() *net.Dialer {
	d := &net.Dialer{KeepAlive: -1, Control: guardControl}
	if Guard() != GuardOff {
		// Name lookups made while dialing go to the system resolver: guard
		// those packets too.
		d.Resolver = &net.Resolver{PreferGo: true, Dial: guardLookupDial}
	}
	return d
}

// pinnedDial dials with newDialer, but to pin (keeping the port) instead of
// the host in the URL when pin is valid: the request keeps its Host header
// and SNI while the connection goes to an address resolved elsewhere.
func pinnedDial(pin netip.Addr) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return pinnedDialMSS(pin, 0)
}

// pinnedDialMSS is pinnedDial with the connection's MSS clamped to mss
// (0: the system's).
func pinnedDialMSS(pin netip.Addr, mss int) func(ctx context.Context, network, addr string) (net.Conn, error) {
	dialer := clampedDialer(mss)
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
