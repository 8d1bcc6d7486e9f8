package verdict

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gatewatch/gatewatch/checks"
)

// Rule is one line of the verdict table. Rules are tried in order and the
// first whose When holds decides; the order is part of the logic (a captive
// portal explains a "working" site, a dead link explains everything after).
type Rule struct {
	Name    string
	Side    Side
	Hop     Hop
	Means   string // what it means, for the README table
	When    func(e *Evidence) bool
	Summary func(e *Evidence) string
	Fixes   []string
}

// Rules is the verdict table. Keep README.md's table in step with it
// (TestReadmeListsEveryRule checks the names).
var Rules = []Rule{
	{
		Name: "captive-portal", Side: SideUser, Hop: HopCaptive,
		Means: "A connectivity canary was redirected or answered with a page: the network wants you to sign in.",
		When:  func(e *Evidence) bool { c, _ := e.Net.captive(); return c },
		Summary: func(e *Evidence) string {
			_, portal := e.Net.captive()
			return fmt.Sprintf("This network wants you to sign in first (captive portal at %s).", portal)
		},
		Fixes: []string{FixOpenPortal, FixNotifyBack},
	},
	{
		Name: "site-ok", Side: SideOK, Hop: HopNone,
		Means: "The site answered with a usable response.",
		When:  func(e *Evidence) bool { return e.siteOK() },
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("%s answers (%d %s) in %s.", e.Target.Host, e.HTTP.Status,
				http.StatusText(e.HTTP.Status), ms(e.HTTP.Elapsed))
		},
	},
	{
		Name: "link-down", Side: SideUser, Hop: HopLink,
		Means: "No network interface has a carrier and an address, or there is no default route.",
		When:  func(e *Evidence) bool { return e.Net.Link != nil && !e.Net.Link.OK() },
		Summary: func(e *Evidence) string {
			return "This computer is not connected to a network: " + e.Net.Link.Detail + "."
		},
		Fixes: []string{FixCheckConnection, FixRenewDHCP},
	},
	{
		Name: "proxy-down", Side: SideUser, Hop: HopProxy,
		Means: "The configured HTTP proxy does not accept connections.",
		When:  func(e *Evidence) bool { return e.proxied() && !e.Proxy.Reachable },
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("Your proxy %s (from %s) does not answer%s.", e.Proxy.Display, e.Proxy.Setting.Source, directNote(e))
		},
		Fixes: []string{FixBypassProxy, FixCopyReport},
	},
	{
		Name: "proxy-error", Side: SideUser, Hop: HopProxy,
		Means: "The proxy on your side produced the error itself (its own error page or a failed tunnel).",
		When: func(e *Evidence) bool {
			if e.FP.GeneratedBy == checks.RoleProxy && e.siteAnswered5xx() {
				return true
			}
			return e.proxied() && (e.siteErr() == checks.ErrProxy || (e.Direct != nil && e.Direct.OK()))
		},
		Summary: func(e *Evidence) string {
			who := "Your proxy"
			if e.Proxy != nil && e.Proxy.Display != "" {
				who = "Your proxy " + e.Proxy.Display
			}
			status := e.HTTP.Status
			if e.HTTP.ProxyStatus != 0 {
				status = e.HTTP.ProxyStatus
			}
			return fmt.Sprintf("%s failed to reach %s and answered %d itself%s.", who, e.Target.Host, status, directNote(e))
		},
		Fixes: []string{FixBypassProxy, FixCopyReport},
	},
	{
		Name: "vpn-blackhole", Side: SideUser, Hop: HopVPN,
		Means: "Traffic leaves through a VPN interface and nothing on the internet answers through it.",
		When:  func(e *Evidence) bool { return e.Net.VPN != nil && e.Net.VPN.DefaultViaVPN && e.internetDown() },
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("Your VPN (%s) carries all traffic but nothing answers through it%s.", e.Net.VPN.EgressIface, routerNote(e))
		},
		Fixes: []string{FixDisconnectVPN, FixCopyReport},
	},
	{
		Name: "router-unreachable", Side: SideUser, Hop: HopRouter,
		Means: "Your router (default gateway) does not answer, and neither does anything beyond it.",
		When: func(e *Evidence) bool {
			return e.Net.Gateway != nil && !e.Net.Gateway.Reachable && e.internetDown()
		},
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("Your router %s does not answer (%s); nothing beyond it can be reached.", e.Net.Gateway.Gateway, e.Net.Gateway.Detail)
		},
		Fixes: []string{FixRestartRouter, FixRenewDHCP, FixCheckConnection},
	},
	{
		Name: "isp-packet-loss", Side: SideUser, Hop: HopISP,
		Means: "The site did not answer and the path to the internet loses many packets.",
		When: func(e *Evidence) bool {
			return isSilentErr(e.siteErr()) && e.Net.lossPercent() >= LossThreshold
		},
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("Your connection is losing packets (%d%% of test handshakes lost), so %s does not answer in time.", e.Net.lossPercent(), e.Target.Host)
		},
		Fixes: []string{FixRestartRouter, FixContactISP, FixNotifyBack},
	},
	{
		Name: "isp-down", Side: SideUser, Hop: HopISP,
		Means: "Your router answers, but nothing on the internet does (canaries and reference resolvers all fail).",
		When:  func(e *Evidence) bool { return e.internetDown() },
		Summary: func(e *Evidence) string {
			return "Your internet connection is down: " + routerState(e) + ", but no internet host answers."
		},
		Fixes: []string{FixRestartRouter, FixContactISP, FixNotifyBack},
	},
	{
		Name: "site-dns-broken", Side: SideServer, Hop: HopSiteDNS,
		Means: "Every resolver, yours and the reference ones, says the name does not exist or fails: the site's own DNS is broken.",
		When:  func(e *Evidence) bool { b, _ := e.dnsSiteBroken(); return b },
		Summary: func(e *Evidence) string {
			_, how := e.dnsSiteBroken()
			return fmt.Sprintf("The name %s cannot be resolved anywhere (%s from your resolver and from the reference resolvers): the site's DNS is broken.", e.Target.Hostname(), how)
		},
		Fixes: []string{FixStatusPage, FixNotifyBack, FixContactSite},
	},
	{
		Name: "dns-resolver-failing", Side: SideUser, Hop: HopDNS,
		Means: "Your resolver fails (no answer, SERVFAIL, REFUSED or NXDOMAIN) while reference resolvers resolve the name.",
		When:  func(e *Evidence) bool { return e.dnsSystemFailing() && e.DNS.ReferenceOK() },
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("Your DNS resolver cannot resolve %s (%s), while the reference resolvers can.", e.Target.Hostname(), firstDetail(e.DNS.System))
		},
		Fixes: []string{FixSwitchDNS, FixFlushDNS, FixRestartRouter},
	},
	{
		Name: "dns-wrong-answer", Side: SideUser, Hop: HopDNS,
		Means: "Your resolver gives a different address than the reference resolvers, and the site works at the reference address.",
		When: func(e *Evidence) bool {
			return e.DNS != nil && e.DNS.Disagree() && e.Pinned != nil && e.Pinned.OK()
		},
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("Your DNS resolver sends %s to %s, but the reference resolvers say %s, where the site answers: a hijacked or stale DNS answer.",
				e.Target.Hostname(), joinAddrs(e.DNS.SystemAddrs()), joinAddrs(e.DNS.ReferenceAddrs()))
		},
		Fixes: []string{FixFlushDNS, FixSwitchDNS, FixRestartRouter},
	},
	{
		Name: "clock-wrong", Side: SideUser, Hop: HopClock,
		Means: "The certificate check failed on dates and this computer's clock is off by more than a day.",
		When: func(e *Evidence) bool {
			return (e.siteErr() == checks.ErrTLSExpired || (e.TLS != nil && e.TLS.Err == checks.ErrTLSExpired)) &&
				e.Net.SkewKnown && abs(e.Net.ClockSkew) > 24*time.Hour
		},
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("This computer's clock is off by %s, so valid certificates look expired.", checks.HumanDuration(abs(e.Net.ClockSkew)))
		},
		Fixes: []string{FixSyncClock},
	},
	{
		Name: "tls-intercepted", Side: SideUser, Hop: HopProxy,
		Means: "The certificate is from an unknown authority and a proxy is in the path: it is intercepting TLS.",
		When: func(e *Evidence) bool {
			return e.proxied() && (e.siteErr() == checks.ErrTLSAuthority)
		},
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("Your proxy %s presents its own certificate for %s, which this computer does not trust.", e.Proxy.Display, e.Target.Host)
		},
		Fixes: []string{FixBypassProxy, FixCopyReport},
	},
	{
		Name: "tls-invalid", Side: SideServer, Hop: HopTLS,
		Means: "The site's certificate is expired, for another name or from an unknown authority, and your clock is right.",
		When: func(e *Evidence) bool {
			return isTLSErr(e.siteErr())
		},
		Summary: func(e *Evidence) string {
			d := e.HTTP.Error
			if e.TLS != nil && e.TLS.Detail != "" && e.TLS.Err != checks.ErrNone {
				d = e.TLS.Detail
			}
			return fmt.Sprintf("%s has a certificate problem: %s.", e.Target.Host, strings.TrimSuffix(d, "."))
		},
		Fixes: []string{FixStatusPage, FixContactSite, FixNotifyBack},
	},
	{
		Name: "cdn-error", Side: SideServer, Hop: HopCDN,
		Means: "The site's CDN answered with its own error page: it could not get a valid answer from the site's servers.",
		When:  func(e *Evidence) bool { return e.siteAnswered5xx() && e.FP.GeneratedBy == checks.RoleEdge },
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("%s's CDN (%s) answered %d: it cannot reach the site's own servers.%s", e.Target.Host, vendor(e), e.HTTP.Status, retryNote(e))
		},
		Fixes: []string{FixStatusPage, FixNotifyBack, FixRetryLater},
	},
	{
		Name: "origin-error", Side: SideServer, Hop: HopOrigin,
		Means: "The site's own servers answered with a server error (5xx), possibly relayed by its CDN.",
		When: func(e *Evidence) bool {
			return e.siteAnswered5xx() && e.FP.GeneratedBy != checks.RoleProxy && !(e.proxied() && e.FP.GeneratedBy == checks.RoleUnknown)
		},
		Summary: func(e *Evidence) string {
			who := "The site's server"
			switch {
			case e.FP.Vendor != "":
				who = "The site's server (" + e.FP.Vendor + ")"
			case e.FP.GeneratedBy == checks.RoleUnknown:
				who = "The site (server software not recognised)"
			}
			relay := ""
			if len(e.FP.Via) > 1 {
				relay = " through " + e.FP.Via[0]
			}
			return fmt.Sprintf("%s answered %d %s%s.%s", who, e.HTTP.Status, http.StatusText(e.HTTP.Status), relay, retryNote(e))
		},
		Fixes: []string{FixStatusPage, FixNotifyBack, FixRetryLater},
	},
	{
		Name: "firewall-blocked", Side: SideUser, Hop: HopFirewall,
		Means: "This computer refused to send the connection (operation not permitted): a local firewall blocks it.",
		When:  func(e *Evidence) bool { return e.siteErr() == checks.ErrBlocked },
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("A firewall on this computer blocks connections to %s.", e.Target.Host)
		},
		Fixes: []string{FixCheckFirewall},
	},
	{
		Name: "origin-refused", Side: SideServer, Hop: HopOrigin,
		Means: "The site's server refused the connection while the rest of the internet works.",
		When:  func(e *Evidence) bool { return e.siteErr() == checks.ErrRefused && e.internetUp() },
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("%s refuses connections at %s while other internet hosts answer: its server is down.", e.Target.Host, remote(e))
		},
		Fixes: []string{FixStatusPage, FixNotifyBack, FixRetryLater},
	},
	{
		Name: "origin-silent", Side: SideServer, Hop: HopOrigin,
		Means: "The site does not answer (timeout, reset, broken or looping response) while the rest of the internet works without loss.",
		When: func(e *Evidence) bool {
			switch e.siteErr() {
			case checks.ErrTimeout, checks.ErrReset, checks.ErrUnreachable, checks.ErrProtocol, checks.ErrRedirects, checks.ErrTooLarge:
				return e.internetUp() && e.Net.lossPercent() < LossThreshold
			}
			return false
		},
		Summary: func(e *Evidence) string {
			return fmt.Sprintf("%s does not answer properly (%s) while other internet hosts do: the problem is at the site.", e.Target.Host, e.HTTP.Error)
		},
		Fixes: []string{FixStatusPage, FixNotifyBack, FixRetryLater},
	},
}

