package monitor

import (
	"context"
	"net/netip"
	"net/url"
	"sync"
	"testing"

	"github.com/gatewatch/gatewatch/checks"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// The page of a site's last working check is handed to its next check
// (Options.LastGood); a failing check does not replace it, so a block
// page keeps being compared with the real site.
func TestMonitorHandsOnTheLastGoodPage(t *testing.T) {
	m, _, _ := testMonitor(t, siteA)
	shop := &checks.PageSig{Addr: netip.MustParseAddr("203.0.113.10"), Status: 200, Title: "Shop"}
	var (
		mu   sync.Mutex
		seen []*checks.PageSig
		next verdict.Verdict
	)
	m.diagnose = func(_ context.Context, u *url.URL, opt verdict.Options) verdict.Verdict {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, opt.LastGood)
		v := next
		v.URL = u.String()
		return v
	}
	ctx := context.Background()
	now := t0
	for _, v := range []verdict.Verdict{
		{Side: verdict.SideOK, Page: shop},
		{Side: verdict.SideUser, Hop: verdict.HopDNS, Rule: "dns-block-page"},
		{Side: verdict.SideOK, Page: shop},
	} {
		next = v
		m.Tick(ctx, now)
		now = m.nextDue(now)
	}
	want := []*checks.PageSig{nil, shop, shop}
	if len(seen) != len(want) {
		t.Fatalf("%d checks, want %d", len(seen), len(want))
	}
	for i := range want {
		if seen[i] != want[i] {
			t.Errorf("check %d got LastGood %+v, want %+v", i+1, seen[i], want[i])
		}
	}
}
