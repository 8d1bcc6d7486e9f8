package config

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// ParseTarget turns what a person typed into a URL gatewatch may check:
// http or https only, a bare host name means https. The error says what to
// fix.
func ParseTarget(s string) (*url.URL, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("empty URL: give a site such as chatgpt.com or https://example.com")
	}
	if len(s) > 2048 {
		return nil, errors.New("URL longer than 2048 characters")
	}
	if !utf8.ValidString(s) {
		return nil, fmt.Errorf("URL %q is not valid UTF-8 text", s)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == ' ' {
			return nil, fmt.Errorf("URL %q contains spaces or control characters", s)
		}
	}
	if !strings.Contains(s, "://") {
		if i := strings.IndexByte(s, ':'); i > 0 && !strings.ContainsAny(s[:i], "./[") {
			if _, err := strconv.Atoi(strings.SplitN(s[i+1:], "/", 2)[0]); err != nil {
				return nil, fmt.Errorf("unsupported URL %q: only http:// and https:// sites can be checked", s)
			}
		}
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("invalid URL %q: %w", s, unwrapParse(err))
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("unsupported scheme %q in %q: only http:// and https:// sites can be checked", u.Scheme, s)
	}
	host := u.Hostname()
	if host == "" {
		return nil, fmt.Errorf("URL %q has no host name", s)
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("URL %q has an invalid port %q", s, p)
		}
	}
	if _, err := netip.ParseAddr(strings.Trim(host, "[]")); err != nil {
		// Internationalised names are checked, and then kept, in their
		// ASCII (punycode) form: what DNS and TLS will see.
		ascii, err := idna.Lookup.ToASCII(host)
		if err == nil {
			// A name must survive a second pass unchanged, or DNS and TLS
			// would not agree on what it is.
			var again string
			again, err = idna.Lookup.ToASCII(ascii)
			if err == nil && again != ascii {
				err = fmt.Errorf("not stable")
			}
		}
		if err != nil || !utf8.ValidString(host) {
			return nil, fmt.Errorf("URL %q: host name %q is not a valid domain name", s, host)
		}
		if err := validHostname(ascii); err != nil {
			return nil, fmt.Errorf("URL %q: %w", s, err)
		}
		if ascii != host {
			if p := u.Port(); p != "" {
				u.Host = net.JoinHostPort(ascii, p)
			} else {
				u.Host = ascii
			}
		}
	}
	u.Host = strings.ToLower(u.Host)
	if u.Path == "" {
		u.Path = "/"
	}
	return u, nil
}

func validHostname(h string) error {
	h = strings.TrimSuffix(h, ".")
	if len(h) > 253 {
		return errors.New("host name longer than 253 characters")
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 {
			return fmt.Errorf("host name %q has an empty or over-long label", h)
		}
		for _, r := range label {
			ok := r == '-' || r == '_' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
			if !ok {
				return fmt.Errorf("host name %q contains %q", h, r)
			}
		}
	}
	return nil
}

func unwrapParse(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// ParseResolver accepts "ip" or "ip:port" ("[v6]:port") and returns
// "ip:port".
func ParseResolver(s string) (string, error) {
	s = strings.TrimSpace(s)
	if a, err := netip.ParseAddr(s); err == nil {
		return net.JoinHostPort(a.String(), "53"), nil
	}
	ap, err := netip.ParseAddrPort(s)
	if err != nil {
		return "", fmt.Errorf("resolver %q is not an IP address or IP:PORT", s)
	}
	if ap.Port() == 0 {
		return "", fmt.Errorf("resolver %q has port 0", s)
	}
	return ap.String(), nil
}

// ParseCanary accepts an http(s) connectivity-check URL.
func ParseCanary(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return nil, fmt.Errorf("canary %q: %w", s, unwrapParse(err))
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("canary %q must be an http:// or https:// URL with a host", s)
	}
	return u, nil
}
