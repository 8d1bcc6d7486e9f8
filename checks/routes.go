package checks

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// Route flags shared by Linux's /proc/net/route and /proc/net/ipv6_route.
const (
	rtfUp      = 0x0001
	rtfGateway = 0x0002
	rtfReject  = 0x0200
)

// maxRouteLineErrs caps how many bad lines one parse reports.
const maxRouteLineErrs = 3

// splitPrefixes are the routes VPN clients install to take all traffic
// without deleting the default route: being more specific, they win.
// OpenVPN's def1 uses the two IPv4 halves and 2000::/4 + 3000::/4.
var splitPrefixes = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/1"),
	netip.MustParsePrefix("128.0.0.0/1"),
	netip.MustParsePrefix("::/1"),
	netip.MustParsePrefix("8000::/1"),
	netip.MustParsePrefix("2000::/3"),
	netip.MustParsePrefix("2000::/4"),
	netip.MustParsePrefix("3000::/4"),
}

// defaultsOf picks the default and split-default routes, lowest metric
// first (ties keep table order).
func defaultsOf(routes []Route) (defaults, split []Route) {
	for _, r := range routes {
		switch {
		case r.Dst.IsValid() && r.Dst.Bits() == 0:
			defaults = append(defaults, r)
		case slices.Contains(splitPrefixes, r.Dst):
			split = append(split, r)
		}
	}
	byMetric := func(a, b Route) int { return cmp.Compare(a.Metric, b.Metric) }
	slices.SortStableFunc(defaults, byMetric)
	slices.SortStableFunc(split, byMetric)
	return defaults, split
}

// lineErrs collects a few malformed lines: one odd line should not hide
// the rest of the table, nor vanish silently.
type lineErrs struct {
	errs  []error
	extra int
}

func (l *lineErrs) add(line int, err error) {
	if len(l.errs) >= maxRouteLineErrs {
		l.extra++
		return
	}
	l.errs = append(l.errs, fmt.Errorf("line %d: %w", line, err))
}

func (l *lineErrs) err(what string) error {
	if len(l.errs) == 0 {
		return nil
	}
	if l.extra > 0 {
		l.errs = append(l.errs, fmt.Errorf("and %d more bad lines", l.extra))
	}
	return fmt.Errorf("%s: %w", what, errors.Join(l.errs...))
}

// parseProcNetRoute parses Linux's /proc/net/route (IPv4, main table).
// The kernel prints each network-order address as a host-order integer, so
// order must be the byte order of the machine that wrote the file.
func parseProcNetRoute(r io.Reader, order binary.ByteOrder) ([]Route, error) {
	sc := bufio.NewScanner(r)
	if !sc.Scan() {
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("read /proc/net/route: %w", err)
		}
		return nil, errors.New("/proc/net/route: empty")
	}
	col := map[string]int{}
	for i, f := range strings.Fields(sc.Text()) {
		col[f] = i
	}
	need := []string{"Iface", "Destination", "Gateway", "Flags", "Metric", "Mask"}
	width := 0
	for _, n := range need {
		i, ok := col[n]
		if !ok {
			return nil, fmt.Errorf("/proc/net/route: no %s column in header", n)
		}
		width = max(width, i+1)
	}
	var (
		routes []Route
		bad    lineErrs
	)
	for line := 2; sc.Scan(); line++ {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		if len(f) < width {
			bad.add(line, fmt.Errorf("%d fields, want %d", len(f), width))
			continue
		}
		rt, ok, err := procRouteV4(f[col["Iface"]], f[col["Destination"]], f[col["Gateway"]],
			f[col["Flags"]], f[col["Metric"]], f[col["Mask"]], order)
		if err != nil {
			bad.add(line, err)
			continue
		}
		if ok {
			routes = append(routes, rt)
		}
	}
	if err := sc.Err(); err != nil {
		return routes, fmt.Errorf("read /proc/net/route: %w", err)
	}
	return routes, bad.err("/proc/net/route")
}

