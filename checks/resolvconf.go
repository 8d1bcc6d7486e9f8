package checks

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"net/netip"
	"strings"
)

// ParseResolvConf reads the nameserver and search lines of a resolv.conf.
// Servers come back as "ip:port"; IPv6 zone suffixes are kept.
func ParseResolvConf(data []byte) (servers []string, search []string, err error) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		f := strings.Fields(line)
		switch f[0] {
		case "nameserver":
			if len(f) < 2 {
				continue
			}
			a, perr := netip.ParseAddr(f[1])
			if perr != nil {
				continue // glibc ignores what it cannot parse; so do we
			}
			s := net.JoinHostPort(a.String(), "53")
			if !containsStr(servers, s) && len(servers) < 8 {
				servers = append(servers, s)
			}
		case "search", "domain":
			search = append(search[:0], f[1:]...)
		}
	}
	if err := sc.Err(); err != nil {
		return servers, search, fmt.Errorf("reading resolv.conf: %w", err)
	}
	return servers, search, nil
}

// isStub reports the systemd-resolved stub listener.
func isStub(servers []string) bool {
	return len(servers) == 1 && (servers[0] == "127.0.0.53:53" || servers[0] == "127.0.0.54:53")
}

func containsStr(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
