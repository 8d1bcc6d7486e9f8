package verdict

import (
	"net/url"
	"time"

	"github.com/gatewatch/gatewatch/checks"
)

// NetEvidence is what the site-independent probes found: the user's own
// link, router and way to the internet. One NetEvidence can serve every
// site checked in the same round.
type NetEvidence struct {
	Link    *checks.LinkResult
	Gateway *checks.GatewayResult // nil when no default gateway is known or it was not tested
	// GatewayNotTested is the router the test guard (GATEWATCH_LAB_ONLY)
	// would not let the probe knock on: shown, never read by the rules.
	GatewayNotTested *checks.GatewayResult
	Canaries         []checks.CanaryResult
	Reach            []checks.ReachResult // TCP to the reference resolvers
	// HTTPS is TCP to port 443 of the same hosts: silence there while
	// port 53 answers is a block of outgoing HTTPS (https-blocked).
	HTTPS *checks.HTTPSReachResult
	VPN   *checks.VPNResult
	// Clocks are the canaries' Date headers as readings of this
	// computer's clock; the site's own readings are added per site
	// (Evidence.clockReadings).
	Clocks []ClockReading
	// Families are the canaries tried over each address family they have
	// (one handshake per family): whether IPv4 and IPv6 each get out.
	Families []checks.FamilyProbe
}

// Evidence is everything the rules may look at for one URL.
type Evidence struct {
	Target *url.URL
	Net    NetEvidence

	DNS   *checks.DNSResult   // nil for an IP-literal host
	Proxy *checks.ProxyResult // nil when no proxy applies
	// HTTP is the site request's outcome; nil when it was not awaited,
	// which is its own state (SiteNotAwaited), never evidence about the
	// site: siteErr() reports it as errNotAwaited, which no rule's error
	// list contains.
	HTTP           *checks.HTTPResult
	SiteNotAwaited string             // why the site request was not awaited ("" when it was)
	Pinned         *checks.HTTPResult // the site fetched at the reference resolvers' address
	Direct         *checks.HTTPResult // the site fetched without the proxy
	TLS            *checks.TLSResult
	// MSS is the small-segment retry made when the site's request stalled
	// after connecting (a path MTU black hole); nil when not tried.
	MSS *checks.MSSResult
	FP  checks.Fingerprint
	// SiteFamilies are the site tried over each address family its
	// addresses have (a handshake each; none through a proxy).
	SiteFamilies []checks.FamilyProbe
	NetSkipped   string // why the network probes were not waited for
	// World is the second opinion from other places on the internet
	// (world.go); nil when not asked.
	World *checks.WorldResult
}

// LossThreshold is the measured TCP handshake loss (percent) from which
// the path counts as degraded. Diagnose makes reachAttempts (8) handshakes
// per reference resolver, so 25% is two lost out of eight: one lost
// handshake (12%) happens on a healthy Wi-Fi now and then, two in the same
// second-long burst rarely do. Changing reachAttempts changes what this
// means; TestLossThresholdIsTwoHandshakes holds them together.
const LossThreshold = 25

// Clock tolerances. A certificate's validity is judged in days and is
// usually months long, so only a clock off by more than a day explains a
// certificate that looks expired (ClockWrongSkew, the clock-wrong rule);
// under that, an expired certificate is the site's. Five minutes is the
// usual tolerance of time-based logins (Kerberos, one-time codes), so a
// smaller skew is not worth a warning (ClockWarnSkew, the warning and the
// clock step).
const (
	ClockWrongSkew = 24 * time.Hour
	ClockWarnSkew  = 5 * time.Minute
)

// proxied reports that the site request went through a proxy.
func (e *Evidence) proxied() bool {
	return e.Proxy != nil && e.Proxy.Setting.URL != nil && !e.Proxy.Setting.Bypassed
}

// siteOK: the site gave a usable answer.
func (e *Evidence) siteOK() bool { return e.HTTP != nil && e.HTTP.OK() }

// siteAnswered5xx: the site (or something in its place) answered with a
// server error.
func (e *Evidence) siteAnswered5xx() bool {
	return e.HTTP != nil && e.HTTP.Err == checks.ErrNone && e.HTTP.Status >= 500
}

// siteAnsweredPage: the site (or something in its place) answered with
// a page, whatever its status.
func (e *Evidence) siteAnsweredPage() bool {
	return e.HTTP != nil && e.HTTP.Err == checks.ErrNone && e.HTTP.Status > 0
}

// proxyAnswer is the status the proxy itself answered: the response's
// (plain http) or its answer to CONNECT (https); 0 when the request failed
// otherwise or was not awaited.
func proxyAnswer(e *Evidence) int {
	if e.HTTP == nil {
		return 0
	}
	switch e.HTTP.Err {
	case checks.ErrNone:
		return e.HTTP.Status
	case checks.ErrProxy:
		return e.HTTP.ProxyStatus
	}
	return 0
}

// proxyStatus4xx: the proxy answered 4xx.
func proxyStatus4xx(e *Evidence) bool {
	status := proxyAnswer(e)
	return status >= 400 && status < 500
}

// errNotAwaited is siteErr's answer when the site request was not
// awaited: not a network error class, and in no list below.
const errNotAwaited checks.ErrKind = "not-awaited"

