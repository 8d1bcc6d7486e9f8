// Package tray is gatewatch's resident process: a tray icon whose menu
// lists the watched sites in words, and desktop notifications when a
// site goes down or comes back. It is the only package that talks to the
// desktop (fyne.io/systray, D-Bus); what it says is decided by the pure
// functions in words.go and messages.go.
package tray

import (
	"fmt"
	"time"

	"github.com/gatewatch/gatewatch/assets"
	"github.com/gatewatch/gatewatch/checks"
	"github.com/gatewatch/gatewatch/monitor"
	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// Look is the tray icon's overall state.
type Look int

// Looks, from the least to the most alarming colour. Each has its own
// shape too (see assets).
const (
	LookChecking Look = iota // grey ring: checking, or paused
	LookOK                   // green disc with a check mark
	LookUser                 // amber triangle: the problem is on your side
	LookServer               // red square: a site is down on its side
)

// PNG is the icon for the look.
func (l Look) PNG() []byte {
	switch l {
	case LookOK:
		return assets.OK
	case LookUser:
		return assets.UserSide
	case LookServer:
		return assets.ServerSide
	}
	return assets.Checking
}

// Overall picks the icon for the whole watch list. A problem on the user's
// side wins over a site's own outage: it is the one the user can act on,
// and it explains the other failures.
func Overall(sites []monitor.SiteStatus, net *monitor.NetworkProblem, paused bool) Look {
	if paused {
		return LookChecking
	}
	if net != nil {
		return LookUser
	}
	user, server, ok := false, false, 0
	for _, s := range sites {
		switch s.State {
		case monitor.StateAffected, monitor.StateRefused:
			user = true
		case monitor.StateDown, monitor.StateRecovering:
			server = true
		case monitor.StateOK:
			ok++
		}
	}
	switch {
	case user:
		return LookUser
	case server:
		return LookServer
	case ok > 0 && ok == len(sites):
		return LookOK
	}
	return LookChecking
}

// Headline is the tray's tooltip: the overall state in one sentence.
func Headline(sites []monitor.SiteStatus, net *monitor.NetworkProblem, paused bool, until time.Time) string {
	if paused {
		return "gatewatch is paused until " + until.Format("15:04")
	}
	switch Overall(sites, net, paused) {
	case LookUser:
		if net != nil && net.Summary != "" {
			return net.Summary
		}
		return "A problem on your side affects some sites"
	case LookServer:
		n := 0
		for _, s := range sites {
			if s.State == monitor.StateDown || s.State == monitor.StateRecovering {
				n++
			}
		}
		return plural(n, "site is", "sites are") + " down on their side"
	case LookOK:
		if len(sites) == 1 {
			return DisplayName(sites[0]) + " is OK"
		}
		return fmt.Sprintf("All %d sites are OK", len(sites))
	}
	return "gatewatch is checking…"
}

// DisplayName is how the tray names a site (config.SiteName).
func DisplayName(s monitor.SiteStatus) string { return config.SiteName(s.Name, s.URL) }

// SiteLine is a site's menu entry: its name and its state in words.
func SiteLine(s monitor.SiteStatus, now time.Time) string {
	return DisplayName(s) + " — " + stateWords(s, now)
}

func stateWords(s monitor.SiteStatus, now time.Time) string {
	switch s.State {
	case monitor.StateOK:
		return "OK"
	case monitor.StateSuspect:
		return "failed once, checking again…"
	case monitor.StateRecovering:
		return "answers again, confirming…"
	case monitor.StateAffected:
		return "affected: your network" + hopSuffix(s.Hop)
	case monitor.StateRefused:
		if s.Last.Rule == "filter-blocked" {
			return "blocked by a filter on your network"
		}
		return "up, but refuses this computer"
	case monitor.StateDown:
		since := ""
		if !s.DownSince.IsZero() {
			since = ", " + checks.HumanDuration(now.Sub(s.DownSince))
		}
		if s.Side == verdict.SideServer {
			if w := serverHopWords(s.Hop, s.Last.ErrorPageBy); w != "" {
				return "their side: " + w + since
			}
			return "their side" + since
		}
		return "down, side unclear" + since
	}
	return "checking…"
}

// serverHopWords says which part of the site fails, naming the vendor
// whose error page it was when known ("Cloudflare can't reach the origin").
func serverHopWords(h verdict.Hop, gateway string) string {
	switch h {
	case verdict.HopCDN:
		if gateway != "" {
			return gateway + " can't reach the origin"
		}
		return "the CDN can't reach the origin"
	case verdict.HopOrigin:
		if gateway != "" {
			return "the site's server fails (" + gateway + ")"
		}
		return "the site's server fails"
	case verdict.HopSiteDNS:
		return "their DNS fails"
	case verdict.HopTLS:
		return "their certificate is invalid"
	case verdict.HopNone, "":
		return ""
	}
	return string(h)
}

// hopSuffix is " (isp)" for a known hop, nothing otherwise.
func hopSuffix(h verdict.Hop) string {
	if h == "" || h == verdict.HopNone {
		return ""
	}
	return " (" + string(h) + ")"
}

// plural is "1 site is" / "3 sites are".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
