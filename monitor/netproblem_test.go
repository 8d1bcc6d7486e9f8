package monitor

import (
	"strings"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/monitor/verdict"
)

func TestNetworkTracker(t *testing.T) {
	u := func(h verdict.Hop, url string) verdict.Verdict {
		return verdict.Verdict{URL: url, Side: verdict.SideUser, Hop: h}
	}
	ok := func(url string) verdict.Verdict {
		return verdict.Verdict{URL: url, Side: verdict.SideOK, Hop: verdict.HopNone}
	}
	srv := func(url string) verdict.Verdict {
		return verdict.Verdict{URL: url, Side: verdict.SideServer, Hop: verdict.HopOrigin}
	}
	cases := []struct {
		name   string
		rounds [][]verdict.Verdict
		events string
	}{
		{"healthy", [][]verdict.Verdict{{ok("a"), ok("b")}, {ok("a"), ok("b")}}, ""},
		{"one blip", [][]verdict.Verdict{{u(verdict.HopISP, "a")}, {ok("a")}}, ""},
		{"down once for all sites, then back", [][]verdict.Verdict{
			{u(verdict.HopISP, "a"), u(verdict.HopISP, "b"), u(verdict.HopISP, "c")},
			{u(verdict.HopISP, "a"), u(verdict.HopISP, "b"), u(verdict.HopISP, "c")},
			{u(verdict.HopISP, "a"), u(verdict.HopISP, "b"), u(verdict.HopISP, "c")},
			{ok("a"), ok("b"), ok("c")},
			{ok("a"), ok("b"), ok("c")},
		}, "network-down(3)@1 network-back@4"},
		{"hop changes", [][]verdict.Verdict{{u(verdict.HopRouter, "a")}, {u(verdict.HopRouter, "a")}, {u(verdict.HopISP, "a")}}, "network-down(1)@1 network-changed(1)@2"},
		{"a site down on its side is not a network problem", [][]verdict.Verdict{{srv("a"), ok("b")}, {srv("a"), ok("b")}}, ""},
		{"back needs two clean rounds", [][]verdict.Verdict{{u(verdict.HopDNS, "a")}, {u(verdict.HopDNS, "a")}, {ok("a")}, {u(verdict.HopDNS, "a")}, {ok("a")}, {ok("a")}}, "network-down(1)@1 network-back@5"},
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
		w.set(s, verdict.Verdict{Side: verdict.SideUser, Hop: verdict.HopISP, Summary: "Your internet connection is down"})
	}
	next := m.Tick(ctx, t0.Add(time.Minute))
	m.Tick(ctx, next)
	if len(*events) != 1 || (*events)[0].Kind != EventNetworkDown || len((*events)[0].Network.Affected) != 3 {
		t.Fatalf("events %+v", *events)
	}
	if p := m.NetworkProblem(); p == nil || p.Hop != verdict.HopISP {
		t.Fatalf("problem %+v", p)
	}
}
