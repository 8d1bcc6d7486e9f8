// Package monitor decides whose fault a failure is. It runs the probes of
// package checks, folds their results into Evidence, and applies the
// verdict rules (rules.go) to name a side, a hop and the fixes that apply.
package verdict

import (
	"encoding/json"
	"time"

	"github.com/gatewatch/gatewatch/checks"
)

// Side is whose problem it is.
type Side string

// The four sides. unknown is said out loud when the evidence conflicts or
// is missing, never replaced by a guess.
const (
	SideOK      Side = "ok"
	SideUser    Side = "user"
	SideServer  Side = "server"
	SideUnknown Side = "unknown"
)

// Words says a side the way a person would.
func (s Side) Words() string {
	switch s {
	case SideOK:
		return "OK"
	case SideUser:
		return "Your side"
	case SideServer:
		return "Their side"
	}
	return "Can't tell"
}

// Hop is where on the path the problem sits.
type Hop string

// Hops on the user's side, then on the server's side. An unknown verdict
// names no hop (none) and says why in its summary.
const (
	HopNone     Hop = "none"
	HopLink     Hop = "link"
	HopRouter   Hop = "router"
	HopISP      Hop = "isp"
	HopDNS      Hop = "dns"
	HopVPN      Hop = "vpn"
	HopProxy    Hop = "proxy"
	HopCaptive  Hop = "captive-portal"
	HopClock    Hop = "clock"
	HopFirewall Hop = "firewall"
	HopCDN      Hop = "cdn"
	HopOrigin   Hop = "origin"
	HopSiteDNS  Hop = "site-dns"
	HopTLS      Hop = "tls"
)

// Step is one piece of evidence: a probe, what it found, how long it took.
type Step struct {
	Check  string `json:"check"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
	MS     int64  `json:"ms"`
}

// Verdict is gatewatch's answer for one URL.
type Verdict struct {
	URL     string `json:"url"`
	Side    Side   `json:"side"`
	Hop     Hop    `json:"hop"`
	Rule    string `json:"rule"`
	Summary string `json:"summary"`
	// DecidedBy is the one piece of evidence that decided the rule
	// (Rule.DecidedBy); "" for an undecided verdict.
	DecidedBy string `json:"decided_by,omitempty"`
	// ErrorPageBy is the software or service that generated the error
	// page (a CDN, a proxy, a server), when recognised. JSON: error_page_by,
	// and "gateway" as before (MarshalJSON).
	ErrorPageBy string `json:"error_page_by"`
	Status      int    `json:"status"`
	Error       string `json:"error"`
	// ErrClass is the site request's error class (checks.ErrKind), "" when
	// it got an answer: history groups failures by it.
	ErrClass string `json:"error_class,omitempty"`
	// Phases are the site request's timings (DNS, connect, TLS, first byte).
	Phases *checks.Phases `json:"phases,omitempty"`
	// StatusPage is what the site's operators published on its status
	// page, fetched once when the site failed (nil when not asked or none
	// is known). JSON: status_page, and "vendor" as before (MarshalJSON).
	StatusPage *PublishedStatus `json:"status_page,omitempty"`
	// CrowdURL is the site's DownDetector page: a link for the user, never
	// fetched by gatewatch.
	CrowdURL string `json:"crowd_url,omitempty"`
	// World is the second opinion from other places on the internet, when
	// one was asked (JSON "world": probes, places, agreed, summary).
	World     *WorldOpinion `json:"world,omitempty"`
	Warnings  []string      `json:"warnings,omitempty"`
	Evidence  []Step        `json:"evidence"`
	Fixes     []Fix         `json:"fixes"`
	PortalURL string        `json:"portal_url,omitempty"`
	// PathMSS is the largest TCP segment size that got through where the
	// normal one stalled (the MTU black hole rules), for the lower-vpn-mtu
	// fix; 0 when not measured or none worked.
	PathMSS int `json:"path_mss,omitempty"`
	// RetryAfter is the site's Retry-After, honoured by the scheduler.
	RetryAfter time.Duration `json:"-"`
	// Page is what the site served on a working check (address,
	// certificate names, title, size): the monitor keeps the last one as
	// the site's Options.LastGood.
	Page      *checks.PageSig `json:"-"`
	ElapsedMS int64           `json:"elapsed_ms"`
	CheckedAt time.Time       `json:"checked_at"`
}

// MarshalJSON adds the field names of earlier versions beside the clearer
// ones, for scripts written against them: "gateway" (= error_page_by) and
// "vendor" (= status_page).
func (v Verdict) MarshalJSON() ([]byte, error) {
	type plain Verdict
	return json.Marshal(struct {
		plain
		Gateway string           `json:"gateway"`
		Vendor  *PublishedStatus `json:"vendor,omitempty"`
	}{plain(v), v.ErrorPageBy, v.StatusPage})
}

// Problem reports whether the verdict is anything but ok.
func (v Verdict) Problem() bool { return v.Side != SideOK }
