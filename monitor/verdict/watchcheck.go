package verdict

import (
	"context"
	"net/url"
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
		return Diagnose(ctx, target, opt)
	}
	v.ElapsedMS = time.Since(start).Milliseconds()
	v.CheckedAt = start
	return v
}
