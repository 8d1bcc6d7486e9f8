package verdict

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/gatewatch/gatewatch/checks"
)

// This file holds what the DNS rules of the issue "right in the real
// world" read: a local stub failing in front of working upstreams, a DNS
// filter's blocking answer, and a page served at the system's address
// that is not the one served at the reference address.

// dnsStubFailing: the local stub applications ask (systemd-resolved,
// NetworkManager's dnsmasq) gives no address while one of its own
// upstream servers does: the service on this computer is what fails.
func (e *Evidence) dnsStubFailing() bool {
	if e.DNS == nil {
		return false
	}
	stub := false
	for _, a := range e.DNS.Applications() {
		if a.Stub {
			if a.OK() {
				return false
			}
			stub = true
		}
	}
	return stub && slices.ContainsFunc(e.DNS.Upstreams(), checks.DNSAnswer.OK)
}

// dnsStubAnswer is the stub's (first) answer; only called where
// dnsStubFailing holds.
func (e *Evidence) dnsStubAnswer() checks.DNSAnswer {
	for _, a := range e.DNS.System {
		if a.Stub {
			return a
		}
	}
	return checks.DNSAnswer{}
}

// routerAddrs are the addresses of this computer's routers: the default
// routes' gateways and the router tested.
func (n *NetEvidence) routerAddrs() []netip.Addr {
	var out []netip.Addr
	if n.Link != nil {
		for _, r := range n.Link.DefaultRoutes {
			if r.Gateway.IsValid() {
				out = append(out, r.Gateway.Unmap())
			}
		}
	}
	for _, g := range []*checks.GatewayResult{n.Gateway, n.GatewayNotTested} {
		if g != nil && g.Gateway.IsValid() {
			out = append(out, g.Gateway.Unmap())
		}
	}
	return out
}

// blockingAddr: an address no public name has, which DNS filters hand out
// to block one: 0.0.0.0, ::, loopback, or the user's own router (where
// its parental controls show their page).
func (n *NetEvidence) blockingAddr(a netip.Addr) bool {
	a = a.Unmap()
	return a.IsUnspecified() || a.IsLoopback() || slices.Contains(n.routerAddrs(), a)
}

// dnsFilterAnswer says how the system resolver blocks the site ("it
// answers 0.0.0.0", "it says the name does not exist"), or "" when it
// does not: every answer applications get is a blocking address or
// NXDOMAIN, while the reference resolvers give a real address. Through a
// proxy the proxy resolves the name, so the system's answer decides
// nothing.
func (e *Evidence) dnsFilterAnswer() string {
	if e.DNS == nil || e.proxied() || !slices.ContainsFunc(e.DNS.ReferenceAddrs(), func(a netip.Addr) bool { return !e.Net.blockingAddr(a) }) {
		return ""
	}
	var blocked []netip.Addr
	nx := false
	for _, a := range e.DNS.Applications() {
		switch {
		case a.OK():
			for _, ad := range a.Addrs {
				if !e.Net.blockingAddr(ad) {
					return ""
				}
				blocked = append(blocked, ad)
			}
		case a.Rcode == "NXDOMAIN":
			nx = true
		}
	}
	switch {
	case len(blocked) > 0:
		slices.SortFunc(blocked, netip.Addr.Compare)
		blocked = slices.Compact(blocked)
		words := joinAddrs(blocked)
		if slices.ContainsFunc(blocked, func(a netip.Addr) bool { return slices.Contains(e.Net.routerAddrs(), a.Unmap()) }) {
			words += ", your router's own address"
		}
		return "it answers " + words
	case nx:
		return "it says the name does not exist"
	}
	return ""
}

// pageMismatch lists how the page served at the system resolver's
// address differs from the one served at the reference resolvers'
// address (Pinned), when the two resolvers' answers share no address and
// the reference page works: a block page or a provider's search page in
// the site's place. nil when they look alike (a CDN's geo-DNS sends
// different users to different edges of the same site) or there is
// nothing to compare.
func (e *Evidence) pageMismatch() []string {
	if e.DNS == nil || e.proxied() || !e.DNS.Disagree() || !e.siteAnsweredPage() || e.Pinned == nil || !e.Pinned.OK() {
		return nil
	}
	return checks.PageDiffers(checks.PageSignature(*e.Pinned), checks.PageSignature(*e.HTTP))
}

// serviceName is the local DNS service in words, for summaries.
func serviceName(e *Evidence) string {
	if e.DNS != nil && e.DNS.Service != "" {
		return e.DNS.Service
	}
	return "the DNS service"
}

// yourResolver names what failed to resolve: the local stub applications
// ask, the servers the OS's own DNS service asks, or the resolver.
func yourResolver(e *Evidence) string {
	switch {
	case e.DNS == nil || e.DNS.Service == "":
		return "Your DNS resolver"
	case slices.ContainsFunc(e.DNS.Applications(), func(a checks.DNSAnswer) bool { return a.Stub }):
		return "Your computer's DNS service (" + e.DNS.Service + ")"
	}
	return "Your DNS resolver (which " + e.DNS.Service + " asks)"
}

// stubSummary says how the stub fails.
func stubSummary(e *Evidence) string {
	svc := serviceName(e)
	a := e.dnsStubAnswer()
	switch {
	case a.DNSSECFails:
		return fmt.Sprintf("DNSSEC validation fails in %s: it answers SERVFAIL for %s, while its upstream servers resolve it (and so does %s itself with checking disabled).",
			svc, e.Target.Hostname(), svc)
	case a.Rcode != "":
		return fmt.Sprintf("Your computer's DNS service (%s) fails (%s for %s), while its upstream servers answer.", svc, a.Rcode, e.Target.Hostname())
	}
	return fmt.Sprintf("Your computer's DNS service (%s) does not answer, while its upstream servers do.", svc)
}

// mismatchWords joins pageMismatch's phrases.
func mismatchWords(e *Evidence) string { return strings.Join(e.pageMismatch(), "; ") }
