package monitor

import (
	"strings"
	"testing"
	"time"
)

func vOK() Verdict          { return Verdict{Side: SideOK, Hop: HopNone} }
func vServer(h Hop) Verdict { return Verdict{Side: SideServer, Hop: h} }
func vUser(h Hop) Verdict   { return Verdict{Side: SideUser, Hop: h} }
func vUnknown() Verdict     { return Verdict{Side: SideUnknown, Hop: HopNone} }

// Each case feeds verdicts one minute apart (a fake clock) and lists the
// states after each and the events raised, as "kind@step".
func TestSiteTracker(t *testing.T) {
	cases := []struct {
		name   string
		seq    []Verdict
		states string
		events string
	}{
		{"healthy", []Verdict{vOK(), vOK()}, "ok ok", ""},
		{"a blip never alerts", []Verdict{vOK(), vServer(HopOrigin), vOK()}, "ok suspect ok", ""},
		{"confirmed outage and recovery", []Verdict{vOK(), vServer(HopCDN), vServer(HopCDN), vServer(HopCDN), vOK(), vOK()},
			"ok suspect down down recovering ok", "down@2 back@5"},
		{"recovery needs confirming", []Verdict{vServer(HopOrigin), vServer(HopOrigin), vOK(), vServer(HopOrigin), vOK(), vOK()},
			"suspect down recovering down recovering ok", "down@1 back@5"},
		{"hop change while down", []Verdict{vServer(HopCDN), vServer(HopCDN), vServer(HopOrigin)},
			"suspect down down", "down@1 changed@2"},
		{"unknown is a failure too", []Verdict{vUnknown(), vUnknown()}, "suspect down", "down@1"},
		{"own network is not the site's outage", []Verdict{vOK(), vUser(HopISP), vUser(HopISP), vOK()},
			"ok suspect affected ok", ""},
		{"outage then own network then back", []Verdict{vServer(HopOrigin), vServer(HopOrigin), vUser(HopLink), vOK(), vOK()},
			"suspect down affected recovering ok", "down@1 back@4"},
		{"flapping never alerts", []Verdict{vOK(), vServer(HopOrigin), vOK(), vServer(HopOrigin), vOK(), vServer(HopOrigin), vOK()},
			"ok suspect ok suspect ok suspect ok", ""},
		{"flapping after confirmation: one down, one back", []Verdict{vServer(HopOrigin), vServer(HopOrigin), vOK(), vServer(HopOrigin), vOK(), vServer(HopOrigin), vOK(), vOK()},
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
	tr.Observe(vServer(HopOrigin), start)
	tr.Observe(vServer(HopOrigin), start.Add(15*time.Second)) // confirmed: down since here
	tr.Observe(vOK(), start.Add(12*time.Minute))
	ev := tr.Observe(vOK(), start.Add(12*time.Minute+15*time.Second))
	if ev == nil || ev.Kind != EventBack || ev.Duration != 12*time.Minute {
		t.Fatalf("got %+v", ev)
	}
}

func itoa(i int) string { return string(rune('0' + i)) }