// Decide applies the rule table. When no rule fits, the verdict is unknown
// with the reason, never a guess.
func Decide(e *Evidence) Verdict {
	v := Verdict{URL: e.Target.String()}
	if e.HTTP != nil {
		v.Status = e.HTTP.Status
		v.Error = e.HTTP.Error
		v.RetryAfter = e.HTTP.RetryAfter
		v.ErrClass = string(e.HTTP.Err)
		if e.HTTP.Err == checks.ErrNone || e.HTTP.Answered() {
			p := e.HTTP.Phases
			v.Phases = &p
		}
		if e.HTTP.ProxyStatus != 0 && v.Status == 0 {
			v.Status = e.HTTP.ProxyStatus
		}
	} else if e.HTTPCanceled != "" {
		v.Error = e.HTTPCanceled
	}
	v.ErrorPageBy = e.FP.Vendor
	v.Evidence = Steps(e)
	v.Warnings = warnings(e)
	if c, portal := e.Net.captive(); c {
		v.PortalURL = portal
	}
	for _, r := range Rules {
		if r.When(e) {
			v.Side, v.Hop, v.Rule = r.Side, r.Hop, r.Name
			v.Summary = r.Summary(e)
			v.Fixes = Fixes(r.Fixes...)
			return v
		}
	}
	v.Side, v.Hop, v.Rule = SideUnknown, HopNone, "undecided"
	v.Summary = "Can't tell whose fault this is: " + undecidedReason(e)
	v.Fixes = Fixes(FixRetryLater, FixCopyReport)
	return v
}

