package verdict

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/gatewatch/gatewatch/checks"
)

// What the system resolver answers decides between a filter, a block
// page, a CDN's other edge and a working site.
func TestDNSFilterAndBlockPage(t *testing.T) {
	ip := netip.MustParseAddr
	for _, tt := range []struct {
		name  string
		build func(e *Evidence)
		rule  string
		says  string
	}{
		{"0.0.0.0", func(e *Evidence) {
			e.DNS.System = []checks.DNSAnswer{answer("192.0.2.1:53", "NOERROR", netip.IPv4Unspecified(), netip.IPv6Unspecified())}
		}, "dns-filtered", "(it answers 0.0.0.0, ::)"},
		{"loopback", func(e *Evidence) {
			e.DNS.System = []checks.DNSAnswer{answer("192.0.2.1:53", "NOERROR", ip("127.0.0.2"))}
		}, "dns-filtered", "(it answers 127.0.0.2)"},
		{"the router's address", func(e *Evidence) {
			e.DNS.System = []checks.DNSAnswer{answer("192.0.2.1:53", "NOERROR", gw)}
		}, "dns-filtered", "192.0.2.1, your router's own address"},
		{"the router of a route only", func(e *Evidence) {
			e.Net.Gateway = nil
			e.DNS.System = []checks.DNSAnswer{answer("192.0.2.1:53", "NOERROR", gw)}
		}, "dns-filtered", "your router's own address"},
		{"NXDOMAIN only at the system resolver", func(e *Evidence) {
			e.DNS.System = []checks.DNSAnswer{answer("192.0.2.1:53", "NXDOMAIN")}
		}, "dns-filtered", "(it says the name does not exist)"},
		{"one real address beside 0.0.0.0", func(e *Evidence) {
			e.DNS.System = []checks.DNSAnswer{answer("192.0.2.1:53", "NOERROR", netip.IPv4Unspecified(), refAddr)}
		}, "site-ok", ""},
		{"the name is loopback everywhere", func(e *Evidence) {
			e.DNS.System = []checks.DNSAnswer{answer("192.0.2.1:53", "NOERROR", ip("127.0.0.1"))}
			e.DNS.Reference = []checks.DNSAnswer{answer("203.0.113.53:53", "NOERROR", ip("127.0.0.1"))}
		}, "site-ok", ""},
		{"through a proxy", func(e *Evidence) {
			withProxy(e, true)
			e.DNS.System = []checks.DNSAnswer{answer("192.0.2.1:53", "NOERROR", netip.IPv4Unspecified())}
		}, "site-ok", ""},
		{"SERVFAIL is a failure, not a filter", func(e *Evidence) {
			e.DNS.System = []checks.DNSAnswer{answer("192.0.2.1:53", "SERVFAIL")}
			e.HTTP = nil
		}, "dns-resolver-failing", ""},
		{"block page", blockPage, "dns-block-page", `title "Blocked by the network filter"`},
		{"block page through a proxy", func(e *Evidence) {
			blockPage(e)
			withProxy(e, true)
		}, "site-ok", ""},
		{"geo-DNS: another edge, the same page", func(e *Evidence) {
			blockPage(e)
			e.HTTP.Body = []byte("<title>Shop</title>hello from the other edge")
		}, "site-ok", ""},
		{"block page, but the reference address fails too", func(e *Evidence) {
			blockPage(e)
			e.Pinned = failure(checks.ErrTimeout, "context deadline exceeded")
		}, "site-ok", ""},
		{"block page, nothing fetched at the reference address", func(e *Evidence) {
			blockPage(e)
			e.Pinned = nil
		}, "site-ok", ""},
		{"a 403 page at the system address", func(e *Evidence) {
			blockPage(e)
			e.HTTP = response(403, nil, "<title>Shop</title>")
		}, "dns-block-page", "status 403 instead of 200"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := healthy()
			tt.build(e)
			v := Decide(e)
			if v.Rule != tt.rule || !strings.Contains(v.Summary, tt.says) {
				t.Errorf("got %s %q, want %s saying %q", v.Rule, v.Summary, tt.rule, tt.says)
			}
		})
	}
}

