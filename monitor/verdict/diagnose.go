package verdict

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/netip"
	"net/url"
	"sync"
	"time"

	"github.com/gatewatch/gatewatch/checks"
)

// Options configure a diagnosis. Canaries and Resolvers come from the
// config or the command line; Diagnose never invents public defaults.
type Options struct {
	Timeout         time.Duration // the site request; network probes use shorter ones
	Canaries        []*url.URL
	Resolvers       []string // "ip:port"
	SystemResolvers []string // nil: discover from the OS
	Getenv          func(string) string
	SkipSystemProxy bool // only the environment decides the proxy (tests)
	CompareDirect   bool // when the proxy fails, try the site without it
	TLSConfig       *tls.Config
	// Net, when set, is network evidence already gathered this round (the
	// monitor probes the network once for all sites); Diagnose then runs
	// only the site's own probes.
	Net *NetEvidence
	// NetAt is when Net was probed. WatchCheck's routine answer for a
	// working site may use older evidence (a calm monitor probes less
	// often), but a failure is diagnosed with evidence younger than
	// NetMaxAge, probing afresh otherwise: a side must not be decided on
	// a network that may have changed since. Zero: Net is current.
	NetAt time.Time
	// Proxies, when set, caches the OS proxy settings across checks (the
	// monitor keeps one); nil reads them every time.
	Proxies *checks.ProxyCache
	// Pool, when set, lets WatchCheck's routine request reuse a keep-alive
	// connection (the monitor keeps one, refreshed every few minutes).
	// Diagnose never uses it: a diagnosis looks at the network afresh.
	Pool *checks.ConnPool
	// LastGood is the page this site served at its last good check (the
	// monitor keeps it per site, from Verdict.Page): WatchCheck compares
	// the routine answer with it when the address moves.
	LastGood *checks.PageSig
	// World, when set, is asked for a second opinion from other places on
	// the internet when the local verdict is ambiguous (world.go).
	World SecondOpinion
	// WorldOnDemand asks World for every failing site, not only the
	// ambiguous ones (the user asked for it).
	WorldOnDemand bool
}

// Probe timeouts for the network side: short, so that a user-side verdict
// arrives within about two seconds even when everything times out.
const (
	gatewayTimeout = time.Second
	reachTimeout   = time.Second
	dnsTimeout     = 1500 * time.Millisecond
	proxyTimeout   = time.Second // the TCP connect to the configured proxy
	reachAttempts  = 8           // handshakes per reference resolver: see LossThreshold
	// recheckTimeout bounds the second looks taken after the site failed
	// (its certificate chain by hand, the site without the proxy): the
	// failure is already known, so they get a few seconds, not the site's
	// full timeout.
	recheckTimeout = 3 * time.Second
)

func (o Options) short(d time.Duration) time.Duration {
	if o.Timeout > 0 && o.Timeout < d {
		return o.Timeout
	}
	return d
}

