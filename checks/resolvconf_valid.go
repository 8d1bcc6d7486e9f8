package checks

import (
	"bufio"
	"bytes"
	"fmt"
	"net/netip"
	"strings"
)

// ValidateResolvConf accepts only a resolv.conf made of what
// ParseResolvConf reads (nameserver, search and domain lines), options and
// sortlist lines, comments and blank lines, each word checked: an address
// after nameserver, host names after search, plain option words. It is the
// gate of the administrator-side writer, so that it writes a resolver
// setting and never arbitrary text (no control characters, no unknown
// keyword, no shell-looking words).
func ValidateResolvConf(data []byte) error {
	if len(data) > 64<<10 {
		return fmt.Errorf("over 64 KiB")
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	for n := 1; sc.Scan(); n++ {
		if err := validResolvLine(sc.Text()); err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading resolv.conf: %w", err)
	}
	return nil
}

func validResolvLine(line string) error {
	for _, r := range line {
		if (r < 0x20 && r != '\t' && r != '\r') || r == 0x7f || r == 0xfffd {
			return fmt.Errorf("control or invalid character %q", r)
		}
	}
	f := strings.Fields(line)
	if len(f) == 0 || f[0][0] == '#' || f[0][0] == ';' {
		return nil
	}
	// Words after a comment sign are a comment, as the parser reads them.
	args := f[1:]
	for i, w := range args {
		if w[0] == '#' || w[0] == ';' {
			args = args[:i]
			break
		}
	}
	switch f[0] {
	case "nameserver":
		if len(args) != 1 {
			return fmt.Errorf("nameserver takes one address, got %d words", len(args))
		}
		if _, err := netip.ParseAddr(args[0]); err != nil {
			return fmt.Errorf("nameserver %q is not an address", args[0])
		}
	case "search", "domain":
		if len(args) == 0 || len(args) > maxSearch {
			return fmt.Errorf("%s takes 1 to %d names, got %d", f[0], maxSearch, len(args))
		}
		for _, d := range args {
			if d == "." { // systemd-resolved's "no search domain"
				continue
			}
			if _, err := queryName(d); err != nil || !isASCII(d) {
				return fmt.Errorf("%s: %q is not a host name", f[0], d)
			}
		}
	case "options":
		for _, o := range args {
			if !optionWord(o) {
				return fmt.Errorf("options: %q is not an option", o)
			}
		}
	case "sortlist":
		for _, s := range args {
			a, m, _ := strings.Cut(s, "/")
			if _, err := netip.ParseAddr(a); err != nil {
				return fmt.Errorf("sortlist: %q is not an address", s)
			}
			if m != "" {
				if _, err := netip.ParseAddr(m); err != nil {
					return fmt.Errorf("sortlist: %q has a bad netmask", s)
				}
			}
		}
	default:
		return fmt.Errorf("unknown keyword %q", f[0])
	}
	return nil
}

// optionWord is an option as resolv.conf(5) spells them: "edns0",
// "ndots:2", "timeout:1", "single-request-reopen", "trust-ad".
func optionWord(o string) bool {
	name, val, hasVal := strings.Cut(o, ":")
	if name == "" || (hasVal && val == "") || len(o) > 64 {
		return false
	}
	for _, r := range name {
		if !(r == '-' || r == '_' || (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9')) {
			return false
		}
	}
	for _, r := range val {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
