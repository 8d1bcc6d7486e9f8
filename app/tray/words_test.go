package tray

import (
	"bytes"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/monitor"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

var now = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func st(url string, s monitor.State, side verdict.Side, hop verdict.Hop) monitor.SiteStatus {
	return monitor.SiteStatus{URL: url, State: s, Side: side, Hop: hop}
}

func TestSiteLine(t *testing.T) {
	down := st("https://shop.gw.test/", monitor.StateDown, verdict.SideServer, verdict.HopCDN)
	down.DownSince = now.Add(-4 * time.Minute)
	cloudflare := down
	cloudflare.Name = "ChatGPT"
	cloudflare.Last.ErrorPageBy = "Cloudflare"
	unclear := st("https://shop.gw.test/", monitor.StateDown, verdict.SideUnknown, verdict.HopNone)
	unclear.DownSince = now.Add(-30 * time.Second)
	cases := []struct {
		in   monitor.SiteStatus
		want string
	}{
		{st("https://shop.gw.test/", monitor.StateChecking, "", ""), "shop.gw.test — checking…"},
		{st("https://shop.gw.test/", monitor.StateOK, verdict.SideOK, verdict.HopNone), "shop.gw.test — OK"},
		{st("http://127.0.0.1:8080/", monitor.StateOK, verdict.SideOK, verdict.HopNone), "127.0.0.1:8080 — OK"},
		{st("https://shop.gw.test/cart/", monitor.StateOK, verdict.SideOK, verdict.HopNone), "shop.gw.test/cart — OK"},
		{st("https://shop.gw.test", monitor.StateOK, verdict.SideOK, verdict.HopNone), "shop.gw.test — OK"},
		{st("https://shop.gw.test/", monitor.StateSuspect, verdict.SideServer, verdict.HopOrigin), "shop.gw.test — failed once, checking again…"},
		{down, "shop.gw.test — their side: the CDN can't reach the origin, 4 min"},
		{cloudflare, "ChatGPT — their side: Cloudflare can't reach the origin, 4 min"},
		{unclear, "shop.gw.test — down, side unclear, 30 s"},
		{st("https://shop.gw.test/", monitor.StateAffected, verdict.SideUser, verdict.HopISP), "shop.gw.test — affected: your network (isp)"},
		{st("https://shop.gw.test/", monitor.StateAffected, verdict.SideUser, verdict.HopNone), "shop.gw.test — affected: your network"},
		{st("https://shop.gw.test/", monitor.StateRecovering, verdict.SideServer, verdict.HopCDN), "shop.gw.test — answers again, confirming…"},
	}
	for _, c := range cases {
		if got := SiteLine(c.in, now); got != c.want {
			t.Errorf("%s %s: got %q, want %q", c.in.State, c.in.Side, got, c.want)
		}
	}
}

func TestOverall(t *testing.T) {
	ok := st("https://a.gw.test/", monitor.StateOK, verdict.SideOK, verdict.HopNone)
	checking := st("https://b.gw.test/", monitor.StateChecking, "", "")
	suspect := st("https://b.gw.test/", monitor.StateSuspect, verdict.SideServer, verdict.HopOrigin)
	down := st("https://b.gw.test/", monitor.StateDown, verdict.SideServer, verdict.HopOrigin)
	recovering := st("https://b.gw.test/", monitor.StateRecovering, verdict.SideServer, verdict.HopOrigin)
	affected := st("https://c.gw.test/", monitor.StateAffected, verdict.SideUser, verdict.HopISP)
	np := &monitor.NetworkProblem{Hop: verdict.HopISP}
	cases := []struct {
		name   string
		sites  []monitor.SiteStatus
		net    *monitor.NetworkProblem
		paused bool
		want   Look
	}{
		{"no sites", nil, nil, false, LookChecking},
		{"starting", []monitor.SiteStatus{ok, checking}, nil, false, LookChecking},
		{"all ok", []monitor.SiteStatus{ok, ok}, nil, false, LookOK},
		{"one blip is not alarming", []monitor.SiteStatus{ok, suspect}, nil, false, LookChecking},
		{"down", []monitor.SiteStatus{ok, down}, nil, false, LookServer},
		{"recovering stays red", []monitor.SiteStatus{ok, recovering}, nil, false, LookServer},
		{"affected", []monitor.SiteStatus{ok, affected}, nil, false, LookUser},
		{"network problem wins over down", []monitor.SiteStatus{down, ok}, np, false, LookUser},
		{"paused", []monitor.SiteStatus{down}, np, true, LookChecking},
	}
	for _, c := range cases {
		if got := Overall(c.sites, c.net, c.paused); got != c.want {
			t.Errorf("%s: got %d, want %d", c.name, got, c.want)
		}
	}
}

func TestLooksHaveDistinctPNGs(t *testing.T) {
	looks := []Look{LookChecking, LookOK, LookUser, LookServer}
	for i, a := range looks {
		if !bytes.HasPrefix(a.PNG(), []byte("\x89PNG\r\n\x1a\n")) {
			t.Errorf("look %d is not a PNG", a)
		}
		for _, b := range looks[i+1:] {
			if bytes.Equal(a.PNG(), b.PNG()) {
				t.Errorf("looks %d and %d share an icon", a, b)
			}
		}
	}
}

func TestHeadline(t *testing.T) {
	ok := st("https://a.gw.test/", monitor.StateOK, verdict.SideOK, verdict.HopNone)
	down := st("https://b.gw.test/", monitor.StateDown, verdict.SideServer, verdict.HopOrigin)
	np := &monitor.NetworkProblem{Hop: verdict.HopISP, Summary: "Your internet provider is not routing traffic."}
	cases := []struct {
		name   string
		sites  []monitor.SiteStatus
		net    *monitor.NetworkProblem
		paused bool
		want   string
	}{
		{"paused", []monitor.SiteStatus{ok}, nil, true, "gatewatch is paused until 10:00"},
		{"one ok", []monitor.SiteStatus{ok}, nil, false, "a.gw.test is OK"},
		{"all ok", []monitor.SiteStatus{ok, ok}, nil, false, "All 2 sites are OK"},
		{"down", []monitor.SiteStatus{ok, down}, nil, false, "1 site is down on their side"},
		{"two down", []monitor.SiteStatus{down, down}, nil, false, "2 sites are down on their side"},
		{"network", []monitor.SiteStatus{ok}, np, false, np.Summary},
		{"checking", nil, nil, false, "gatewatch is checking…"},
	}
	for _, c := range cases {
		if got := Headline(c.sites, c.net, c.paused, now.Add(time.Hour)); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
