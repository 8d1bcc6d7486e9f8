package checks

import (
	"bufio"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// parseNetstatRoutes parses the routing table printed by macOS's
// `netstat -rn` (optionally -f inet or -f inet6). Columns are located by
// the header because macOS versions differ (older ones print Refs and Use).
// Rejecting, blackhole and interface-scoped (I) routes are left out: the
// first two carry nothing and scoped ones serve only sockets bound to
// their interface.
func parseNetstatRoutes(out string) ([]Route, error) {
	var (
		routes          []Route
		bad             lineErrs
		v6              bool
		flagsCol, ifCol = -1, -1
		headerSeen      bool
	)
	sc := bufio.NewScanner(strings.NewReader(out))
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		switch {
		case text == "":
			continue
		case text == "Internet:":
			v6, flagsCol, ifCol = false, -1, -1
			continue
		case text == "Internet6:":
			v6, flagsCol, ifCol = true, -1, -1
			continue
		case strings.HasPrefix(text, "Destination"):
			flagsCol, ifCol = -1, -1
			for i, h := range strings.Fields(text) {
				switch h {
				case "Flags":
					flagsCol = i
				case "Netif":
					ifCol = i
				}
			}
			if flagsCol < 2 || ifCol < 0 {
				return routes, fmt.Errorf("netstat: line %d: header without Flags or Netif: %q", line, text)
			}
			headerSeen = true
			continue
		}
		if flagsCol < 0 {
			continue // title lines such as "Routing tables"
		}
		f := strings.Fields(text)
		if len(f) <= max(flagsCol, ifCol) {
			bad.add(line, fmt.Errorf("%d fields, want at least %d", len(f), max(flagsCol, ifCol)+1))
			continue
		}
		rt, ok, err := netstatRoute(f[0], f[1], f[flagsCol], f[ifCol], v6)
		if err != nil {
			bad.add(line, err)
			continue
		}
		if ok {
			routes = append(routes, rt)
		}
	}
	if err := sc.Err(); err != nil {
		return routes, fmt.Errorf("read netstat output: %w", err)
	}
	if !headerSeen {
		return routes, errors.New("netstat: no routing table header in output")
	}
	return routes, bad.err("netstat")
}

func netstatRoute(dst, gw, flags, iface string, v6 bool) (Route, bool, error) {
	if !strings.Contains(flags, "U") || strings.ContainsAny(flags, "RBI") {
		return Route{}, false, nil
	}
	p, err := bsdDestination(dst, strings.Contains(flags, "H"), v6)
	if err != nil {
		return Route{}, false, err
	}
	rt := Route{Interface: iface, Dst: p}
	if strings.Contains(flags, "G") {
		// "link#4" or a MAC address means on-link: no gateway.
		if a, err := netip.ParseAddr(gw); err == nil {
			rt.Gateway = a
		}
	}
	return rt, true, nil
}

// bsdDestination reads netstat's compact destinations: "default",
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

// parseRouteGet reads `route -n get default` (or `route -n get -inet6
// default`). It reports false when the system has no such route.
func parseRouteGet(out string, v6 bool) (Route, bool) {
	fields := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		k = strings.TrimSpace(k)
		if _, dup := fields[k]; !dup {
			fields[k] = strings.TrimSpace(v)
		}
	}
	iface := fields["interface"]
	if iface == "" || fields["destination"] != "default" {
		return Route{}, false
	}
	dst, _ := bsdDestination("default", false, v6)
	rt := Route{Interface: iface, Dst: dst}
	if strings.Contains(fields["flags"], "GATEWAY") {
		if a, err := netip.ParseAddr(fields["gateway"]); err == nil {
			rt.Gateway = a
		}
	}
	return rt, true
}
