package tray

import (
	"testing"

	"github.com/gatewatch/gatewatch/monitor"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// A server-side failure the second opinion confirmed is announced as down
// for everyone, with the count of places; without it, as before.
func TestDownForEveryoneMessage(t *testing.T) {
	v := verdict.Verdict{Side: verdict.SideServer, Hop: verdict.HopOrigin, Rule: "world-down",
		Summary: "chatgpt.com is down for everyone (5 of 5 places): …",
		World:   &verdict.WorldOpinion{Places: 5, Agreed: 5}}
	st := monitor.SiteStatus{URL: "https://chatgpt.com/", State: monitor.StateDown, Side: v.Side, Hop: v.Hop, Last: v}
	if m := MessageFor(monitor.Event{Kind: monitor.EventDown, Status: st}); m.Summary != "chatgpt.com is down for everyone (5 of 5 places)" {
		t.Errorf("summary %q", m.Summary)
	}
	st.Last.Rule, st.Last.World = "origin-silent", nil
	if m := MessageFor(monitor.Event{Kind: monitor.EventDown, Status: st}); m.Summary != "chatgpt.com is down on its side" {
		t.Errorf("without a second opinion: %q", m.Summary)
	}
}
