package verdict

import (
	"net/http"
	"net/netip"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/checks"
)

// bothHold holds, for every After entry of the table ("earlier>later"),
// evidence on which both rules hold: Decide must give the earlier one.
var bothHold = map[string]func(e *Evidence){
	"captive-portal>proxy-refused":  behindPortal("proxy-refused"),
	"captive-portal>filter-blocked": behindPortal("filter-blocked"),
	"filter-blocked>site-ok":        typicalOf("filter-blocked"),
	"filter-blocked>origin-error":   filterPage(503),
	"filter-blocked>proxy-error": func(e *Evidence) {
		withProxy(e, true)
		filterPage(403)(e)
		e.Direct = response(200, nil, "hello")
	},
	"tls-intercepted-network>tls-invalid": typicalOf("tls-intercepted-network"),
	"captive-portal>bot-check":            behindPortal("bot-check"),
	"captive-portal>access-refused":       behindPortal("access-refused"),
	// Each answers below 500, which site-ok also takes.
	"proxy-refused>site-ok":       typicalOf("proxy-refused"),
	"access-refused>site-ok":      typicalOf("access-refused"),
	"captive-portal>rate-limited": behindPortal("rate-limited"),
	"rate-limited>site-ok":        typicalOf("rate-limited"),
	// Vercel's checkpoint answers 429.
	"bot-check>rate-limited": func(e *Evidence) {
		e.HTTP = response(429, http.Header{"X-Vercel-Mitigated": {"challenge"}}, "Vercel Security Checkpoint")
		e.FP = checks.Fingerprint{Vendor: "Vercel", Via: []string{"Vercel"}, GeneratedBy: checks.RoleEdge, Page: checks.PageChallenge}
	},
	"access-refused>rate-limited": func(e *Evidence) {
		e.HTTP = response(429, http.Header{"Cf-Ray": {"abc-LAB"}}, "error code: 1020")
		e.FP = checks.Fingerprint{Vendor: "Cloudflare", Via: []string{"Cloudflare"}, GeneratedBy: checks.RoleEdge, Page: checks.PageRefused}
	},
	"bot-check>site-ok": func(e *Evidence) {
		e.HTTP = response(403, http.Header{"Cf-Mitigated": {"challenge"}}, "Just a moment...")
		e.FP = checks.Fingerprint{Vendor: "Cloudflare", Via: []string{"Cloudflare"}, GeneratedBy: checks.RoleEdge, Page: checks.PageChallenge}
	},
	"proxy-refused>proxy-error": func(e *Evidence) {
		withProxy(e, true)
		e.HTTP = &checks.HTTPResult{Err: checks.ErrProxy, Error: "proxy answered 403", ProxyStatus: 403}
		e.FP = checks.Fingerprint{Vendor: "Squid", GeneratedBy: checks.RoleProxy}
	},
	"captive-portal>site-ok": func(e *Evidence) {
		e.Net.Canaries[0] = checks.CanaryResult{Captive: true, PortalURL: "http://192.0.2.1/login", Status: 302}
	},
	"site-ok>link-down": func(e *Evidence) {
		e.Net.Link = &checks.LinkResult{Detail: "no interface has a carrier"}
	},
	"site-ok>dhcp-failed": noDHCP,
	"dhcp-failed>link-down": func(e *Evidence) {
		noDHCP(e)
		internetDown(e)
	},
	"link-down>proxy-down": func(e *Evidence) {
		e.Net.Link = &checks.LinkResult{Detail: "no interface has a carrier"}
		internetDown(e)
		withProxy(e, false)
	},
	"captive-portal>dns-filtered": behindPortal("dns-filtered"),
	// A DNS filter sends the name to the router, whose block page names
	// the product.
	"filter-blocked>dns-filtered": func(e *Evidence) {
		typicalOf("dns-filtered")(e)
		filterPage(200)(e)
	},
	// The router's own address is a blocking answer, and its page is not
	// the site's.
	"dns-filtered>dns-block-page": func(e *Evidence) {
		blockPage(e)
		e.DNS.System = []checks.DNSAnswer{answer("192.0.2.1:53", "NOERROR", gw)}
		e.HTTP.RemoteAddr = "192.0.2.1:443"
	},
	"dns-filtered>site-ok": func(e *Evidence) {
		e.DNS.System = []checks.DNSAnswer{answer("192.0.2.1:53", "NOERROR", netip.IPv4Unspecified())}
		e.HTTP.RemoteAddr = "0.0.0.0:443" // a web server on this computer answers
	},
	"dns-block-page>site-ok": blockPage,
	"dns-filtered>dns-resolver-failing": func(e *Evidence) {
		e.DNS.System = []checks.DNSAnswer{answer("192.0.2.1:53", "NXDOMAIN")}
		e.HTTP = nil
	},
	"dns-stub-failing>dns-resolver-failing": typicalOf("dns-stub-failing"),
	"proxy-down>proxy-error": func(e *Evidence) {
		withProxy(e, false)
		e.HTTP = &checks.HTTPResult{Err: checks.ErrProxy, Error: "proxy answered 502", ProxyStatus: 502}
	},
	"proxy-in-path-unconfigured>vpn-blackhole": func(e *Evidence) {
		internetDown(e)
		e.Net.VPN = &checks.VPNResult{EgressIface: "gwvpn0", DefaultViaVPN: true}
		e.HTTP = response(502, http.Header{"Server": {"squid"}}, "squid page")
		e.FP = checks.Fingerprint{Vendor: "Squid", GeneratedBy: checks.RoleProxy}
	},
	"vpn-blackhole>router-unreachable": func(e *Evidence) {
		internetDown(e)
		e.Net.VPN = &checks.VPNResult{EgressIface: "gwvpn0", DefaultViaVPN: true}
		e.Net.Gateway = &checks.GatewayResult{Gateway: gw, Detail: "no answer"}
	},
	"link-down>isp-down": func(e *Evidence) {
		e.Net.Link = &checks.LinkResult{Detail: "no interface has a carrier"}
		internetDown(e)
	},
	"router-unreachable>isp-down": func(e *Evidence) {
		internetDown(e)
		e.Net.Gateway = &checks.GatewayResult{Gateway: gw, Detail: "no answer"}
	},
	"isp-down>site-dns-broken": func(e *Evidence) {
		internetDown(e)
		e.DNS.System = []checks.DNSAnswer{answer("192.0.2.1:53", "NXDOMAIN")}
		e.DNS.Reference = []checks.DNSAnswer{answer("203.0.113.53:53", "NXDOMAIN")}
	},
	"dns-wrong-answer>clock-wrong": func(e *Evidence) {
		e.DNS.System = []checks.DNSAnswer{answer("192.0.2.1:53", "NOERROR", hijackAddr)}
		e.Pinned = response(200, nil, "hello")
		e.HTTP = failure(checks.ErrTLSExpired, "x509: certificate has expired")
		e.Net.Clocks = []ClockReading{{Source: "canary 203.0.113.30", Skew: 400 * 24 * time.Hour}}
	},
	"proxy-down>tls-intercepted": func(e *Evidence) {
		withProxy(e, false)
		e.HTTP = failure(checks.ErrTLSAuthority, "x509: certificate signed by unknown authority")
	},
	"tls-intercepted>proxy-error": func(e *Evidence) {
		withProxy(e, true)
		e.HTTP = failure(checks.ErrTLSAuthority, "x509: certificate signed by unknown authority")
		e.Direct = response(200, nil, "hello")
	},
	"clock-wrong>tls-invalid": func(e *Evidence) {
		e.HTTP = failure(checks.ErrTLSExpired, "x509: certificate has expired")
		e.Net.Clocks = []ClockReading{{Source: "canary 203.0.113.30", Skew: ClockWrongSkew + time.Minute}}
	},
	"tls-intercepted>tls-invalid": func(e *Evidence) {
		withProxy(e, true)
		e.HTTP = failure(checks.ErrTLSAuthority, "x509: certificate signed by unknown authority")
	},
	"cdn-error>origin-error": func(e *Evidence) {
		e.HTTP = response(502, http.Header{"Cf-Ray": {"abc-LAB"}}, "edge page")
		e.FP = checks.Fingerprint{Vendor: "Cloudflare", GeneratedBy: checks.RoleEdge}
	},
	"dns-wrong-answer>origin-refused": func(e *Evidence) {
		e.DNS.System = []checks.DNSAnswer{answer("192.0.2.1:53", "NOERROR", hijackAddr)}
		e.HTTP = failure(checks.ErrRefused, "connect: connection refused")
		e.Pinned = response(200, nil, "hello")
	},
	"isp-packet-loss>ip-family-broken": func(e *Evidence) {
		typicalOf("ip-family-broken")(e)
		e.Net.Reach[0] = checks.ReachResult{Addr: "203.0.113.53:53", Attempts: 8, Succeeded: 4, Err: checks.ErrTimeout}
	},
	"dns-wrong-answer>ip-family-broken": func(e *Evidence) {
		typicalOf("ip-family-broken")(e)
		e.DNS.Reference = []checks.DNSAnswer{answer("203.0.113.53:53", "NOERROR", refAddr)}
		e.Pinned = response(200, nil, "hello")
	},
	"ip-family-broken>origin-silent":    typicalOf("ip-family-broken"),
	"site-ok>ip-family-broken":          overBrokenIPv6("site-ok"),
	"tls-invalid>ip-family-broken":      overBrokenIPv6("tls-invalid"),
	"origin-error>ip-family-broken":     overBrokenIPv6("origin-error"),
	"firewall-blocked>ip-family-broken": overBrokenIPv6("firewall-blocked"),
	"origin-refused>ip-family-broken":   overBrokenIPv6("origin-refused"),
	"proxy-error>origin-silent": func(e *Evidence) {
		withProxy(e, true)
		e.HTTP = failure(checks.ErrTimeout, "context deadline exceeded")
		e.Direct = response(200, nil, "hello")
	},
}

