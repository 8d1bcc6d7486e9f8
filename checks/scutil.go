package checks

import (
	"bufio"
	"bytes"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// scutilResolver is one "resolver #N" block of `scutil --dns`.
type scutilResolver struct {
	servers []netip.Addr
	port    uint16
	domain  bool // answers only for one domain (VPN split DNS, mDNS "local")
	scoped  bool // from the "for scoped queries" section: bound to one interface
}

// ParseScutilDNS returns the nameservers of macOS's default resolvers from
// `scutil --dns` output, as "ip:port". Resolvers with a "domain" line (VPN
// split DNS, mDNS "local", reverse zones) are skipped: they do not answer
// for public names. The scoped section, which mostly repeats the default
// resolvers per interface, is used only when there is no default resolver.
func ParseScutilDNS(data []byte) []string {
	var all []scutilResolver
	var cur *scutilResolver
	scoped := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "DNS configuration"):
			scoped = strings.Contains(line, "scoped")
			cur = nil
			continue
		case strings.HasPrefix(line, "resolver #"):
			all = append(all, scutilResolver{scoped: scoped, port: 53})
			cur = &all[len(all)-1]
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok || cur == nil {
			continue
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		switch {
		case key == "domain":
			cur.domain = true
		case key == "port":
			if p, err := strconv.ParseUint(val, 10, 16); err == nil && p > 0 {
				cur.port = uint16(p)
			}
		case strings.HasPrefix(key, "nameserver["):
			if a, err := netip.ParseAddr(val); err == nil {
				cur.servers = append(cur.servers, a)
			}
		}
	}
	// A scanner error (a line over 64 KiB) ends the parse; what was read
	// before it is still the best answer there is.
	pick := func(scoped bool) []string {
		var out []string
		for _, r := range all {
			if r.scoped != scoped || r.domain {
				continue
			}
			for _, a := range r.servers {
				s := netip.AddrPortFrom(a, r.port).String()
				if !slices.Contains(out, s) && len(out) < maxServers {
					out = append(out, s)
				}
			}
		}
		return out
	}
	if out := pick(false); len(out) > 0 {
		return out
	}
	return pick(true)
}
