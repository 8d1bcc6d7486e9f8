package checks

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strings"
	"time"
)

// Interface is one network interface as the OS reports it.
type Interface struct {
	Name         string
	Index        int
	Up           bool // administratively up
	Running      bool // carrier present (net.FlagRunning)
	Loopback     bool
	PointToPoint bool
	MTU          int
	Addrs        []netip.Prefix
}

// Route is one routing table entry.
type Route struct {
	Interface string
	Gateway   netip.Addr // invalid when the destination is on-link
	Dst       netip.Prefix
	Metric    int
}

// LinkResult is the local side of connectivity: is any interface connected,
// and does the routing table send traffic anywhere.
type LinkResult struct {
	Interfaces    []Interface
	Usable        []string // up, running, non-loopback, with a routable unicast address
	LinkLocalOnly []string // up, running, non-loopback, with only link-local addresses (169.254/16, fe80::/10)
	DefaultRoutes []Route  // 0.0.0.0/0 and ::/0
	SplitRoutes   []Route  // routes VPNs use to override the default without replacing it, e.g. 0.0.0.0/1 + 128.0.0.0/1
	RouteErr      string
	Detail        string // one human line
	Elapsed       time.Duration
}

// OK reports a usable interface and somewhere to send traffic to.
func (r LinkResult) OK() bool {
	return len(r.Usable) > 0 && (len(r.DefaultRoutes) > 0 || len(r.SplitRoutes) > 0)
}

// Link lists interfaces and the default routes. It sends no packets.
func Link(ctx context.Context) LinkResult {
	start := time.Now()
	var res LinkResult
	ifaces, err := linkInterfaces()
	if err != nil {
		res.Detail = fmt.Sprintf("cannot list network interfaces: %v", err)
		res.Elapsed = time.Since(start)
		return res
	}
	res.Interfaces = ifaces
	res.Usable = usableInterfaces(ifaces)
	res.LinkLocalOnly = linkLocalOnly(ifaces)
	defaults, split, err := DefaultRoutes(ctx)
	if err != nil {
		res.RouteErr = err.Error()
	}
	res.DefaultRoutes, res.SplitRoutes = defaults, split
	res.Detail = linkDetail(ifaces, res.Usable, defaults, split, res.RouteErr)
	res.Elapsed = time.Since(start)
	return res
}

// interfaces converts the stdlib view, keeping addresses as prefixes so the
// subnet is visible in the detail line.
func linkInterfaces() ([]Interface, error) {
	nifs, err := net.Interfaces()
	if err != nil {
		return nil, fmt.Errorf("list interfaces: %w", err)
	}
	out := make([]Interface, 0, len(nifs))
	for _, ni := range nifs {
		it := Interface{
			Name:         ni.Name,
			Index:        ni.Index,
			Up:           ni.Flags&net.FlagUp != 0,
			Running:      ni.Flags&net.FlagRunning != 0,
			Loopback:     ni.Flags&net.FlagLoopback != 0,
			PointToPoint: ni.Flags&net.FlagPointToPoint != 0,
			MTU:          ni.MTU,
		}
		// An interface that vanished between the two calls has no
		// addresses; that is not worth failing the whole probe for.
		addrs, _ := ni.Addrs()
		for _, a := range addrs {
			if p, ok := ipNetPrefix(a); ok {
				it.Addrs = append(it.Addrs, p)
			}
		}
		out = append(out, it)
	}
	return out, nil
}

func ipNetPrefix(a net.Addr) (netip.Prefix, bool) {
	ipn, ok := a.(*net.IPNet)
	if !ok {
		return netip.Prefix{}, false
	}
	ip, ok := netip.AddrFromSlice(ipn.IP)
	if !ok {
		return netip.Prefix{}, false
	}
	ip = ip.Unmap()
	ones, bits := ipn.Mask.Size()
	if bits == 0 { // non-canonical mask: keep the address alone
		ones = ip.BitLen()
	} else if bits == 128 && ip.Is4() {
		ones -= 96
	}
	return netip.PrefixFrom(ip, ones), true
}

// routableAddr is an address other hosts could answer to: not loopback,
// link-local, multicast or unspecified. Private ranges count: a LAN
// address behind NAT is how most users reach the internet.
func routableAddr(a netip.Addr) bool {
	return a.IsGlobalUnicast()
}

func usableInterfaces(ifaces []Interface) []string {
	var out []string
	for _, it := range ifaces {
		if !it.Up || !it.Running || it.Loopback {
			continue
		}
		for _, p := range it.Addrs {
			if routableAddr(p.Addr()) {
				out = append(out, it.Name)
				break
			}
		}
	}
	return out
}

// linkDetail says the one thing a user needs first: what is connected and
// where traffic goes, or the first missing piece.
func linkDetail(ifaces []Interface, usable []string, defaults, split []Route, routeErr string) string {
	if len(usable) == 0 {
		var up, running []string
		for _, it := range ifaces {
			if it.Loopback || !it.Up {
				continue
			}
			up = append(up, it.Name)
			if it.Running {
				running = append(running, it.Name)
			}
		}
		switch {
		case len(up) == 0:
			return "no network interface is up"
		case len(running) == 0:
			return "no interface has a carrier"
		default:
			if ll := linkLocalAddrs(ifaces, running); len(ll) > 0 {
				return fmt.Sprintf("%s has a carrier but only the self-assigned link-local %s: no address came from DHCP", strings.Join(running, ", "), strings.Join(ll, ", "))
			}
			return fmt.Sprintf("%s has a carrier but no address", strings.Join(running, ", "))
		}
	}
	name := usable[0]
	var via []string
	if len(defaults) > 0 {
		d := defaults[0]
		for _, r := range defaults { // IPv4 first: it is what most sites are reached by
			if r.Dst.Addr().Is4() {
				d = r
				break
			}
		}
		if slices.Contains(usable, d.Interface) {
			name = d.Interface
		}
		via = append(via, "default via "+routeVia(d, name))
	}
	if len(split) > 0 {
		if len(defaults) == 0 && slices.Contains(usable, split[0].Interface) {
			name = split[0].Interface
		}
		// Two /1 routes beat the /0 one: this is where traffic really goes.
		via = append(via, "split default via "+routeVia(split[0], name))
	}
	if len(via) == 0 {
		if routeErr != "" {
			via = append(via, "routes unknown: "+routeErr)
		} else {
			via = append(via, "no default route")
		}
	}
	parts := []string{name + " up"}
	for _, it := range ifaces {
		if it.Name != name {
			continue
		}
		for _, p := range it.Addrs {
			if routableAddr(p.Addr()) {
				parts = append(parts, p.String())
				break
			}
		}
	}
	parts = append(parts, via...)
	return strings.Join(parts, ", ")
}

// routeVia names the next hop, and the interface only when it is not the
// one the line already starts with.
func routeVia(r Route, described string) string {
	if r.Gateway.IsValid() {
		if r.Interface != "" && r.Interface != described {
			return r.Gateway.String() + " (" + r.Interface + ")"
		}
		return r.Gateway.String()
	}
	return r.Interface
}
