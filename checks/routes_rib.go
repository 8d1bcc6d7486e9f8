package checks

import (
	"math/bits"
	"net/netip"
)

// ribRoute is one route of a BSD routing-socket dump (what macOS's netstat
// -rn prints), reduced to what DefaultRoutes needs. routes_darwin.go fills
// it from golang.org/x/net/route, which builds only on the BSDs; the rules
// that turn it into a Route are here, so they are tested on every OS.
type ribRoute struct {
	// Flags, from the message's RTF_ bits.
	Up, Gateway, Host, Reject, Blackhole, IfScope bool
	Iface                                         string
	// Dst and Mask are the destination and netmask addresses; Mask is
	// invalid when the message carries none.
	Dst, Mask netip.Addr
	// Gw is the gateway when it is an address (invalid for link#N or a
	// MAC address: an on-link route).
	Gw netip.Addr
}

// route is the Route r describes. Routes that are down, rejecting,
// blackholes or interface-scoped are left out (false): the first three
// carry nothing and scoped ones serve only sockets bound to their
// interface (netstat's I flag), so a scoped default is not the default.
func (r ribRoute) route() (Route, bool) {
	if !r.Up || r.Reject || r.Blackhole || r.IfScope || !r.Dst.IsValid() {
		return Route{}, false
	}
	dst := r.Dst.WithZone("")
	n := dst.BitLen()
	switch {
	case r.Host:
	case r.Mask.IsValid():
		if r.Mask.BitLen() != n {
			return Route{}, false
		}
		n = maskOnes(r.Mask)
	case dst.IsUnspecified():
		n = 0 // a default without a netmask
	}
	rt := Route{Interface: r.Iface, Dst: netip.PrefixFrom(dst, n).Masked()}
	if r.Gateway && r.Gw.IsValid() {
		rt.Gateway = r.Gw
	}
	return rt, true
}

// maskOnes is the prefix length of a netmask: its leading one bits (a
// non-contiguous mask, which no one sets, counts up to its first hole).
func maskOnes(m netip.Addr) int {
	n := 0
	for _, b := range m.AsSlice() {
		if b != 0xff {
			return n + bits.LeadingZeros8(^b)
		}
		n += 8
	}
	return n
}