func procRouteV4(iface, dst, gw, flags, metric, mask string, order binary.ByteOrder) (Route, bool, error) {
	fl, err := strconv.ParseUint(flags, 16, 32)
	if err != nil {
		return Route{}, false, fmt.Errorf("flags %q: %w", flags, err)
	}
	if fl&rtfUp == 0 || fl&rtfReject != 0 {
		return Route{}, false, nil
	}
	d, err := hexAddr4(dst, order)
	if err != nil {
		return Route{}, false, fmt.Errorf("destination: %w", err)
	}
	m, err := hexAddr4(mask, order)
	if err != nil {
		return Route{}, false, fmt.Errorf("mask: %w", err)
	}
	ones, ok := maskBits(m.As4())
	if !ok {
		return Route{}, false, fmt.Errorf("mask %s is not contiguous", m)
	}
	g, err := hexAddr4(gw, order)
	if err != nil {
		return Route{}, false, fmt.Errorf("gateway: %w", err)
	}
	met, err := strconv.ParseInt(metric, 10, 64)
	if err != nil {
		return Route{}, false, fmt.Errorf("metric %q: %w", metric, err)
	}
	rt := Route{Interface: iface, Dst: netip.PrefixFrom(d, ones).Masked(), Metric: clampMetric(met)}
	if fl&rtfGateway != 0 && !g.IsUnspecified() {
		rt.Gateway = g
	}
	return rt, true, nil
}

func hexAddr4(s string, order binary.ByteOrder) (netip.Addr, error) {
	if len(s) != 8 {
		return netip.Addr{}, fmt.Errorf("%q is not 8 hex digits", s)
	}
	v, err := strconv.ParseUint(s, 16, 32)
	if err != nil {
		return netip.Addr{}, fmt.Errorf("%q: %w", s, err)
	}
	var b [4]byte
	order.PutUint32(b[:], uint32(v))
	return netip.AddrFrom4(b), nil
}

// maskBits returns the prefix length of a contiguous netmask.
func maskBits(m [4]byte) (int, bool) {
	v := binary.BigEndian.Uint32(m[:])
	ones := bits.LeadingZeros32(^v)
	return ones, ones == 32 || v == ^(^uint32(0)>>ones)
}

func clampMetric(v int64) int {
	return int(min(max(v, 0), math.MaxInt32))
}

// parseProcIPv6Route parses Linux's /proc/net/ipv6_route: no header, ten
// columns, addresses as 32 hex digits in network order.
func parseProcIPv6Route(r io.Reader) ([]Route, error) {
	sc := bufio.NewScanner(r)
	var (
		routes []Route
		bad    lineErrs
	)
	for line := 1; sc.Scan(); line++ {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		if len(f) < 10 {
			bad.add(line, fmt.Errorf("%d fields, want 10", len(f)))
			continue
		}
		rt, ok, err := procRouteV6(f)
		if err != nil {
			bad.add(line, err)
			continue
		}
		if ok {
			routes = append(routes, rt)
		}
	}
	if err := sc.Err(); err != nil {
		return routes, fmt.Errorf("read /proc/net/ipv6_route: %w", err)
	}
	return routes, bad.err("/proc/net/ipv6_route")
}

func procRouteV6(f []string) (Route, bool, error) {
	fl, err := strconv.ParseUint(f[8], 16, 32)
	if err != nil {
		return Route{}, false, fmt.Errorf("flags %q: %w", f[8], err)
	}
	if fl&rtfUp == 0 || fl&rtfReject != 0 {
		return Route{}, false, nil
	}
	dst, err := hexAddr6(f[0])
	if err != nil {
		return Route{}, false, fmt.Errorf("destination: %w", err)
	}
	plen, err := strconv.ParseUint(f[1], 16, 8)
	if err != nil || plen > 128 {
		return Route{}, false, fmt.Errorf("prefix length %q invalid", f[1])
	}
	gw, err := hexAddr6(f[4])
	if err != nil {
		return Route{}, false, fmt.Errorf("next hop: %w", err)
	}
	met, err := strconv.ParseUint(f[5], 16, 32)
	if err != nil {
		return Route{}, false, fmt.Errorf("metric %q: %w", f[5], err)
	}
	iface := f[9]
	rt := Route{Interface: iface, Dst: netip.PrefixFrom(dst, int(plen)).Masked(), Metric: clampMetric(int64(met))}
	if fl&rtfGateway != 0 && !gw.IsUnspecified() {
		if gw.IsLinkLocalUnicast() {
			// Without its zone a link-local next hop cannot be dialled.
			gw = gw.WithZone(iface)
		}
		rt.Gateway = gw
	}
	return rt, true, nil
}

func hexAddr6(s string) (netip.Addr, error) {
	if len(s) != 32 {
		return netip.Addr{}, fmt.Errorf("%q is not 32 hex digits", s)
	}
	var b [16]byte
	if _, err := hex.Decode(b[:], []byte(s)); err != nil {
		return netip.Addr{}, fmt.Errorf("%q: %w", s, err)
	}
	return netip.AddrFrom16(b), nil
}