// The stub is what applications ask: its failure with working upstreams
// is the stub's; working stub, or failing upstreams too, is not.
func TestDNSStubFailing(t *testing.T) {
	for _, tt := range []struct {
		name  string
		build func(e *Evidence)
		rule  string
		says  string
	}{
		{"dead stub", stubDNS, "dns-stub-failing", "(systemd-resolved) does not answer, while its upstream servers do"},
		{"stub SERVFAIL", func(e *Evidence) {
			stubDNS(e)
			e.DNS.System[0] = checks.DNSAnswer{Server: "127.0.0.53:53", Stub: true, Rcode: "SERVFAIL"}
		}, "dns-stub-failing", "fails (SERVFAIL for shop.gw.test), while its upstream servers answer"},
		{"stub DNSSEC", func(e *Evidence) {
			stubDNS(e)
			e.DNS.System[0] = checks.DNSAnswer{Server: "127.0.0.53:53", Stub: true, Rcode: "SERVFAIL", DNSSECFails: true}
		}, "dns-stub-failing", "DNSSEC validation fails in systemd-resolved"},
		{"NetworkManager's dnsmasq", func(e *Evidence) {
			stubDNS(e)
			e.DNS.Service = "NetworkManager's dnsmasq"
			e.DNS.System[0].Server = "127.0.1.1:53"
		}, "dns-stub-failing", "(NetworkManager's dnsmasq) does not answer"},
		{"upstreams fail too", func(e *Evidence) {
			stubDNS(e)
			e.DNS.System[1] = checks.DNSAnswer{Server: "192.0.2.1:53", Upstream: true, Err: checks.ErrTimeout}
		}, "dns-resolver-failing", "(refused)"},
		{"the stub answers, an upstream does not", func(e *Evidence) {
			stubDNS(e)
			e.DNS.System[0] = answer("127.0.0.53:53", "NOERROR", refAddr)
			e.DNS.System[0].Stub = true
			e.DNS.System[1] = checks.DNSAnswer{Server: "192.0.2.1:53", Upstream: true, Err: checks.ErrTimeout}
			e.HTTP, e.SiteNotAwaited = response(200, nil, "hello"), ""
		}, "site-ok", ""},
		{"the stub answers, the site request did not finish", func(e *Evidence) {
			stubDNS(e)
			e.DNS.System[0] = answer("127.0.0.53:53", "NOERROR", refAddr)
			e.DNS.System[0].Stub = true
		}, Undecided, ""},
		{"no stub among the resolvers applications ask", func(e *Evidence) {
			stubDNS(e)
			e.DNS.System[0].Stub = false
		}, "dns-resolver-failing", ""},
		{"a stub with no upstream known", func(e *Evidence) {
			stubDNS(e)
			e.DNS.Service = "NetworkManager's dnsmasq"
			e.DNS.System = e.DNS.System[:1]
		}, "dns-resolver-failing", "Your computer's DNS service (NetworkManager's dnsmasq) cannot resolve shop.gw.test (refused)"},
		{"the servers mDNSResponder asks fail", func(e *Evidence) {
			e.DNS.Service = "mDNSResponder"
			e.DNS.System = []checks.DNSAnswer{{Server: "192.0.2.1:53", Err: checks.ErrTimeout, Detail: "timeout after 1.5s"}}
		}, "dns-resolver-failing", "Your DNS resolver (which mDNSResponder asks) cannot resolve"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := healthy()
			e.HTTP, e.SiteNotAwaited = nil, "site request not awaited: test"
			tt.build(e)
			v := Decide(e)
			if v.Rule != tt.rule || !strings.Contains(v.Summary, tt.says) {
				t.Errorf("got %s %q, want %s saying %q", v.Rule, v.Summary, tt.rule, tt.says)
			}
		})
	}
}

// The evidence says which resolver is the stub and which its upstream,
// that DNSSEC is what fails, and how the pages differ.
func TestDNSEvidenceSteps(t *testing.T) {
	e := healthy()
	stubDNS(e)
	e.DNS.System[0] = checks.DNSAnswer{Server: "127.0.0.53:53", Stub: true, Rcode: "SERVFAIL", Detail: "SERVFAIL in 1ms", DNSSECFails: true}
	var got []string
	for _, s := range Decide(e).Evidence {
		got = append(got, s.Check+": "+s.Detail)
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{"dns (systemd-resolved 127.0.0.53:53): SERVFAIL in 1ms; with DNSSEC checking disabled", "dns (upstream 192.0.2.1:53)"} {
		if !strings.Contains(all, want) {
			t.Errorf("evidence lacks %q:\n%s", want, all)
		}
	}
	e = healthy()
	blockPage(e)
	got = nil
	for _, s := range Decide(e).Evidence {
		got = append(got, s.Check+": "+s.Detail)
	}
	if all := strings.Join(got, "\n"); !strings.Contains(all, `page (system vs reference address): title "Blocked by the network filter" instead of "Shop"`) {
		t.Errorf("evidence lacks the page comparison:\n%s", all)
	}
}

// A block page is not called normal for CDNs; another edge serving the
// same page is.
func TestDisagreementWarning(t *testing.T) {
	const cdn = "normal for CDNs"
	e := healthy()
	blockPage(e)
	if v := Decide(e); strings.Contains(strings.Join(v.Warnings, "; "), cdn) {
		t.Errorf("block page warned %q", v.Warnings)
	}
	e.HTTP.Body = e.Pinned.Body
	if v := Decide(e); v.Rule != "site-ok" || !strings.Contains(strings.Join(v.Warnings, "; "), cdn) {
		t.Errorf("geo-DNS: %s warnings %q", v.Rule, v.Warnings)
	}
}
