package monitor

import (
	"slices"
	"time"

	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// Network events: the user's own network, reported once for all sites.
const (
	EventNetworkDown    EventKind = "network-down"    // a user-side problem is confirmed
	EventNetworkChanged EventKind = "network-changed" // still down, at another hop
	EventNetworkBack    EventKind = "network-back"    // the user's network works again
)

// NetworkProblem is the one user-side problem that explains failures of
// several sites: the sites that depend on it are affected, not down, and
// are not alerted one by one (Uptime Kuma's long-standing complaint).
type NetworkProblem struct {
	Hop      verdict.Hop
	Summary  string
	Since    time.Time
	Affected []string        // URLs failing on the user's side, whatever hop, sorted
	Verdict  verdict.Verdict // one of them at Hop, for the evidence
}

// hopPrecedence orders the user-side hops from the most upstream on the
// path out of the computer to the least: when one round shows two of them
// (DNS failing for one site, the proxy for another), the problem shown is
// the one nearer the computer, since a dead link or router explains every
// failure behind it while a proxy error explains only the proxied sites.
// A VPN sits before the ISP because traffic enters the tunnel before it
// reaches the ISP's network. DNS comes before the proxy: a proxy is found
// and reached by name (and a broken resolver also breaks direct sites).
// Captive portals, the clock and a local firewall come last: they break
// some requests (HTTP rewritten, TLS refused, ports blocked) but never the
// path itself. Hops not listed rank after all of these, by name.
var hopPrecedence = []verdict.Hop{
	verdict.HopLink, verdict.HopRouter, verdict.HopVPN, verdict.HopISP,
	verdict.HopDNS, verdict.HopProxy, verdict.HopCaptive,
	verdict.HopClock, verdict.HopFirewall,
}

// hopBefore reports whether hop a takes precedence over b.
func hopBefore(a, b verdict.Hop) bool {
	ia, ib := slices.Index(hopPrecedence, a), slices.Index(hopPrecedence, b)
	if ia < 0 {
		ia = len(hopPrecedence)
	}
	if ib < 0 {
		ib = len(hopPrecedence)
	}
	if ia != ib {
		return ia < ib
	}
	return a < b
}

// problemOf folds one round's verdicts into its network problem, or nil
// when no site failed on the user's side. The result depends only on the
// set of verdicts, never on their order (the order checks finish in): the
// hop by hopPrecedence, the evidence from the first URL at that hop.
func problemOf(round []verdict.Verdict, now time.Time) *NetworkProblem {
	var p *NetworkProblem
	for _, v := range round {
		if !verdict.NetworkWide(v) {
			continue // not the user's network (a site refusing this computer is that site's matter)
		}
		if p == nil {
			p = &NetworkProblem{Hop: v.Hop, Summary: v.Summary, Since: now, Verdict: v}
		} else if hopBefore(v.Hop, p.Hop) || (v.Hop == p.Hop && v.URL < p.Verdict.URL) {
			p.Hop, p.Summary, p.Verdict = v.Hop, v.Summary, v
		}
		p.Affected = append(p.Affected, v.URL)
	}
	if p != nil {
		slices.Sort(p.Affected)
	}
	return p
}

// NetworkTracker folds each round's verdicts into at most one network
// problem. Like a site failure, a problem must be seen in two consecutive
// rounds before it is visible (time-to-visible), and must be gone for two
// rounds before "back" is said. Two consecutive rounds with a user-side
// failure confirm it even if the hop moved between them (a flapping
// router that shows as router, then ISP, is still the user's network).
type NetworkTracker struct {
	pending *NetworkProblem // seen once, not yet visible
	current *NetworkProblem // visible
	clear   int             // consecutive clean rounds while current
}

// Current returns the visible problem, if any.
func (t *NetworkTracker) Current() *NetworkProblem { return t.current }

// Observe takes every verdict of one round and returns the network event
// it causes, if any.
func (t *NetworkTracker) Observe(round []verdict.Verdict, now time.Time) *Event {
	p := problemOf(round, now)
	switch {
	case p == nil && t.current == nil:
		t.pending = nil
		return nil
	case p == nil:
		t.clear++
		if t.clear < 2 {
			return nil
		}
		gone := t.current
		t.current, t.pending, t.clear = nil, nil, 0
		return &Event{Kind: EventNetworkBack, Network: gone, Duration: now.Sub(gone.Since)}
	case t.current != nil:
		t.clear = 0
		if p.Hop != t.current.Hop {
			p.Since = t.current.Since
			t.current = p
			return &Event{Kind: EventNetworkChanged, Network: p}
		}
		t.current.Affected, t.current.Summary, t.current.Verdict = p.Affected, p.Summary, p.Verdict
		return nil
	case t.pending != nil:
		p.Since = t.pending.Since
		t.current, t.pending, t.clear = p, nil, 0
		return &Event{Kind: EventNetworkDown, Network: p}
	default:
		t.pending = p
		return nil
	}
}
