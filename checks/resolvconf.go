package checks

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"net/netip"
	"os"
	"slices"
	"strings"
)

const (
	// resolvMaxNS is glibc's and musl's MAXNS: nameservers after the
	// third are never asked, so a broken fourth one is no one's problem.
	resolvMaxNS = 3
	// maxSearch bounds the search list kept from a hostile file.
	maxSearch = 32
)

// stubResolvers are systemd-resolved's local listeners: 127.0.0.53 is the
// stub every application asks, 127.0.0.54 its proxy-only twin.
var stubResolvers = []string{"127.0.0.53:53", "127.0.0.54:53"}

// ParseResolvConf reads the nameserver and search lines of a resolv.conf
// as the C libraries do: unparsable nameservers are skipped, only the first
// three count (a repeated one included), and of several search or domain lines the last one wins.
// Servers come back as "ip:port" (port 53); IPv6 zones are kept. The error
// is only for unreadable input (a line over 64 KiB); what was read before
// it is returned with it.
func ParseResolvConf(data []byte) (servers []string, search []string, err error) {
	return parseResolvConf(data, resolvMaxNS)
}

func parseResolvConf(data []byte, maxNS int) (servers []string, search []string, err error) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	n := 0 // valid nameserver lines, duplicates included, as glibc counts them
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 || f[0][0] == '#' || f[0][0] == ';' {
			continue
		}
		switch f[0] {
		case "nameserver":
			if len(f) < 2 {
				continue
			}
			if a, perr := netip.ParseAddr(f[1]); perr == nil && n < maxNS {
				n++
				servers = addServer(servers, a)
			}
		case "search", "domain":
			search = search[:0]
			for _, d := range f[1:] {
				if d[0] == '#' || d[0] == ';' || len(search) == maxSearch {
					break
				}
				search = append(search, d)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return servers, search, fmt.Errorf("reading resolv.conf: %w", err)
	}
	return servers, search, nil
}

// resolvConfServers picks the system resolvers from /etc/resolv.conf
// (main) and, when that names only systemd-resolved's stub, resolved's
// own upstreams from /run/systemd/resolve/resolv.conf (upstream; nil when
// unreadable). The stub stays first since it is what applications ask: a
// dead stub in front of working upstreams and a working stub in front of
// failing upstreams are different problems.
func resolvConfServers(main, upstream []byte) ([]string, error) {
	servers, _, err := ParseResolvConf(main)
	if err != nil {
		return servers, err
	}
	if isStub(servers) && upstream != nil {
		// resolved itself uses every upstream it lists, not just three.
		ups, _, uerr := parseResolvConf(upstream, maxServers-len(servers))
		for _, s := range ups {
			if !slices.Contains(servers, s) {
				servers = append(servers, s)
			}
		}
		if uerr != nil {
			return servers, fmt.Errorf("systemd-resolved upstreams: %w", uerr)
		}
	}
	return servers, nil
}

// isStub reports a resolv.conf that sends everything to systemd-resolved.
func isStub(servers []string) bool {
	return len(servers) > 0 && !slices.ContainsFunc(servers, func(s string) bool { return !slices.Contains(stubResolvers, s) })
}

// addServer appends a as "ip:53" unless it is already listed.
func addServer(servers []string, a netip.Addr) []string {
	s := net.JoinHostPort(a.String(), "53")
	if slices.Contains(servers, s) {
		return servers
	}
	return append(servers, s)
}

// placeholderDNS are the site-local servers Windows lists on adapters
// without any IPv6 DNS configured: nothing answers there.
var placeholderDNS = netip.MustParsePrefix("fec0:0:0:ffff::/64")

// adapterServers turns the DNS servers adapters report into "ip:port",
// dropping placeholders and the unspecified address, without duplicates.
func adapterServers(addrs []netip.Addr) []string {
	var out []string
	for _, a := range addrs {
		if !a.IsValid() || a.IsUnspecified() || placeholderDNS.Contains(a.WithZone("")) || len(out) == maxServers {
			continue
		}
		out = addServer(out, a)
	}
	return out
}

// resolvConfFileServers reads /etc/resolv.conf; behind systemd-resolved's
// stub, upstreamPath (resolved's own resolv.conf) adds the real upstreams,
// and upstreams says how many of the servers at the end are those: they
// are asked beside the stub to tell a dead stub from dead upstreams, but
// applications never ask them directly.
func resolvConfFileServers(upstreamPath string) (servers []string, upstreams int, err error) {
	return resolvConfFiles("/etc/resolv.conf", upstreamPath)
}

func resolvConfFiles(mainPath, upstreamPath string) (servers []string, upstreams int, err error) {
	main, err := os.ReadFile(mainPath)
	if err != nil {
		return nil, 0, fmt.Errorf("reading %s: %w", mainPath, err)
	}
	var upstream []byte
	if upstreamPath != "" {
		// Unreadable upstreams (no systemd-resolved) leave the stub alone.
		upstream, _ = os.ReadFile(upstreamPath)
	}
	servers, err = resolvConfServers(main, upstream)
	if mainServers, _, _ := ParseResolvConf(main); isStub(mainServers) {
		upstreams = len(servers) - len(mainServers)
	}
	if err != nil {
		return servers, upstreams, err
	}
	if len(servers) == 0 {
		// glibc and musl ask the local host when none is configured.
		return []string{"127.0.0.1:53"}, 0, fmt.Errorf("no nameserver in %s, so the local host is asked", mainPath)
	}
	return servers, upstreams, nil
}