// siteErr is the site request's error class, errNotAwaited when there is
// no request to look at.
func (e *Evidence) siteErr() checks.ErrKind {
	if e.HTTP == nil {
		return errNotAwaited
	}
	return e.HTTP.Err
}

// referenceProbes counts the internet-side probes that ran.
func (n *NetEvidence) referenceProbes() int { return len(n.Canaries) + len(n.Reach) }

// captive: a canary was answered by something else.
func (n *NetEvidence) captive() (bool, string) {
	for _, c := range n.Canaries {
		if c.Captive {
			return true, c.PortalURL
		}
	}
	return false, ""
}

// internetClean: the internet works without a flaw: something got
// through (internetUp), every canary answered, every reference resolver
// took all its handshakes and the reference resolvers answered for the
// site. Only then does a silent site say anything about the site: on a
// path that loses packets, or that reaches some internet hosts and not
// others, the site's silence may be the path's (the lab's loss30 fault
// gave "the problem is at the site" with the reference resolver silent
// and the canary answering).
func (e *Evidence) internetClean() bool {
	for _, c := range e.Net.Canaries {
		if !c.Online {
			return false
		}
	}
	for _, r := range e.Net.Reach {
		if !r.OK() || r.LossPercent() > 0 {
			return false
		}
	}
	// Port 443 of the reference hosts silent: the site's silence on 443
	// may be a block on the path (https-blocked, when it holds).
	if e.Net.HTTPS != nil && e.Net.HTTPS.Silent > 0 {
		return false
	}
	if e.DNS != nil && len(e.DNS.Reference) > 0 && !e.DNS.ReferenceOK() {
		return false
	}
	return e.internetUp()
}

// internetUp: at least one internet-side probe got through.
func (e *Evidence) internetUp() bool {
	for _, c := range e.Net.Canaries {
		if c.Online {
			return true
		}
	}
	for _, r := range e.Net.Reach {
		if r.OK() {
			return true
		}
	}
	return e.DNS != nil && e.DNS.ReferenceOK()
}

// internetDown: every internet-side probe ran and failed. Without any
// configured canary or reference resolver this is never true: no evidence
// is not evidence of an outage.
func (e *Evidence) internetDown() bool {
	if e.Net.referenceProbes() == 0 {
		return false
	}
	if c, _ := e.Net.captive(); c {
		return false
	}
	return !e.internetUp()
}

// lossPercent is the worst measured handshake loss towards the reference
// resolvers.
func (n *NetEvidence) lossPercent() int {
	worst := 0
	for _, r := range n.Reach {
		if r.OK() && r.LossPercent() > worst {
			worst = r.LossPercent()
		}
	}
	return worst
}

// dnsSystemFailing: the system resolvers could not resolve the site.
func (e *Evidence) dnsSystemFailing() bool {
	return e.DNS != nil && !e.DNS.SystemOK() && len(e.DNS.System) > 0
}

// dnsSystemSilent: the system resolvers gave no answer at all (no rcode:
// timeouts), which a path losing packets explains as well as a broken
// resolver; an answer such as SERVFAIL or REFUSED it does not explain.
// Only meaningful where dnsSystemFailing holds (its one caller checks).
func (e *Evidence) dnsSystemSilent() bool {
	for _, a := range e.DNS.System {
		if a.Rcode != "" {
			return false
		}
	}
	return true
}

// dnsAllFailing: every resolver, system and reference, answered SERVFAIL or
// NXDOMAIN for the site: its own DNS is broken.
func (e *Evidence) dnsSiteBroken() (bool, string) {
	if e.DNS == nil {
		return false, ""
	}
	if e.DNS.AllNXDOMAIN() {
		return true, "NXDOMAIN"
	}
	if len(e.DNS.System) == 0 || len(e.DNS.Reference) == 0 {
		return false, ""
	}
	for _, a := range append(append([]checks.DNSAnswer{}, e.DNS.System...), e.DNS.Reference...) {
		if a.Rcode != "SERVFAIL" {
			return false, ""
		}
	}
	return true, "SERVFAIL"
}

// errKinds is a named list of error classes.
type errKinds []checks.ErrKind

func (ks errKinds) has(k checks.ErrKind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// The error lists the rules share. checks.ErrCanceled is in none: it
// means the caller gave up, which says nothing about the network or the
// site; nor is errNotAwaited.
var (
	// tlsErrs: the TLS handshake failed, on the certificate or otherwise.
	tlsErrs = errKinds{checks.ErrTLS, checks.ErrTLSExpired, checks.ErrTLSName, checks.ErrTLSAuthority}
	// silentErrs: the site went silent, no answer came back (a lossy path
	// can cause any of these).
	silentErrs = errKinds{checks.ErrTimeout, checks.ErrReset, checks.ErrUnreachable}
	// brokenAnswerErrs: something answered, but not with a usable HTTP
	// response (garbage, a redirect loop, oversized headers). Packet loss
	// does not cause these, so only origin-silent reads them.
	brokenAnswerErrs = errKinds{checks.ErrProtocol, checks.ErrRedirects, checks.ErrTooLarge}
)
