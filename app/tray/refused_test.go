package tray

import (
	"strings"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/monitor"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// A site that refuses this computer, or that a filter here blocks, gets
// its own notification: never worded as down, with the advice the
// diagnosis gives.
func TestRefusedMessage(t *testing.T) {
	refusal := verdict.Verdict{URL: "https://chatgpt.com/", Rule: "access-refused", Side: verdict.SideUser, Hop: verdict.HopNone,
		Summary: "chatgpt.com is up but its Cloudflare refuses this computer's address (403 Forbidden): it may refuse your VPN's address (wg0); try without the VPN.",
		Fixes:   verdict.Fixes(verdict.FixDisconnectVPN)}
	blocked := verdict.Verdict{URL: "https://chatgpt.com/", Rule: "filter-blocked", Side: verdict.SideUser, Hop: verdict.HopFirewall,
		ErrorPageBy: "FortiGuard", Summary: "A security filter on your network (FortiGuard) blocks chatgpt.com.",
		Fixes: verdict.Fixes(verdict.FixAskNetworkAdmin)}
	plain := refusal
	plain.Summary = "chatgpt.com is up but its Cloudflare refuses this computer's address (403 Forbidden): the site's owner blocks your address, network or country."
	for _, c := range []struct {
		v           verdict.Verdict
		summary     string
		body, state string
	}{
		{refusal, "chatgpt.com refuses this computer's address (you are on a VPN: try without it)", "Disconnect the VPN", "up, but refuses this computer"},
		{plain, "chatgpt.com refuses this computer's address", "", "up, but refuses this computer"},
		{blocked, "A security filter on your network (FortiGuard) blocks chatgpt.com", "Ask your network administrator", "blocked by a filter on your network"},
	} {
		st := monitor.SiteStatus{URL: "https://chatgpt.com/", State: monitor.StateRefused, Side: c.v.Side, Hop: c.v.Hop, Last: c.v}
		m := MessageFor(monitor.Event{Kind: monitor.EventRefused, Status: st})
		if m.Summary != c.summary {
			t.Errorf("summary %q, want %q", m.Summary, c.summary)
		}
		if strings.Contains(strings.ToLower(m.Summary), "down") {
			t.Errorf("a site that is not down is said down: %q", m.Summary)
		}
		if !strings.Contains(m.Body, c.body) || m.Key != st.URL || m.Site != st.URL {
			t.Errorf("message %+v", m)
		}
		if got := SiteLine(st, time.Now()); !strings.HasSuffix(got, c.state) {
			t.Errorf("menu line %q", got)
		}
		if Overall([]monitor.SiteStatus{st}, nil, false) != LookUser {
			t.Error("a refused site is not shown as the user's side")
		}
	}
}