func ruleIndex(t *testing.T, name string) int {
	t.Helper()
	for i, r := range Rules {
		if r.Name == name {
			return i
		}
	}
	t.Fatalf("no rule %q in the table", name)
	return -1
}

// Every dependency written beside a rule (After) names an earlier rule
// and has evidence on which both hold, where the earlier one wins.
func TestEarlierRuleWins(t *testing.T) {
	used := map[string]bool{}
	for i, r := range Rules {
		for earlier, why := range r.After {
			key := earlier + ">" + r.Name
			used[key] = true
			t.Run(key, func(t *testing.T) {
				if why == "" {
					t.Error("no reason given")
				}
				if j := ruleIndex(t, earlier); j >= i {
					t.Fatalf("%s (#%d) must come before %s (#%d): %s", earlier, j+1, r.Name, i+1, why)
				}
				build, ok := bothHold[key]
				if !ok {
					t.Fatal("no evidence in bothHold on which both hold")
				}
				e := healthy()
				build(e)
				er, _ := RuleNamed(earlier)
				if !er.When(e) || !r.When(e) {
					t.Fatalf("the evidence must satisfy both: %s %v, %s %v", earlier, er.When(e), r.Name, r.When(e))
				}
				if v := Decide(e); v.Rule != earlier {
					t.Fatalf("got %s, want %s: %s", v.Rule, earlier, why)
				}
			})
		}
	}
	for key := range bothHold {
		if !used[key] {
			t.Errorf("bothHold[%q] belongs to no After entry", key)
		}
	}
}