// ProbeNetwork runs the site-independent probes concurrently.
func ProbeNetwork(ctx context.Context, opt Options) NetEvidence {
	var (
		n  NetEvidence
		mu sync.Mutex
		wg sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		link := checks.Link(ctx)
		mu.Lock()
		n.Link = &link
		mu.Unlock()
		if r, ok := physicalGateway(link); ok {
			g := checks.Gateway(ctx, r, checks.GatewayOptions{Timeout: opt.short(gatewayTimeout)})
			mu.Lock()
			if g.Err == checks.ErrGuard {
				n.GatewayNotTested = &g // no rule may read the guard's refusal as a silent router
			} else {
				n.Gateway = &g
			}
			mu.Unlock()
		}
	}()
	n.Canaries = make([]checks.CanaryResult, len(opt.Canaries))
	families := make([][]checks.FamilyProbe, len(opt.Canaries))
	for i, c := range opt.Canaries {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n.Canaries[i], families[i] = canary(ctx, c, opt)
		}()
	}
	n.Reach = make([]checks.ReachResult, len(opt.Resolvers))
	for i, r := range opt.Resolvers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n.Reach[i] = checks.Reach(ctx, r, checks.ReachOptions{Timeout: opt.short(reachTimeout), Attempts: reachAttempts})
		}()
	}
	if len(opt.Resolvers) > 0 {
		// Port 443 of the same hosts, beside the port 53 handshakes: only
		// silence on 443 while 53 answers shows HTTPS blocked on the path.
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := checks.HTTPSReach(ctx, opt.Resolvers, checks.ReachOptions{Timeout: opt.short(reachTimeout), Attempts: httpsAttempts})
			mu.Lock()
			n.HTTPS = &h
			mu.Unlock()
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		var probe netip.Addr
		if len(opt.Resolvers) > 0 {
			if ap, err := netip.ParseAddrPort(opt.Resolvers[0]); err == nil {
				probe = ap.Addr()
			}
		}
		v := checks.VPN(ctx, checks.VPNOptions{Probe: probe})
		mu.Lock()
		n.VPN = &v
		mu.Unlock()
	}()
	wg.Wait()
	for _, f := range families {
		n.Families = append(n.Families, f...)
	}
	for _, c := range n.Canaries {
		if !c.Date.IsZero() {
			n.Clocks = append(n.Clocks, ClockReading{Source: "canary " + canaryHost(c.URL), Skew: c.Skew})
		}
	}
	return n
}

// physicalGateway picks the router to test: the gateway of a default route,
// preferring IPv4. Split VPN routes have no gateway and are skipped, so the
// LAN router is still tested while a VPN is up.
func physicalGateway(l checks.LinkResult) (checks.Route, bool) {
	var best checks.Route
	found := false
	for _, r := range l.DefaultRoutes {
		if !r.Gateway.IsValid() {
			continue
		}
		if !found || (r.Gateway.Is4() && !best.Gateway.Is4()) {
			best, found = r, true
		}
	}
	return best, found
}

// canary fetches one canary and, alongside, tries it over each address
// family it has (a handshake per family: FamilyProbe). A canary named by
// host is resolved through the reference resolvers, never the system's, so
// that a broken local resolver is not mistaken for being offline.
func canary(ctx context.Context, c *url.URL, opt Options) (checks.CanaryResult, []checks.FamilyProbe) {
	co := checks.CanaryOptions{Timeout: opt.short(checks.DefaultCanaryTimeout)}
	host := c.Hostname()
	var addrs []netip.Addr
	if a, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{a}
	} else if len(opt.Resolvers) > 0 {
		d := checks.DNS(ctx, host, checks.DNSOptions{Timeout: opt.short(dnsTimeout), System: opt.Resolvers})
		addrs = d.SystemAddrs()
		if len(addrs) == 0 {
			return checks.CanaryResult{URL: checks.Redact(c), Err: checks.ErrDNS,
				Detail: fmt.Sprintf("canary %s could not be resolved by the reference resolvers", host), Elapsed: d.Elapsed}, nil
		}
		co.DialAddr = addrs[0]
	}
	// The fetch itself is its address's family's probe; only the other
	// family, when the canary has one, costs a handshake of its own (extra
	// SYNs would also disturb the loss measured alongside).
	dialed := co.DialAddr
	if !dialed.IsValid() && len(addrs) > 0 {
		dialed = addrs[0]
	}
	var others []netip.Addr
	for _, a := range addrs {
		if checks.AddrFamily(a) != checks.AddrFamily(dialed) {
			others = append(others, a)
		}
	}
	fams := familyProbes(ctx, "canary "+host, others, urlPort(c), opt)
	res := checks.Canary(ctx, c, co)
	out := fams.wait()
	if dialed.IsValid() {
		out = append([]checks.FamilyProbe{canaryFamily(host, dialed, res)}, out...)
	}
	return res, out
}

func (o Options) proxyOptions() checks.ProxyOptions {
	return checks.ProxyOptions{Getenv: o.Getenv, SkipSystem: o.SkipSystemProxy, Timeout: o.short(proxyTimeout), Cache: o.Proxies}
}

