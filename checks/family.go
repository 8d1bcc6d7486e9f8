package checks

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"time"
)

// DefaultFamilyTimeout bounds one family's handshake: a working path
// answers in one round trip, and a family that drops packets (a broken
// IPv6) must not hold up the diagnosis; browsers fall back from IPv6 to
// IPv4 after about as long.
const DefaultFamilyTimeout = 1500 * time.Millisecond

// FamilyProbe is one TCP handshake with one internet host over one
// address family: whether IPv4 and IPv6 each get through, told apart.
type FamilyProbe struct {
	Host    string     // who was tried: a canary's host or the site's
	Addr    netip.Addr // the address tried, whose family this is about
	OK      bool       // the handshake completed (or was refused: the host answered)
	Err     ErrKind
	Detail  string
	Elapsed time.Duration
}

// Family is 4 or 6.
func (p FamilyProbe) Family() int { return AddrFamily(p.Addr) }

// AddrFamily is 4 for an IPv4 (or IPv4-mapped) address, 6 for an IPv6
// one, 0 for an invalid one.
func AddrFamily(a netip.Addr) int {
	switch {
	case a.Unmap().Is4():
		return 4
	case a.Is6():
		return 6
	}
	return 0
}

// FirstOfEachFamily picks the first IPv4 and the first IPv6 address of
// addrs: one of each is enough to tell whether a family works.
func FirstOfEachFamily(addrs []netip.Addr) []netip.Addr {
	var v4, v6 netip.Addr
	for _, a := range addrs {
		switch {
		case AddrFamily(a) == 4 && !v4.IsValid():
			v4 = a.Unmap()
		case AddrFamily(a) == 6 && !v6.IsValid():
			v6 = a
		}
	}
	var out []netip.Addr
	for _, a := range []netip.Addr{v4, v6} {
		if a.IsValid() {
			out = append(out, a)
		}
	}
	return out
}

// Handshake makes one TCP connection to addr:port within timeout
// (DefaultFamilyTimeout when 0) and closes it. A refusal counts as
// reached: the host answered over that family.
func Handshake(ctx context.Context, host string, addr netip.Addr, port string, timeout time.Duration) FamilyProbe {
	if timeout <= 0 {
		timeout = DefaultFamilyTimeout
	}
	start := time.Now()
	p := FamilyProbe{Host: host, Addr: addr}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	target := net.JoinHostPort(addr.String(), port)
	c, err := newDialer().DialContext(ctx, "tcp", target)
	p.Elapsed = time.Since(start)
	p.Err = Classify(err)
	switch {
	case err == nil:
		c.Close()
		p.OK, p.Err = true, ErrNone
		p.Detail = fmt.Sprintf("%s over IPv%d: tcp %s answered in %s", host, p.Family(), target, roundMS(p.Elapsed))
	case p.Err == ErrRefused:
		p.OK = true
		p.Detail = fmt.Sprintf("%s over IPv%d: tcp %s refused (the host answered)", host, p.Family(), target)
	default:
		p.Detail = fmt.Sprintf("%s over IPv%d: tcp %s: no answer (%s) after %s", host, p.Family(), target, p.Err, roundMS(p.Elapsed))
	}
	return p
}
