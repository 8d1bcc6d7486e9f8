package checks

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"unsafe"

	"golang.org/x/sys/windows"
)

// DefaultRoutes reads the IP forwarding table through iphlpapi. Metrics
// are the route's own; Windows adds the interface metric when choosing.
func DefaultRoutes(ctx context.Context) (defaults, split []Route, err error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, fmt.Errorf("read routes: %w", err)
	}
	var table *windows.MibIpForwardTable2
	if err := windows.GetIpForwardTable2(windows.AF_UNSPEC, &table); err != nil {
		return nil, nil, fmt.Errorf("GetIpForwardTable2: %w", err)
	}
	defer windows.FreeMibTable(unsafe.Pointer(table))
	names := map[uint32]string{}
	var routes []Route
	for _, row := range table.Rows() {
		if row.Loopback != 0 {
			continue
		}
		dst, ok := winSockaddr(&row.DestinationPrefix.Prefix)
		if !ok || int(row.DestinationPrefix.PrefixLength) > dst.BitLen() {
			continue
		}
		name, seen := names[row.InterfaceIndex]
		if !seen {
			if ni, err := net.InterfaceByIndex(int(row.InterfaceIndex)); err == nil {
				name = ni.Name
			}
			names[row.InterfaceIndex] = name
		}
		rt := Route{
			Interface: name,
			Dst:       netip.PrefixFrom(dst, int(row.DestinationPrefix.PrefixLength)).Masked(),
			Metric:    clampMetric(int64(row.Metric)),
		}
		if gw, ok := winSockaddr(&row.NextHop); ok && !gw.IsUnspecified() {
			rt.Gateway = gw
		}
		routes = append(routes, rt)
	}
	defaults, split = defaultsOf(routes)
	return defaults, split, nil
}

// winSockaddr reads the address out of a SOCKADDR_INET union.
func winSockaddr(sa *windows.RawSockaddrInet) (netip.Addr, bool) {
	switch sa.Family {
	case windows.AF_INET:
		s4 := (*windows.RawSockaddrInet4)(unsafe.Pointer(sa))
		return netip.AddrFrom4(s4.Addr), true
	case windows.AF_INET6:
		s6 := (*windows.RawSockaddrInet6)(unsafe.Pointer(sa))
		a := netip.AddrFrom16(s6.Addr)
		if a.IsLinkLocalUnicast() && s6.Scope_id != 0 {
			if ni, err := net.InterfaceByIndex(int(s6.Scope_id)); err == nil {
				a = a.WithZone(ni.Name)
			}
		}
		return a, true
	}
	return netip.Addr{}, false
}