func undecidedReason(e *Evidence) string {
	var why []string
	if e.HTTP == nil {
		why = append(why, "the site request did not finish")
	} else if e.HTTP.Error != "" {
		why = append(why, "the site failed ("+e.HTTP.Error+")")
	}
	switch {
	case e.Net.referenceProbes() == 0 && (e.DNS == nil || len(e.DNS.Reference) == 0):
		why = append(why, "no canary or reference resolver is configured to compare with")
	case !e.internetUp():
		why = append(why, "the internet-side probes give no answer")
	default:
		why = append(why, "other internet hosts answer")
	}
	if e.proxied() {
		why = append(why, "the request went through proxy "+e.Proxy.Display+" and the error page is not recognised")
	}
	return strings.Join(why, "; ") + "."
}

func warnings(e *Evidence) []string {
	var w []string
	if l := e.Net.lossPercent(); l > 0 {
		w = append(w, fmt.Sprintf("packet loss: %d%% of test handshakes to the reference resolvers failed", l))
	}
	up := 0
	for _, c := range e.Net.Canaries {
		if c.Online {
			up++
		}
	}
	if len(e.Net.Canaries) > 0 && up < len(e.Net.Canaries) && up > 0 {
		w = append(w, fmt.Sprintf("%d of %d connectivity canaries did not answer", len(e.Net.Canaries)-up, len(e.Net.Canaries)))
	}
	if e.DNS != nil && e.DNS.Disagree() && e.siteOK() {
		w = append(w, "your resolver and the reference resolvers give different addresses (normal for CDNs)")
	}
	if e.Net.SkewKnown && abs(e.Net.ClockSkew) > 5*time.Minute {
		w = append(w, fmt.Sprintf("this computer's clock is off by %s", checks.HumanDuration(abs(e.Net.ClockSkew))))
	}
	return w
}

