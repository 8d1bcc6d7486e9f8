package checks

import (
	"net/netip"
	"net/url"
	"strings"
)

// sysProxyConfig is an OS's proxy configuration, read by the per-OS
// systemProxyConfig and applied to a target by settingFor.
type sysProxyConfig struct {
	Source       string
	HTTP, HTTPS  *url.URL // proxies for http and https targets; nil = none
	SOCKS        *url.URL // used when the scheme has no proxy of its own
	Bypass       []string // host patterns, CIDRs, "<local>"
	BypassSimple bool     // hosts without a dot go direct
	PAC          string   // automatic configuration URL, not evaluated
}

// settingFor picks the proxy for target and applies the bypass list.
// Loopback targets always go direct, as with Go's environment proxies.
func (c sysProxyConfig) settingFor(target *url.URL) ProxySetting {
	s := ProxySetting{Source: c.Source}
	switch target.Scheme {
	case "https":
		s.URL = c.HTTPS
	case "http":
		s.URL = c.HTTP
	}
	if s.URL == nil {
		s.URL = c.SOCKS
	}
	if s.URL == nil {
		if c.PAC != "" {
			s.Source = c.Source + " (automatic proxy configuration, not evaluated)"
		}
		return s
	}
	host := target.Hostname()
	s.Bypassed = loopbackHost(host) || bypassMatch(host, c.Bypass, c.BypassSimple)
	return s
}

func loopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
}

// bypassMatch applies the bypass lists of GNOME (ignore-hosts), macOS
// (ExceptionsList) and Windows (ProxyOverride): host names with "*"
// wildcards, domain suffixes, IP addresses, CIDR blocks (macOS writes
// "169.254/16"), and "<local>" for names without a dot.
func bypassMatch(host string, entries []string, simple bool) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	ip, ipErr := netip.ParseAddr(host)
	isIP := ipErr == nil
	if isIP {
		ip = ip.Unmap().WithZone("")
	}
	if simple && !isIP && !strings.Contains(host, ".") {
		return true
	}
	for _, e := range entries {
		e = strings.ToLower(strings.TrimSpace(e))
		switch {
		case e == "":
			continue
		case e == "*":
			return true
		case e == "<local>":
			if !isIP && !strings.Contains(host, ".") {
				return true
			}
			continue
		case strings.Contains(e, "/"):
			if p, err := bsdDestination(e, false, false); err == nil && isIP && p.Contains(ip) {
				return true
			}
			continue
		case strings.Contains(e, "*"):
			if globMatch(e, host) {
				return true
			}
			continue
		}
		if isIP {
			if a, err := netip.ParseAddr(strings.Trim(e, "[]")); err == nil && a.Unmap() == ip {
				return true
			}
			continue
		}
		e = strings.TrimPrefix(e, ".")
		if host == e || strings.HasSuffix(host, "."+e) {
			return true
		}
	}
	return false
}

// globMatch matches s against a pattern whose only special character is
// "*" (any run of characters, dots included).
func globMatch(pattern, s string) bool {
	px, sx := 0, 0
	star, mark := -1, 0
	for sx < len(s) {
		switch {
		case px < len(pattern) && pattern[px] == '*':
			star, mark = px, sx
			px++
		case px < len(pattern) && pattern[px] == s[sx]:
			px++
			sx++
		case star >= 0:
			px = star + 1
			mark++
			sx = mark
		default:
			return false
		}
	}
	for px < len(pattern) && pattern[px] == '*' {
		px++
	}
	return px == len(pattern)
}
