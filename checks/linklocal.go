package checks

import (
	"net/netip"
	"slices"
	"strings"
)

// A link-local address is what an interface has when it is connected but
// got no address from the network: Windows and macOS give themselves a
// 169.254.x.y after DHCP goes unanswered, and every IPv6 interface has an
// fe80:: one of its own. With nothing else on it, the interface can reach
// only its own cable.
var linkLocal4 = netip.MustParsePrefix("169.254.0.0/16")

func linkLocalAddr(a netip.Addr) bool {
	return linkLocal4.Contains(a) || (a.Is6() && a.IsLinkLocalUnicast())
}

// virtualIface names interfaces that only ever carry link-local addresses
// on the host side by design (container veth pairs), which say nothing
// about the user's connection.
func virtualIface(name string) bool {
	return strings.HasPrefix(name, "veth")
}

// linkLocalOnly lists the connected interfaces (up, carrier, not loopback or
// point-to-point) whose every address is link-local: connected to a network
// that handed out no address (DHCP failed).
func linkLocalOnly(ifaces []Interface) []string {
	var out []string
	for _, it := range ifaces {
		if !it.Up || !it.Running || it.Loopback || it.PointToPoint || virtualIface(it.Name) || len(it.Addrs) == 0 {
			continue
		}
		only := true
		for _, p := range it.Addrs {
			if !linkLocalAddr(p.Addr()) {
				only = false
				break
			}
		}
		if only {
			out = append(out, it.Name)
		}
	}
	return out
}

// linkLocalAddrs lists the link-local addresses (with their prefix) of the
// named interfaces, for the detail line.
func linkLocalAddrs(ifaces []Interface, names []string) []string {
	var out []string
	for _, it := range ifaces {
		if !slices.Contains(names, it.Name) {
			continue
		}
		for _, p := range it.Addrs {
			if linkLocalAddr(p.Addr()) {
				out = append(out, p.String())
			}
		}
	}
	return out
}

// NoAddress reports the DHCP failure: an interface is connected with only
// link-local addresses, and there is no route out (neither a default nor a
// VPN's split default). A route error leaves it unknown, so false.
func (r LinkResult) NoAddress() bool {
	return len(r.LinkLocalOnly) > 0 && len(r.DefaultRoutes) == 0 && len(r.SplitRoutes) == 0 && r.RouteErr == ""
}
