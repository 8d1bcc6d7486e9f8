package config

import (
	"fmt"
	"net/url"
	"strings"
)

// WorldConfig is the [world] table: the second opinion from other places
// on the internet, through Globalping (README, "Second opinion"). Off by
// default: asking sends the site's address to a third party.
type WorldConfig struct {
	Enabled bool `toml:"enabled"`
	// Token is an optional Globalping API token (a higher hourly limit).
	// Never shown: Redacted() is what reports and logs get.
	Token string `toml:"token,omitempty"`
	// API replaces https://api.globalping.io: for tests and the lab's
	// stand-in (lab/cmd/labglobalping) only.
	API string `toml:"api,omitempty"`
	// Country (ISO 3166-1 alpha-2) and ASN of the user's own connection,
	// when the user knows them: probes there are asked separately, so
	// "your provider cannot reach it" can be told from "nobody can".
	// gatewatch asks no other service for them.
	Country string `toml:"country,omitempty"`
	ASN     int64  `toml:"asn,omitempty"`
	// SendQuery sends the URL's query string too (off: it may carry
	// personal data).
	SendQuery bool `toml:"send_query,omitempty"`
}

// Validate reports the first problem; the caller prefixes "world.".
func (w WorldConfig) Validate() error {
	if w.API != "" {
		u, err := url.Parse(w.API)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
			return fmt.Errorf("api %q must be an http:// or https:// URL without credentials or query", w.API)
		}
	}
	if len(w.Token) > 256 || strings.IndexFunc(w.Token, func(r rune) bool { return r <= ' ' || r > '~' }) >= 0 {
		return fmt.Errorf("token must be up to 256 printable characters without spaces")
	}
	if w.Country != "" && (len(w.Country) != 2 || strings.IndexFunc(w.Country, func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z')
	}) >= 0) {
		return fmt.Errorf("country %q must be a two-letter ISO 3166-1 code such as DE", w.Country)
	}
	if w.ASN < 0 || w.ASN > 1<<32-1 {
		return fmt.Errorf("asn %d is not an AS number", w.ASN)
	}
	return nil
}

// Redacted is the table as it may be shown: the token replaced.
func (w WorldConfig) Redacted() WorldConfig {
	if w.Token != "" {
		w.Token = "(redacted)"
	}
	return w
}
