package monitor

import (
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// The verdicts that say the site is up (a bot check, even a 503 one) or
// that it refuses this computer's address never raise "down": their side
// is read from the rule table, so moving either rule to the site's side
// or to unknown fails here.
func TestSiteUpVerdictsNeverSayDown(t *testing.T) {
	for _, c := range []struct {
		rule   string
		status int
	}{{"bot-check", 503}, {"bot-check", 403}, {"access-refused", 403}, {"rate-limited", 429}} {
		r, ok := verdict.RuleNamed(c.rule)
		if !ok {
			t.Fatalf("no rule %q in the table", c.rule)
		}
		v := verdict.Verdict{Rule: r.Name, Side: r.Side, Hop: r.Hop, Status: c.status}
		start := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
		tr := NewSiteTracker("https://shop.gw.test/", start)
		for i := range 5 {
			if ev := tr.Observe(v, start.Add(time.Duration(i+1)*time.Minute)); ev != nil && ev.Kind == EventDown {
				t.Fatalf("%s (%d, side %s): a down event at check %d", c.rule, c.status, r.Side, i+1)
			}
		}
		if st := tr.Status().State; st == StateDown {
			t.Errorf("%s: state %s", c.rule, st)
		}
	}
}

// siteIsUp: the rule says the site is up (side ok), or that it is about
// this site and this computer alone (ThisSiteOnly: the site refuses this
// computer, or a filter here blocks it), which is not the site being down.
func siteIsUp(r verdict.Rule) bool { return r.Side == verdict.SideOK || r.ThisSiteOnly }

// Over the whole table, rules added later included: no verdict that says
// the site is up ever raises "down" or "changed", from any state a site
// can be in, however often it repeats.
func TestNoDownForAnySiteUpRule(t *testing.T) {
	start := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	down := verdict.Verdict{Rule: "origin-refused", Side: verdict.SideServer, Hop: verdict.HopOrigin}
	network := verdict.Verdict{Rule: "isp-down", Side: verdict.SideUser, Hop: verdict.HopISP}
	ok := verdict.Verdict{Rule: "site-ok", Side: verdict.SideOK, Hop: verdict.HopNone}
	// Histories that leave the tracker in each state before the rule's
	// verdicts come in.
	before := map[string][]verdict.Verdict{
		"checking":   nil,
		"ok":         {ok},
		"suspect":    {ok, down},
		"down":       {down, down},
		"affected":   {network, network},
		"recovering": {down, down, ok},
	}
	tested := 0
	for _, r := range verdict.Rules {
		if !siteIsUp(r) {
			continue
		}
		tested++
		v := verdict.Verdict{Rule: r.Name, Side: r.Side, Hop: r.Hop, Status: 403}
		for name, history := range before {
			tr := NewSiteTracker("https://shop.gw.test/", start)
			at := start
			for _, h := range history {
				at = at.Add(time.Minute)
				tr.Observe(h, at)
			}
			for i := range 4 {
				at = at.Add(time.Minute)
				if ev := tr.Observe(v, at); ev != nil && (ev.Kind == EventDown || ev.Kind == EventChanged) {
					t.Errorf("%s after %s: a %s event at check %d", r.Name, name, ev.Kind, i+1)
				}
			}
			if st := tr.Status().State; st == StateDown || st == StateSuspect || st == StateRecovering {
				t.Errorf("%s after %s: left in state %s", r.Name, name, st)
			}
		}
	}
	if tested < 3 { // bot-check, access-refused, filter-blocked at least
		t.Errorf("only %d site-up rules in the table", tested)
	}
}

// A refusal of this computer is told once per site, after a confirming
// check like any failure, and again only when it changes rule.
func TestRefusedIsToldOncePerChange(t *testing.T) {
	start := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	refused := verdict.Verdict{URL: "https://chatgpt.com/", Rule: "access-refused", Side: verdict.SideUser, Hop: verdict.HopNone}
	blocked := verdict.Verdict{URL: "https://chatgpt.com/", Rule: "filter-blocked", Side: verdict.SideUser, Hop: verdict.HopFirewall}
	ok := verdict.Verdict{URL: "https://chatgpt.com/", Rule: "site-ok", Side: verdict.SideOK, Hop: verdict.HopNone}
	tr := NewSiteTracker("https://chatgpt.com/", start)
	var kinds []EventKind
	for i, v := range []verdict.Verdict{refused, refused, refused, refused, blocked, blocked, ok, refused, refused} {
		if ev := tr.Observe(v, start.Add(time.Duration(i+1)*time.Minute)); ev != nil {
			kinds = append(kinds, ev.Kind)
			if ev.Status.State != StateRefused || ev.Status.Last.Rule != v.Rule {
				t.Errorf("check %d: event status %s/%s", i+1, ev.Status.State, ev.Status.Last.Rule)
			}
		}
	}
	want := []EventKind{EventRefused, EventRefused, EventRefused} // confirmed; filter instead; again after an ok
	if len(kinds) != len(want) {
		t.Fatalf("events %v, want %v", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Fatalf("events %v, want %v", kinds, want)
		}
	}
}

// A site that was down and now refuses this computer is no longer down:
// the refusal is told, never a "back" for an outage that turned into it.
func TestDownThenRefusedEndsTheOutage(t *testing.T) {
	start := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	down := verdict.Verdict{Rule: "origin-refused", Side: verdict.SideServer, Hop: verdict.HopOrigin}
	refused := verdict.Verdict{Rule: "access-refused", Side: verdict.SideUser, Hop: verdict.HopNone}
	tr := NewSiteTracker("https://shop.gw.test/", start)
	tr.Observe(down, start.Add(time.Minute))
	if ev := tr.Observe(down, start.Add(2*time.Minute)); ev == nil || ev.Kind != EventDown {
		t.Fatalf("no down: %v", ev)
	}
	ev := tr.Observe(refused, start.Add(3*time.Minute))
	if ev == nil || ev.Kind != EventRefused {
		t.Fatalf("got %v, want refused", ev)
	}
	if st := tr.Status(); st.State != StateRefused || !st.DownSince.IsZero() {
		t.Errorf("state %s down since %v", st.State, st.DownSince)
	}
}
