package checks

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"syscall"

	"golang.org/x/net/route"
)

// DefaultRoutes reads the routing table from the kernel's routing socket
// (a sysctl dump, as netstat -rn does), not by running netstat on every
// network probe.
func DefaultRoutes(ctx context.Context) (defaults, split []Route, err error) {
	b, err := route.FetchRIB(syscall.AF_UNSPEC, route.RIBTypeRoute, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the routing table: %w", err)
	}
	msgs, err := route.ParseRIB(route.RIBTypeRoute, b)
	if err != nil {
		return nil, nil, fmt.Errorf("parsing the routing table: %w", err)
	}
	defaults, split = defaultsOf(routesFromMessages(msgs, interfaceNames()))
	return defaults, split, nil
}

// interfaceNames names interfaces by index, read once per table.
func interfaceNames() func(int) string {
	names := map[int]string{}
	if ifs, err := net.Interfaces(); err == nil {
		for _, it := range ifs {
			names[it.Index] = it.Name
		}
	}
	return func(i int) string { return names[i] }
}

// routesFromMessages turns a routing-socket dump into routes (ribRoute's
// rules); ifName names an interface index.
func routesFromMessages(msgs []route.Message, ifName func(int) string) []Route {
	var out []Route
	for _, m := range msgs {
		rm, ok := m.(*route.RouteMessage)
		if !ok || rm.Err != nil {
			continue
		}
		if rt, ok := ribRouteOf(rm, ifName).route(); ok {
			out = append(out, rt)
		}
	}
	return out
}

func ribRouteOf(m *route.RouteMessage, ifName func(int) string) ribRoute {
	f := m.Flags
	r := ribRoute{
		Up: f&syscall.RTF_UP != 0, Gateway: f&syscall.RTF_GATEWAY != 0, Host: f&syscall.RTF_HOST != 0,
		Reject: f&syscall.RTF_REJECT != 0, Blackhole: f&syscall.RTF_BLACKHOLE != 0, IfScope: f&syscall.RTF_IFSCOPE != 0,
		Iface: ifName(m.Index),
	}
	addr := func(i int) netip.Addr {
		if i >= len(m.Addrs) {
			return netip.Addr{}
		}
		switch a := m.Addrs[i].(type) {
		case *route.Inet4Addr:
			return netip.AddrFrom4(a.IP)
		case *route.Inet6Addr:
			ip := netip.AddrFrom16(a.IP)
			if a.ZoneID != 0 {
				if z := ifName(a.ZoneID); z != "" {
					ip = ip.WithZone(z)
				}
			}
			return ip
		}
		return netip.Addr{} // a link address: on-link
	}
	r.Dst, r.Mask, r.Gw = addr(syscall.RTAX_DST), addr(syscall.RTAX_NETMASK), addr(syscall.RTAX_GATEWAY)
	if r.Iface == "" && syscall.RTAX_GATEWAY < len(m.Addrs) {
		// Routes the kernel cloned for a link may name it only there.
		if la, ok := m.Addrs[syscall.RTAX_GATEWAY].(*route.LinkAddr); ok {
			r.Iface = la.Name
		}
	}
	return r
}
