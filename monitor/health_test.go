package monitor

import (
	"strings"
	"testing"
	"time"
)

func TestNetworkTracker(t *testing.T) {
	u := func(h Hop, url string) Verdict { return Verdict{URL: url, Side: SideUser, Hop: h} }
	ok := func(url string) Verdict { return Verdict{URL: url, Side: SideOK, Hop: HopNone} }
	srv := func(url string) Verdict { return Verdict{URL: url, Side: SideServer, Hop: HopOrigin} }
	cases := []struct {
		name   string
		rounds [][]Verdict
		events string
	}{
		{"healthy", [][]Verdict{{ok("a"), ok("b")}, {ok("a"), ok("b")}}, ""},
		{"one blip", [][]Verdict{{u(HopISP, "a")}, {ok("a")}}, ""},
		{"down once for all sites, then back", [][]Verdict{
			{u(HopISP, "a"), u(HopISP, "b"), u(HopISP, "c")},
			{u(HopISP, "a"), u(HopISP, "b"), u(HopISP, "c")},
			{u(HopISP, "a"), u(HopISP, "b"), u(HopISP, "c")},
			{ok("a"), ok("b"), ok("c")},
			{ok("a"), ok("b"), ok("c")},
		}, "network-down(3)@1 network-back@4"},
		{"hop changes", [][]Verdict{{u(HopRouter, "a")}, {u(HopRouter, "a")}, {u(HopISP, "a")}}, "network-down(1)@1 network-changed(1)@2"},
		{"a site down on its side is not a network problem", [][]Verdict{{srv("a"), ok("b")}, {srv("a"), ok("b")}}, ""},
		{"back needs two clean rounds", [][]Verdict{{u(HopDNS, "a")}, {u(HopDNS, "a")}, {ok("a")}, {u(HopDNS, "a")}, {ok("a")}, {ok("a")}}, "network-down(1)@1 network-back@5"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var tr NetworkTracker
			var got []string
			for i, r := range c.rounds {
				if ev := tr.Observe(r, t0.Add(time.Duration(i)*time.Minute)); ev != nil {
					s := string(ev.Kind)
					if ev.Kind != EventNetworkBack {
						s += "(" + itoa(len(ev.Network.Affected)) + ")"
					} else if ev.Duration <= 0 {
						t.Error("back without duration")
					}
					got = append(got, s+"@"+itoa(i))
				}
			}
			if g := strings.Join(got, " "); g != c.events {
				t.Errorf("events %q, want %q", g, c.events)
			}
		})
	}
}

func TestMonitorReportsOwnNetworkOnce(t *testing.T) {
	m, w, events := testMonitor(t, siteA, siteB, siteC)
	ctx := t.Context()
	m.Tick(ctx, t0)
	for _, s := range []string{siteA, siteB, siteC} {
		w.set(s, Verdict{Side: SideUser, Hop: HopISP, Summary: "Your internet connection is down"})
	}
	next := m.Tick(ctx, t0.Add(time.Minute))
	m.Tick(ctx, next)
	if len(*events) != 1 || (*events)[0].Kind != EventNetworkDown || len((*events)[0].Network.Affected) != 3 {
		t.Fatalf("events %+v", *events)
	}
	if p := m.NetworkProblem(); p == nil || p.Hop != HopISP {
		t.Fatalf("problem %+v", p)
	}
}
