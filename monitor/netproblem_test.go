package monitor

import (
	"slices"
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

// permutations returns every order of vs (the orders checks may finish in).
func permutations(vs []verdict.Verdict) [][]verdict.Verdict {
	if len(vs) <= 1 {
		return [][]verdict.Verdict{slices.Clone(vs)}
	}
	var out [][]verdict.Verdict
	for i := range vs {
		rest := append(slices.Clone(vs[:i]), vs[i+1:]...)
		for _, p := range permutations(rest) {
			out = append(out, append([]verdict.Verdict{vs[i]}, p...))
		}
	}
	return out
}

// The problem a round shows must not depend on which check finished
// first, and must count every site failing on the user's side.
func TestNetworkProblemIndependentOfOrder(t *testing.T) {
	u := func(h verdict.Hop, url string) verdict.Verdict {
		return verdict.Verdict{URL: url, Side: verdict.SideUser, Hop: h, Summary: string(h) + " fails"}
	}
	srv := verdict.Verdict{URL: "s", Side: verdict.SideServer, Hop: verdict.HopOrigin}
	cases := []struct {
		name     string
		round    []verdict.Verdict
		hop      verdict.Hop
		evidence string // URL of the verdict shown
		affected int
	}{
		{"dns and proxy", []verdict.Verdict{u(verdict.HopDNS, "a"), u(verdict.HopProxy, "b")}, verdict.HopDNS, "a", 2},
		{"proxy, captive portal, router", []verdict.Verdict{u(verdict.HopProxy, "a"), u(verdict.HopCaptive, "b"), u(verdict.HopRouter, "c"), srv}, verdict.HopRouter, "c", 3},
		{"vpn before isp", []verdict.Verdict{u(verdict.HopISP, "a"), u(verdict.HopVPN, "b"), u(verdict.HopISP, "c")}, verdict.HopVPN, "b", 3},
		{"link first", []verdict.Verdict{u(verdict.HopDNS, "a"), u(verdict.HopLink, "b"), u(verdict.HopISP, "c"), u(verdict.HopFirewall, "d")}, verdict.HopLink, "b", 4},
		{"same hop: lowest URL's evidence", []verdict.Verdict{u(verdict.HopISP, "c"), u(verdict.HopISP, "a"), u(verdict.HopISP, "b")}, verdict.HopISP, "a", 3},
		{"clock after captive portal", []verdict.Verdict{u(verdict.HopClock, "a"), u(verdict.HopCaptive, "b")}, verdict.HopCaptive, "b", 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var first []string
			for _, perm := range permutations(c.round) {
				p := problemOf(perm, t0)
				if p == nil || p.Hop != c.hop || p.Verdict.URL != c.evidence || p.Summary != p.Verdict.Summary || len(p.Affected) != c.affected {
					t.Fatalf("order %v: problem %+v, want hop %s from %s with %d affected", urls(perm), p, c.hop, c.evidence, c.affected)
				}
				if first == nil {
					first = p.Affected
				} else if !slices.Equal(first, p.Affected) {
					t.Fatalf("order %v: affected %v, another order gave %v", urls(perm), p.Affected, first)
				}
			}
		})
	}
}

func urls(vs []verdict.Verdict) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.URL+"/"+string(v.Hop))
	}
	return out
}

// Two hops in every round, finishing in alternating orders (as goroutines
// do): the problem is confirmed on the second round, at the upstream hop,
// and never "moves" while the evidence stays the same.
func TestNetworkTrackerAlternatingOrders(t *testing.T) {
	dns := verdict.Verdict{URL: "a", Side: verdict.SideUser, Hop: verdict.HopDNS}
	proxy := verdict.Verdict{URL: "b", Side: verdict.SideUser, Hop: verdict.HopProxy}
	var tr NetworkTracker
	var got []string
	for i := range 6 {
		round := []verdict.Verdict{dns, proxy}
		if i%2 == 1 {
			round = []verdict.Verdict{proxy, dns}
		}
		if ev := tr.Observe(round, t0.Add(time.Duration(i)*time.Minute)); ev != nil {
			got = append(got, string(ev.Kind)+"("+string(ev.Network.Hop)+","+itoa(len(ev.Network.Affected))+")@"+itoa(i))
		}
	}
	if g, want := strings.Join(got, " "), "network-down(dns,2)@1"; g != want {
		t.Fatalf("events %q, want %q", g, want)
	}
}

// A user-side failure in two consecutive rounds is confirmed even when
// the single failing hop differs between them.
func TestNetworkTrackerConfirmsAcrossHops(t *testing.T) {
	var tr NetworkTracker
	r1 := []verdict.Verdict{{URL: "a", Side: verdict.SideUser, Hop: verdict.HopRouter}}
	r2 := []verdict.Verdict{{URL: "a", Side: verdict.SideUser, Hop: verdict.HopISP}}
	if ev := tr.Observe(r1, t0); ev != nil {
		t.Fatalf("first round: %+v", ev)
	}
	ev := tr.Observe(r2, t0.Add(time.Minute))
	if ev == nil || ev.Kind != EventNetworkDown || ev.Network.Hop != verdict.HopISP || !ev.Network.Since.Equal(t0) {
		t.Fatalf("second round: %+v", ev)
	}
}

// Through the monitor, whose checks finish in any order: DNS failing for
// one site and the proxy for another is one network problem, at DNS,
// with both sites counted, every time.
func TestMonitorTwoUserHops(t *testing.T) {
	for range 20 {
		m, w, events := testMonitor(t, siteA, siteB, siteC)
		ctx := t.Context()
		m.Tick(ctx, t0)
		w.set(siteA, verdict.Verdict{Side: verdict.SideUser, Hop: verdict.HopProxy, Summary: "proxy"})
		w.set(siteB, verdict.Verdict{Side: verdict.SideUser, Hop: verdict.HopDNS, Summary: "dns"})
		next := m.Tick(ctx, t0.Add(time.Minute))
		m.Tick(ctx, next)
		if len(*events) != 1 || (*events)[0].Kind != EventNetworkDown {
			t.Fatalf("events %+v", *events)
		}
		p := (*events)[0].Network
		if p.Hop != verdict.HopDNS || p.Summary != "dns" || len(p.Affected) != 2 {
			t.Fatalf("problem %+v", p)
		}
	}
}

// A site that refuses this computer's address (access-refused, user side)
// is not a network problem: alone it raises none, beside one it is not
// counted among the affected sites.
func TestSiteRefusalIsNotANetworkProblem(t *testing.T) {
	r, ok := verdict.RuleNamed("access-refused")
	if !ok {
		t.Fatal("no access-refused rule")
	}
	refused := verdict.Verdict{URL: "https://a.test/", Side: r.Side, Hop: r.Hop, Rule: r.Name}
	dns := verdict.Verdict{URL: "https://b.test/", Side: verdict.SideUser, Hop: verdict.HopDNS, Rule: "dns-resolver-failing"}
	if p := problemOf([]verdict.Verdict{refused}, t0); p != nil {
		t.Errorf("a refusal alone made a network problem: %+v", p)
	}
	p := problemOf([]verdict.Verdict{refused, dns}, t0)
	if p == nil || p.Hop != verdict.HopDNS || len(p.Affected) != 1 || p.Affected[0] != dns.URL {
		t.Errorf("problem %+v, want dns with only %s affected", p, dns.URL)
	}
}
