package monitor

import (
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
	Affected []string        // URLs failing because of it
	Verdict  verdict.Verdict // one of them, for the evidence
}

// NetworkTracker folds each round's verdicts into at most one network
// problem. Like a site failure, a problem must be seen in two consecutive
// rounds before it is visible (time-to-visible), and must be gone for two
// rounds before "back" is said.
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
	var p *NetworkProblem
	for _, v := range round {
		if v.Side != verdict.SideUser {
			continue
		}
		if p == nil {
			p = &NetworkProblem{Hop: v.Hop, Summary: v.Summary, Since: now, Verdict: v}
		}
		if v.Hop == p.Hop {
			p.Affected = append(p.Affected, v.URL)
		}
	}
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
	case t.pending != nil && t.pending.Hop == p.Hop:
		p.Since = t.pending.Since
		t.current, t.pending, t.clear = p, nil, 0
		return &Event{Kind: EventNetworkDown, Network: p}
	default:
		t.pending = p
		return nil
	}
}
