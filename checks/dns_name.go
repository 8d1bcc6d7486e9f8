package checks

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

// queryName validates a host name and returns it lower-case, in ASCII and
// fully qualified. ASCII labels are checked here rather than by IDNA's
// lookup profile, which rejects real host names such as "r3---sn-x" and
// "_dmarc"; only labels with other characters go through IDNA.
func queryName(host string) (string, error) {
	h := strings.TrimSuffix(host, ".")
	if h == "" {
		return "", fmt.Errorf("invalid host name %q: empty", host)
	}
	labels := strings.Split(h, ".")
	for i, l := range labels {
		if isASCII(l) {
			labels[i] = strings.ToLower(l)
			continue
		}
		a, err := idna.Lookup.ToASCII(l)
		if err != nil {
			return "", fmt.Errorf("invalid host name %q: %w", host, err)
		}
		labels[i] = a
	}
	// IDNA maps ideographic and full-width dots to ".": split again.
	name := strings.Join(labels, ".")
	for _, l := range strings.Split(name, ".") {
		if l == "" {
			return "", fmt.Errorf("invalid host name %q: empty label", host)
		}
		if len(l) > 63 {
			return "", fmt.Errorf("invalid host name %q: label longer than 63 characters", host)
		}
		for _, r := range l {
			if !(r == '-' || r == '_' || (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9')) {
				return "", fmt.Errorf("invalid host name %q: it contains %q", host, r)
			}
		}
	}
	if len(name) > 253 {
		return "", fmt.Errorf("invalid host name %q: longer than 253 characters", host)
	}
	return name + ".", nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// parseServer accepts "ip", "ip:port", "[v6]" and "[v6]:port" (port 53 when
// absent) and returns the address to send to. Names are refused: looking
// one up would send a query to a resolver nobody chose.
func parseServer(s string) (netip.AddrPort, error) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		if ap.Port() == 0 {
			return netip.AddrPort{}, fmt.Errorf("resolver %q: port 0", s)
		}
		return ap, nil
	}
	bare := s
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		bare = s[1 : len(s)-1]
	}
	if a, err := netip.ParseAddr(bare); err == nil {
		return netip.AddrPortFrom(a, 53), nil
	}
	if h, p, ok := strings.Cut(s, ":"); ok && !strings.Contains(p, ":") {
		if _, err := strconv.Atoi(p); err == nil {
			return netip.AddrPort{}, fmt.Errorf("resolver %q: %q is not an IP address", s, h)
		}
	}
	return netip.AddrPort{}, fmt.Errorf("resolver %q is not an IP address or IP:port", s)
}
