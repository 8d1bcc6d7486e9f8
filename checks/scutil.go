package checks

import (
	"bufio"
	"bytes"
	"net"
	"net/netip"
	"strings"
)

// ParseScutilDNS reads the nameservers of the default resolvers from
// macOS `scutil --dns` output. Scoped and per-domain resolvers (those with
// a "domain" line, such as VPN split DNS or mDNS "local") are skipped:
// they do not answer for public names.
func ParseScutilDNS(data []byte) []string {
	var out []string
	var cur []string
	scoped := false
	flush := func() {
		if !scoped {
			for _, s := range cur {
				if !containsStr(out, s) && len(out) < 8 {
					out = append(out, s)
				}
			}
		}
		cur, scoped = nil, false
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	inScoped := false
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "DNS configuration (for scoped queries)"):
			flush()
			inScoped = true
		case strings.HasPrefix(line, "DNS configuration"):
			flush()
			inScoped = false
		case strings.HasPrefix(line, "resolver #"):
			flush()
			scoped = inScoped
		case strings.HasPrefix(line, "domain"):
			scoped = true
		case strings.HasPrefix(line, "nameserver["):
			_, v, ok := strings.Cut(line, ":")
			if !ok {
				continue
			}
			if a, err := netip.ParseAddr(strings.TrimSpace(v)); err == nil {
				cur = append(cur, net.JoinHostPort(a.String(), "53"))
			}
		}
	}
	flush()
	return out
}