// Adjacent rules with no After between them must never both hold, on any
// evidence we have: then their order does not matter, and a swap of the
// two is an equivalent mutant (README.md, "Mutation testing").
func TestAdjacentRulesWithoutAfterAreDisjoint(t *testing.T) {
	fixtures := broadFixtures(t)
	for i := 0; i+1 < len(Rules); i++ {
		a, b := Rules[i], Rules[i+1]
		if _, ok := b.After[a.Name]; ok {
			continue
		}
		for _, f := range fixtures {
			if a.When(f.e) && b.When(f.e) {
				t.Errorf("%s and %s both hold on %s, but %s has no After entry for %s", a.Name, b.Name, f.name, b.Name, a.Name)
			}
		}
	}
}

// typicalOf builds rule's typical evidence (ruleCases) onto e.
func typicalOf(rule string) func(e *Evidence) {
	return func(e *Evidence) {
		for _, c := range ruleCases {
			if c.rule == rule {
				c.build(e)
				return
			}
		}
		panic("no rule case for " + rule)
	}
}

// overBrokenIPv6 is rule's typical evidence for an IPv6-only site on a
// network whose IPv6 does not get out.
func overBrokenIPv6(rule string) func(e *Evidence) {
	return func(e *Evidence) {
		typicalOf(rule)(e)
		ipv6Broken(e)
		v6Only(e)
	}
}

// behindPortal is rule's typical evidence with a captive portal answering
// the canary.
func behindPortal(rule string) func(e *Evidence) {
	return func(e *Evidence) {
		typicalOf(rule)(e)
		e.Net.Canaries[0] = checks.CanaryResult{Captive: true, PortalURL: "http://192.0.2.1/login", Status: 302}
	}
}
