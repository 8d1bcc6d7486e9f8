package monitor

import (
	"strings"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/monitor/verdict"
)

func vOK() verdict.Verdict                  { return verdict.Verdict{Side: verdict.SideOK, Hop: verdict.HopNone} }
func vServer(h verdict.Hop) verdict.Verdict { return verdict.Verdict{Side: verdict.SideServer, Hop: h} }
func vUser(h verdict.Hop) verdict.Verdict   { return verdict.Verdict{Side: verdict.SideUser, Hop: h} }
func vUnknown() verdict.Verdict {
	return verdict.Verdict{Side: verdict.SideUnknown, Hop: verdict.HopNone}
}

// Each case feeds verdicts one minute apart (a fake clock) and lists the
// states after each and the events raised, as "kind@step".
func TestSiteTracker(t *testing.T) {
	cases := []struct {
		name   string
		seq    []verdict.Verdict
		states string
		events string
	}{
		{"healthy", []verdict.Verdict{vOK(), vOK()}, "ok ok", ""},
		{"a blip never alerts", []verdict.Verdict{vOK(), vServer(verdict.HopOrigin), vOK()}, "ok suspect ok", ""},
		{"confirmed outage and recovery", []verdict.Verdict{vOK(), vServer(verdict.HopCDN), vServer(verdict.HopCDN), vServer(verdict.HopCDN), vOK(), vOK()},
			"ok suspect down down recovering ok", "down@2 back@5"},
		{"recovery needs confirming", []verdict.Verdict{vServer(verdict.HopOrigin), vServer(verdict.HopOrigin), vOK(), vServer(verdict.HopOrigin), vOK(), vOK()},
			"suspect down recovering down recovering ok", "down@1 back@5"},
		{"hop change while down", []verdict.Verdict{vServer(verdict.HopCDN), vServer(verdict.HopCDN), vServer(verdict.HopOrigin)},
			"suspect down down", "down@1 changed@2"},
		{"unknown is a failure too", []verdict.Verdict{vUnknown(), vUnknown()}, "suspect down", "down@1"},
		{"own network is not the site's outage", []verdict.Verdict{vOK(), vUser(verdict.HopISP), vUser(verdict.HopISP), vOK()},
			"ok suspect affected ok", ""},
		{"outage then own network then back", []verdict.Verdict{vServer(verdict.HopOrigin), vServer(verdict.HopOrigin), vUser(verdict.HopLink), vOK(), vOK()},
			"suspect down affected recovering ok", "down@1 back@4"},
		{"flapping never alerts", []verdict.Verdict{vOK(), vServer(verdict.HopOrigin), vOK(), vServer(verdict.HopOrigin), vOK(), vServer(verdict.HopOrigin), vOK()},
			"ok suspect ok suspect ok suspect ok", ""},
		{"flapping after confirmation: one down, one back", []verdict.Verdict{vServer(verdict.HopOrigin), vServer(verdict.HopOrigin), vOK(), vServer(verdict.HopOrigin), vOK(), vServer(verdict.HopOrigin), vOK(), vOK()},
			"suspect down recovering down recovering down recovering ok", "down@1 back@7"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
			tr := NewSiteTracker("https://shop.gw.test/", start)
			var states, events []string
			for i, v := range c.seq {
				now := start.Add(time.Duration(i+1) * time.Minute)
				if ev := tr.Observe(v, now); ev != nil {
					events = append(events, string(ev.Kind)+"@"+itoa(i))
					if ev.Kind == EventBack && ev.Duration <= 0 {
						t.Errorf("back event without a duration")
					}
				}
				states = append(states, string(tr.Status().State))
			}
			if got := strings.Join(states, " "); got != c.states {
				t.Errorf("states %q, want %q", got, c.states)
			}
			if got := strings.Join(events, " "); got != c.events {
				t.Errorf("events %q, want %q", got, c.events)
			}
		})
	}
}

func TestBackEventSaysHowLong(t *testing.T) {
	start := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	tr := NewSiteTracker("https://shop.gw.test/", start)
	tr.Observe(vServer(verdict.HopOrigin), start)
	tr.Observe(vServer(verdict.HopOrigin), start.Add(15*time.Second)) // confirmed: down since here
	tr.Observe(vOK(), start.Add(12*time.Minute))
	ev := tr.Observe(vOK(), start.Add(12*time.Minute+15*time.Second))
	if ev == nil || ev.Kind != EventBack || ev.Duration != 12*time.Minute {
		t.Fatalf("got %+v", ev)
	}
}

func itoa(i int) string { return string(rune('0' + i)) }