func directNote(e *Evidence) string {
	if e.Direct == nil {
		return ""
	}
	if e.Direct.OK() {
		return fmt.Sprintf("; without the proxy %s answers %d", e.Target.Host, e.Direct.Status)
	}
	return "; without the proxy the site fails too"
}

func routerState(e *Evidence) string {
	g := e.Net.Gateway
	switch {
	case g == nil:
		return "no router was found to test"
	case g.Reachable:
		return fmt.Sprintf("your router %s answers", g.Gateway)
	default:
		return fmt.Sprintf("your router %s does not answer either", g.Gateway)
	}
}

func routerNote(e *Evidence) string {
	if g := e.Net.Gateway; g != nil && g.Reachable {
		return fmt.Sprintf(" (your router %s answers directly)", g.Gateway)
	}
	return ""
}

func retryNote(e *Evidence) string {
	if e.HTTP != nil && e.HTTP.RetryAfter > 0 {
		return fmt.Sprintf(" It asks to retry after %s.", checks.HumanDuration(e.HTTP.RetryAfter))
	}
	return ""
}

func vendor(e *Evidence) string {
	if e.FP.Vendor != "" {
		return e.FP.Vendor
	}
	return "unrecognised"
}

func remote(e *Evidence) string {
	if e.HTTP != nil && e.HTTP.RemoteAddr != "" {
		return e.HTTP.RemoteAddr
	}
	if e.DNS != nil && len(e.DNS.SystemAddrs()) > 0 {
		return joinAddrs(e.DNS.SystemAddrs())
	}
	return e.Target.Host
}

func firstDetail(as []checks.DNSAnswer) string {
	for _, a := range as {
		if a.Detail != "" {
			return a.Detail
		}
	}
	return "no answer"
}

func abs(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

func ms(d time.Duration) string { return d.Round(time.Millisecond).String() }