// Diagnose checks one URL and says whose fault a failure is. Network and
// site probes run concurrently; when a NetworkAlone rule of the table
// holds on the network evidence (no link, captive portal, internet down,
// the name failing everywhere or only at the system resolver) the site
// request is not waited for.
func Diagnose(ctx context.Context, target *url.URL, opt Options) Verdict {
	start := time.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	e := &Evidence{Target: target}
	finish := func() Verdict {
		askWorld(ctx, e, opt)
		v := Decide(e)
		v.ElapsedMS = time.Since(start).Milliseconds()
		v.CheckedAt = start
		return v
	}
	popt := opt.proxyOptions()
	setting, perr := checks.ProxyFor(ctx, target, popt)

	hopt := checks.HTTPOptions{Timeout: opt.Timeout, TLSConfig: opt.TLSConfig}
	if perr == nil && setting.URL != nil && !setting.Bypassed {
		hopt.Proxy = setting.URL
	}
	siteCtx, siteCancel := context.WithCancel(ctx)
	defer siteCancel()
	httpCh := make(chan checks.HTTPResult, 1)
	go func() { httpCh <- checks.HTTP(siteCtx, target, hopt) }()

	// Site-independent and site-name probes, all bounded by short timeouts.
	// They write into probed, which is read only once netDone is closed:
	// if the site's own answer settles the matter first, they are
	// abandoned (and cancelled) instead.
	netCtx, netCancel := context.WithCancel(ctx)
	defer netCancel()
	var probed struct {
		net      NetEvidence
		dns      *checks.DNSResult
		proxy    *checks.ProxyResult
		families []checks.FamilyProbe
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if opt.Net != nil {
			probed.net = *opt.Net
			return
		}
		probed.net = ProbeNetwork(netCtx, opt)
	}()
	// The site over each address family it has, unless a proxy does the
	// connecting: whether IPv4 and IPv6 each reach it. Only for a site
	// with IPv6 addresses: an IPv4-only site's own request is its IPv4
	// probe, and extra handshakes would disturb the loss measurement.
	direct := hopt.Proxy == nil
	if lit, err := netip.ParseAddr(target.Hostname()); err != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := checks.DNS(netCtx, target.Hostname(), checks.DNSOptions{
				Timeout: opt.short(dnsTimeout), System: opt.SystemResolvers, References: opt.Resolvers,
			})
			probed.dns = &d
			if addrs := d.SystemAddrs(); direct && hasIPv6(addrs) {
				probed.families = familyProbes(netCtx, target.Hostname(), addrs, urlPort(target), opt).wait()
			}
		}()
	} else if direct && lit.Is6() && !lit.Is4In6() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			probed.families = familyProbes(netCtx, target.Hostname(), []netip.Addr{lit}, urlPort(target), opt).wait()
		}()
	}
	if perr == nil && setting.URL != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := checks.Proxy(netCtx, target, popt)
			probed.proxy = &p
		}()
	}
	netDone := make(chan struct{})
	go func() { wg.Wait(); close(netDone) }()

	var early *checks.HTTPResult
	select {
	case <-netDone:
	case h := <-httpCh:
		early = &h
		if fp, ok := responseConclusive(h, hopt.Proxy != nil); ok {
			// The site's own servers (or its CDN) answered with an error
			// page: the user's network demonstrably works up to them, so
			// the network probes cannot change the verdict.
			netCancel()
			e.HTTP, e.FP = early, fp
			e.NetSkipped = fmt.Sprintf("not needed: %s answered itself", roleWords(fp.GeneratedBy))
			return finish()
		}
		<-netDone
	}
	e.Net, e.DNS, e.Proxy, e.SiteFamilies = probed.net, probed.dns, probed.proxy, probed.families

	// Resolvers disagree: fetch the site at the reference address too, so
	// a hijacked answer can be told from a CDN's geo-DNS.
	var pinnedCh chan checks.HTTPResult
	if e.DNS != nil && e.DNS.Disagree() && hopt.Proxy == nil {
		if ra := e.DNS.ReferenceAddrs(); len(ra) > 0 {
			pinnedCh = make(chan checks.HTTPResult, 1)
			po := hopt
			po.DialAddr = ra[0]
			go func() { pinnedCh <- checks.HTTP(siteCtx, target, po) }()
		}
	}

	if early != nil {
		e.HTTP = early
	} else {
		awaitSite(e, httpCh, siteCancel)
	}
	if pinnedCh != nil && e.HTTP != nil {
		p := <-pinnedCh
		e.Pinned = &p
	}
	if e.HTTP != nil && e.HTTP.Stalled() && hopt.Proxy == nil && e.Net.lossPercent() < LossThreshold {
		// The connection was up and then nothing came: try again with small
		// TCP segments, which get through a path that drops large packets.
		// Not on a path losing packets heavily: isp-packet-loss comes first
		// in the table whatever the retry shows.
		mo := hopt
		mo.Timeout = opt.short(recheckTimeout)
		m := checks.MSSRetry(siteCtx, target, mo, checks.MSSSizes)
		e.MSS = &m
	}
	if e.HTTP != nil && tlsErrs.has(e.HTTP.Err) && hopt.Proxy == nil {
		// Only now, and only for a certificate failure, look at the chain
		// ourselves: a second handshake on every check would be waste.
		port := target.Port()
		if port == "" {
			port = "443"
		}
		t := checks.TLS(ctx, target.Hostname(), port, checks.TLSOptions{Timeout: opt.short(recheckTimeout), RootCAs: rootsOf(opt.TLSConfig)})
		e.TLS = &t
	}
	siteCancel()

	if e.HTTP != nil && e.HTTP.Answered() {
		e.FP = checks.FingerprintResponse(e.HTTP.Status, e.HTTP.Header, e.HTTP.Body)
	} else if e.HTTP != nil && e.HTTP.ProxyStatus != 0 {
		e.FP = checks.FingerprintResponse(e.HTTP.ProxyStatus, e.HTTP.ProxyHeader, nil)
		if e.FP.GeneratedBy == checks.RoleUnknown {
			e.FP.GeneratedBy = checks.RoleProxy // a failed CONNECT is the proxy's own answer
		}
	}
	if opt.CompareDirect && hopt.Proxy != nil && e.HTTP != nil && !e.HTTP.OK() {
		do := hopt
		do.Proxy = nil
		do.Timeout = opt.short(recheckTimeout)
		d := checks.HTTP(ctx, target, do)
		e.Direct = &d
	}
	return finish()
}

