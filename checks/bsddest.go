package checks

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// bsdDestination reads the BSDs' compact network notation, as netstat
// prints destinations and macOS writes its proxy bypass list: "default",
// "10/8", "192.168.1" (three octets: a /24), "128.0/1", "fe80::%lo0/64",
// "::1". Without a length an IPv4 network's length is implied by how many
// octets are written; a host route is a full address.
func bsdDestination(s string, host, v6 bool) (netip.Prefix, error) {
	if s == "default" {
		if v6 {
			return netip.PrefixFrom(netip.IPv6Unspecified(), 0), nil
		}
		return netip.PrefixFrom(netip.IPv4Unspecified(), 0), nil
	}
	addr, lenStr, hasLen := strings.Cut(s, "/")
	if i := strings.IndexByte(addr, '%'); i >= 0 {
		addr = addr[:i]
	}
	var (
		a    netip.Addr
		bits int
	)
	if strings.Contains(addr, ":") {
		var err error
		if a, err = netip.ParseAddr(addr); err != nil {
			return netip.Prefix{}, fmt.Errorf("destination %q: %w", s, err)
		}
		bits = 128
	} else {
		octets := strings.Split(addr, ".")
		if len(octets) > 4 {
			return netip.Prefix{}, fmt.Errorf("destination %q: too many octets", s)
		}
		var b [4]byte
		for i, o := range octets {
			v, err := strconv.ParseUint(o, 10, 8)
			if err != nil {
				return netip.Prefix{}, fmt.Errorf("destination %q: %w", s, err)
			}
			b[i] = byte(v)
		}
		a = netip.AddrFrom4(b)
		bits = 8 * len(octets)
		if host {
			bits = 32
		}
	}
	if hasLen {
		n, err := strconv.Atoi(lenStr)
		if err != nil || n < 0 || n > a.BitLen() {
			return netip.Prefix{}, fmt.Errorf("destination %q: bad prefix length", s)
		}
		bits = n
	}
	return netip.PrefixFrom(a, bits).Masked(), nil
}
