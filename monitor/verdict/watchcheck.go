package verdict

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gatewatch/gatewatch/checks"
)

// WatchCheck is the monitor's routine check. With the round's network
// evidence at hand (opt.Net), the site is fetched alone and a usable answer
// is the verdict; only a failure pays for the full diagnosis (per-site DNS
// against every resolver, proxy test, certificate chain). With a thousand
// sites that keeps a check to one request. The verdict for a working site
// is the same as Diagnose's: site-ok, unless the shared evidence shows a
// captive portal, which is decided from the network evidence alone.
func WatchCheck(ctx context.Context, target *url.URL, opt Options) Verdict {
	if opt.Net == nil {
		return Diagnose(ctx, target, opt)
	}
	start := time.Now()
	setting, err := checks.ProxyFor(ctx, target, opt.proxyOptions())
	if err != nil {
		return Diagnose(ctx, target, opt)
	}
	hopt := checks.HTTPOptions{Timeout: opt.Timeout, TLSConfig: opt.TLSConfig, Pool: opt.Pool}
	if setting.URL != nil && !setting.Bypassed {
		hopt.Proxy = setting.URL
	}
	h := checks.HTTP(ctx, target, hopt)
	e := &Evidence{Target: target, HTTP: &h, Net: *opt.Net}
	v := Decide(e)
	if v.Side != SideOK {
		return Diagnose(ctx, target, opt.forDiagnosis(time.Now()))
	}
	if moved := pageMoved(opt.LastGood, v.Page); moved != "" {
		// The answer moved to an address serving another page: the full
		// diagnosis compares the system's answer with the reference
		// resolvers' (a block page is dns-block-page); if it still finds
		// the site working, the move is said as a warning.
		d := Diagnose(ctx, target, opt.forDiagnosis(time.Now()))
		if d.Side == SideOK {
			d.Warnings = append(d.Warnings, moved)
		}
		return d
	}
	v.ElapsedMS = time.Since(start).Milliseconds()
	v.CheckedAt = start
	return v
}

// NetMaxAge is the oldest shared network evidence a failure's diagnosis
// uses: the monitor's rounds share one probe for at most this long while
// anything fails, and WatchCheck re-probes for a failure when the evidence
// it was given is older (see Options.NetAt).
const NetMaxAge = 10 * time.Second

// forDiagnosis is opt for the full diagnosis of a failing or moved site:
// without the shared network evidence when that is older than NetMaxAge,
// so that Diagnose probes the network afresh.
func (opt Options) forDiagnosis(now time.Time) Options {
	if opt.Net != nil && !opt.NetAt.IsZero() && now.Sub(opt.NetAt) >= NetMaxAge {
		opt.Net, opt.NetAt = nil, time.Time{}
	}
	return opt
}

// pageMoved says how the page now served at a new address differs from
// the last good one, or "" when the address is the same (a site may change
// its page), the page looks the same (another edge of its CDN) or there
// is nothing to compare.
func pageMoved(last, now *checks.PageSig) string {
	if last == nil || now == nil || !last.Addr.IsValid() || !now.Addr.IsValid() || last.Addr == now.Addr {
		return ""
	}
	diff := checks.PageDiffers(*last, *now)
	if len(diff) == 0 {
		return ""
	}
	return fmt.Sprintf("the site's address moved from %s to %s, where the page differs from the last good one (%s)", last.Addr, now.Addr, strings.Join(diff, "; "))
}
