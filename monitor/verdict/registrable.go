package verdict

import (
	"net/netip"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// registrable is the domain its owner registered, by the public suffix
// list: "www.bbc.co.uk" → "bbc.co.uk", "user.github.io" → "user.github.io"
// (github.io hands out names like a registry does). The last two labels
// would give "co.uk", someone else's. "" for an address or a name with no
// registrable part (localhost, a bare suffix): no status page to guess.
func registrable(host string) string {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if _, err := netip.ParseAddr(host); err == nil || !strings.Contains(host, ".") {
		return ""
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return ""
	}
	return d
}
