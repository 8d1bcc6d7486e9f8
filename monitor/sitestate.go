package monitor

import (
	"time"

	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// State is where a watched site stands, as the tray shows it.
type State string

// Site states. A failure first makes a site suspect; only a confirming
// re-check makes it down (one blip never alerts). A site that fails because
// the user's own network does is affected, not down: the network problem is
// reported once, not once per site.
const (
	StateChecking   State = "checking"
	StateOK         State = "ok"
	StateSuspect    State = "suspect"
	StateDown       State = "down"
	StateAffected   State = "affected"
	StateRecovering State = "recovering"
	// StateRefused: the site answers, but not to this computer: it
	// refuses this computer's address (access-refused), or a filter on
	// the user's network blocks it (filter-blocked). A user-side verdict
	// about this one site (verdict.Rule.ThisSiteOnly): never down, never
	// folded into the network problem.
	StateRefused State = "refused"
)

// EventKind is what changed, for subscribers (tray, notifications).
type EventKind string

// Site events. Only these are worth telling a person about.
const (
	EventDown    EventKind = "down"    // a failure on the site's side (or unknown) is confirmed
	EventChanged EventKind = "changed" // still down, but the side or hop changed
	EventBack    EventKind = "back"    // recovered after being down
	// EventRefused: a site that refuses this computer (or that a filter
	// on the user's network blocks) is confirmed; said once, and again
	// only when the rule changes. Never a "down": the site is not down.
	EventRefused EventKind = "refused"
)

// SiteStatus is the current picture of one site.
type SiteStatus struct {
	URL       string
	Name      string // the config's name for the site, if any
	State     State
	Side      verdict.Side
	Hop       verdict.Hop
	Since     time.Time // when State began
	DownSince time.Time // when the current outage was confirmed (zero when none)
	Failures  int       // consecutive failed checks
	Last      verdict.Verdict
}

// Event is one state change worth telling the user.
type Event struct {
	Kind     EventKind
	Status   SiteStatus      // site events
	Network  *NetworkProblem // network events
	Duration time.Duration   // for back events: how long it was down
}

// SiteTracker folds a site's verdicts into its state. It is a pure state
// machine: time comes in with each observation, so tests drive it with a
// fake clock.
type SiteTracker struct {
	st SiteStatus
}

// NewSiteTracker starts a site in StateChecking.
func NewSiteTracker(url string, now time.Time) *SiteTracker {
	return &SiteTracker{st: SiteStatus{URL: url, State: StateChecking, Since: now}}
}

// Status returns the current status.
func (t *SiteTracker) Status() SiteStatus { return t.st }

// Observe applies one verdict and returns the event it causes, if any.
func (t *SiteTracker) Observe(v verdict.Verdict, now time.Time) *Event {
	prev := t.st
	t.st.Last = v
	kind := classify(v)
	if kind == obsOK {
		t.st.Failures = 0
	} else {
		t.st.Failures++
	}
	switch prev.State {
	case StateChecking, StateOK:
		switch kind {
		case obsOK:
			t.set(StateOK, verdict.SideOK, verdict.HopNone, now)
		default:
			t.set(StateSuspect, v.Side, v.Hop, now)
		}
	case StateSuspect:
		switch kind {
		case obsOK:
			t.set(StateOK, verdict.SideOK, verdict.HopNone, now) // a blip: never alerted
		case obsNetwork:
			t.set(StateAffected, v.Side, v.Hop, now)
		case obsSite:
			t.set(StateDown, v.Side, v.Hop, now)
			t.st.DownSince = now
			return t.event(EventDown, 0)
		case obsRefused:
			return t.refused(now)
		}
	case StateRefused:
		switch kind {
		case obsOK:
			t.set(StateOK, verdict.SideOK, verdict.HopNone, now)
		case obsNetwork:
			t.set(StateAffected, v.Side, v.Hop, now)
		case obsSite:
			t.set(StateSuspect, v.Side, v.Hop, now)
		case obsRefused:
			if v.Rule != prev.Last.Rule {
				return t.refused(now)
			}
		}
	case StateDown:
		switch kind {
		case obsOK:
			// Side and hop keep describing the outage until it is over.
			t.set(StateRecovering, prev.Side, prev.Hop, now)
		case obsNetwork:
			// The user's network failing now says nothing new about the
			// site; the outage stays open and the network alert speaks.
			t.set(StateAffected, v.Side, v.Hop, now)
		case obsSite:
			if v.Side != prev.Side || v.Hop != prev.Hop {
				t.set(StateDown, v.Side, v.Hop, now)
				return t.event(EventChanged, 0)
			}
		case obsRefused:
			// The site answers again, only not to this computer: the
			// outage is over, and what is left is the refusal.
			return t.refused(now)
		}
	case StateAffected:
		switch kind {
		case obsOK:
			if !prev.DownSince.IsZero() {
				t.set(StateRecovering, prev.Side, prev.Hop, now)
			} else {
				t.set(StateOK, verdict.SideOK, verdict.HopNone, now)
			}
		case obsNetwork:
			if v.Hop != prev.Hop {
				t.set(StateAffected, v.Side, v.Hop, now)
			}
		case obsSite:
			if !prev.DownSince.IsZero() {
				t.set(StateDown, v.Side, v.Hop, now) // the outage it had before continues
			} else {
				t.set(StateSuspect, v.Side, v.Hop, now)
			}
		case obsRefused:
			t.set(StateSuspect, v.Side, v.Hop, now)
		}
	case StateRecovering:
		switch kind {
		case obsOK:
			d := now.Sub(prev.DownSince)
			t.set(StateOK, verdict.SideOK, verdict.HopNone, now)
			t.st.DownSince = time.Time{}
			return t.event(EventBack, d)
		case obsNetwork:
			t.set(StateAffected, v.Side, v.Hop, now)
		case obsSite:
			t.set(StateDown, v.Side, v.Hop, now)
			if v.Side != prev.Side || v.Hop != prev.Hop {
				return t.event(EventChanged, 0)
			}
		case obsRefused:
			return t.refused(now)
		}
	}
	return nil
}

// refused enters StateRefused from a confirmed refusal: any outage is
// over (the site answers), and the refusal is said once.
func (t *SiteTracker) refused(now time.Time) *Event {
	t.set(StateRefused, t.st.Last.Side, t.st.Last.Hop, now)
	t.st.DownSince = time.Time{}
	return t.event(EventRefused, 0)
}

func (t *SiteTracker) set(s State, side verdict.Side, hop verdict.Hop, now time.Time) {
	if s != t.st.State || side != t.st.Side || hop != t.st.Hop {
		t.st.Since = now
	}
	t.st.State, t.st.Side, t.st.Hop = s, side, hop
}

func (t *SiteTracker) event(k EventKind, d time.Duration) *Event {
	return &Event{Kind: k, Status: t.st, Duration: d}
}

type observation int

const (
	obsOK      observation = iota
	obsSite                // the site's side, or unknown
	obsNetwork             // the user's own side: one network problem, not this site's
	obsRefused             // the user's side for this site alone: it refuses this computer, or a filter blocks it
)

func classify(v verdict.Verdict) observation {
	switch {
	case v.Side == verdict.SideOK:
		return obsOK
	case v.Side == verdict.SideUser && !verdict.NetworkWide(v):
		return obsRefused
	case v.Side == verdict.SideUser:
		return obsNetwork
	}
	return obsSite
}

// NeedsConfirmation reports whether the next check should come soon (after
// ConfirmDelay) rather than after the interval: to confirm a failure or a
// recovery.
func (s SiteStatus) NeedsConfirmation() bool {
	return s.State == StateSuspect || s.State == StateRecovering
}