// responseConclusive reports a server error page generated by the site's
// CDN or servers, reached without a proxy: the verdict is server-side
// whatever the network probes would say.
func responseConclusive(h checks.HTTPResult, proxied bool) (checks.Fingerprint, bool) {
	if proxied || h.Err != checks.ErrNone || h.Status < 500 {
		return checks.Fingerprint{}, false
	}
	fp := checks.FingerprintResponse(h.Status, h.Header, h.Body)
	return fp, fp.GeneratedBy == checks.RoleEdge || fp.GeneratedBy == checks.RoleOrigin
}

// awaitSite takes the site request's outcome into e, or, when a
// NetworkAlone rule already holds on the network evidence and the request
// has not finished, cancels it and records why it was not awaited.
func awaitSite(e *Evidence, httpCh <-chan checks.HTTPResult, cancel context.CancelFunc) {
	if rule := networkConclusive(e); rule != "" {
		select {
		case h := <-httpCh:
			e.HTTP = &h
		default:
			cancel()
			e.SiteNotAwaited = fmt.Sprintf("site request not awaited: the network evidence alone decides (%s)", rule)
		}
		return
	}
	h := <-httpCh
	e.HTTP = &h
}

func rootsOf(c *tls.Config) *x509.CertPool {
	if c == nil {
		return nil
	}
	return c.RootCAs
}
