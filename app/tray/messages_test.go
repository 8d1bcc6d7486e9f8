package tray

import (
	"strings"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/monitor"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

func TestMessageFor(t *testing.T) {
	serverDown := verdict.Verdict{
		Side: verdict.SideServer, Hop: verdict.HopCDN,
		Summary: "Cloudflare could not reach the site's server (502).",
		Fixes:   verdict.Fixes(verdict.FixRetryLater, verdict.FixStatusPage),
	}
	unclear := verdict.Verdict{Side: verdict.SideUnknown, Hop: verdict.HopNone, Summary: "The evidence conflicts."}
	site := func(side verdict.Side, hop verdict.Hop, v verdict.Verdict) monitor.SiteStatus {
		return monitor.SiteStatus{URL: "https://chatgpt.com/", State: monitor.StateDown, Side: side, Hop: hop, Last: v}
	}
	ispDown := &monitor.NetworkProblem{
		Hop: verdict.HopISP, Summary: "Your internet provider is not routing traffic.",
		Affected: []string{"a", "b", "c", "d", "e"},
		Verdict: verdict.Verdict{
			Side: verdict.SideUser, Hop: verdict.HopISP, Summary: "Your internet provider is not routing traffic.",
			Fixes: verdict.Fixes(verdict.FixRestartRouter),
		},
	}
	dnsOne := &monitor.NetworkProblem{Hop: verdict.HopDNS, Affected: []string{"a"}, Verdict: verdict.Verdict{Summary: "Your DNS server does not answer."}}
	cases := []struct {
		name          string
		ev            monitor.Event
		summary, body string
		key           string
	}{
		{
			"down on its side",
			monitor.Event{Kind: monitor.EventDown, Status: site(verdict.SideServer, verdict.HopCDN, serverDown)},
			"chatgpt.com is down on its side",
			serverDown.Summary + "\n" + serverDown.Fixes[0].Title,
			"https://chatgpt.com/",
		},
		{
			"down, side unclear",
			monitor.Event{Kind: monitor.EventDown, Status: site(verdict.SideUnknown, verdict.HopNone, unclear)},
			"chatgpt.com is down; can't tell whose side",
			"The evidence conflicts.",
			"https://chatgpt.com/",
		},
		{
			"changed hop",
			monitor.Event{Kind: monitor.EventChanged, Status: site(verdict.SideServer, verdict.HopCDN, serverDown)},
			"chatgpt.com is still down on its side (now: cdn)",
			serverDown.Summary + "\n" + serverDown.Fixes[0].Title,
			"https://chatgpt.com/",
		},
		{
			"changed to unclear",
			monitor.Event{Kind: monitor.EventChanged, Status: site(verdict.SideUnknown, verdict.HopNone, unclear)},
			"chatgpt.com is still down; now can't tell whose side",
			"The evidence conflicts.",
			"https://chatgpt.com/",
		},
		{
			"back",
			monitor.Event{Kind: monitor.EventBack, Status: monitor.SiteStatus{URL: "https://chatgpt.com/", State: monitor.StateOK}, Duration: 12*time.Minute + 20*time.Second},
			"chatgpt.com is back after 12 min",
			"It answers normally again.",
			"https://chatgpt.com/",
		},
		{
			"network down, coalesced",
			monitor.Event{Kind: monitor.EventNetworkDown, Network: ispDown},
			"Your internet connection is down — 5 sites affected",
			"Your internet provider is not routing traffic.\n" + ispDown.Verdict.Fixes[0].Title,
			networkKey,
		},
		{
			"network changed",
			monitor.Event{Kind: monitor.EventNetworkChanged, Network: dnsOne},
			"Name lookups (DNS) fail on your side — 1 site affected",
			"The problem moved. Your DNS server does not answer.",
			networkKey,
		},
		{
			"network back",
			monitor.Event{Kind: monitor.EventNetworkBack, Network: ispDown, Duration: 3 * time.Minute},
			"Your internet connection is back after 3 min",
			"5 sites were affected.",
			networkKey,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := MessageFor(c.ev)
			if m.Summary != c.summary {
				t.Errorf("summary %q, want %q", m.Summary, c.summary)
			}
			if m.Body != c.body {
				t.Errorf("body %q, want %q", m.Body, c.body)
			}
			if m.Key != c.key {
				t.Errorf("key %q, want %q", m.Key, c.key)
			}
		})
	}
}

func TestMessageButtons(t *testing.T) {
	down := MessageFor(monitor.Event{Kind: monitor.EventDown, Status: monitor.SiteStatus{URL: "https://chat.example/", Side: verdict.SideServer}})
	keys := map[string]bool{}
	for _, a := range down.Actions {
		keys[a.Key] = true
	}
	if down.Site != "https://chat.example/" || !keys[ActionDiagnose] || !keys[ActionNotifyBack] || !keys[ActionDefault] {
		t.Errorf("down message: site %q actions %v", down.Site, down.Actions)
	}
	hello := FirstRunMessage(4)
	if !strings.Contains(hello.Summary, "4 sites") || !strings.Contains(hello.Body, "tray") || hello.Site != "" {
		t.Errorf("first run: %+v", hello)
	}
	if m := BackMessage(monitor.SiteStatus{URL: "https://chat.example/"}); !strings.Contains(m.Summary, "chat.example is back") {
		t.Errorf("back: %+v", m)
	}
}
