package verdict

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"testing"

	"github.com/gatewatch/gatewatch/checks"
)

type fixture struct {
	name string
	e    *Evidence
}

// oddities break evidence in ways real probes can: fields missing, zero or
// empty. Each applies only where it makes sense.
var oddities = map[string]func(e *Evidence){
	"proxy without display": func(e *Evidence) {
		if e.Proxy != nil {
			e.Proxy.Display, e.Proxy.Setting.Source = "", ""
		}
	},
	"proxied":           func(e *Evidence) { withProxy(e, true) },
	"proxy unreachable": func(e *Evidence) { withProxy(e, false) },
	"proxy status 0": func(e *Evidence) {
		if e.HTTP != nil {
			e.HTTP.ProxyStatus, e.HTTP.ProxyHeader = 0, nil
			if e.HTTP.Err != checks.ErrNone {
				e.HTTP.Status = 0
			}
		}
	},
	"no gateway": func(e *Evidence) { e.Net.Gateway = nil },
	"gateway without addr": func(e *Evidence) {
		if e.Net.Gateway != nil {
			e.Net.Gateway.Gateway, e.Net.Gateway.Detail = netip.Addr{}, ""
		}
	},
	"target with port":    func(e *Evidence) { e.Target = mustURL("https://shop.gw.test:8443/") },
	"target without path": func(e *Evidence) { e.Target = mustURL("https://shop.gw.test") },
	"no dns":              func(e *Evidence) { e.DNS = nil },
	"empty error text": func(e *Evidence) {
		if e.HTTP != nil {
			e.HTTP.Error = ""
		}
	},
	"empty link detail": func(e *Evidence) {
		if e.Net.Link != nil {
			e.Net.Link.Detail = ""
		}
	},
	"portal without url": func(e *Evidence) {
		for i := range e.Net.Canaries {
			e.Net.Canaries[i].PortalURL = ""
		}
	},
	"vpn without iface": func(e *Evidence) {
		if e.Net.VPN != nil {
			e.Net.VPN.EgressIface = ""
		}
	},
	"tls without detail": func(e *Evidence) {
		if e.TLS != nil {
			e.TLS.Detail = ""
		}
	},
	"no tls":           func(e *Evidence) { e.TLS = nil },
	"no vendor":        func(e *Evidence) { e.FP.Vendor, e.FP.Via = "", nil },
	"site not awaited": stripSite,
	"direct ok":        func(e *Evidence) { e.Direct = response(200, nil, "hello") },
	"direct fails":     func(e *Evidence) { e.Direct = failure(checks.ErrTimeout, "") },
	"no remote addr": func(e *Evidence) {
		if e.HTTP != nil {
			e.HTTP.RemoteAddr = ""
		}
	},
	"dns without addrs": func(e *Evidence) {
		if e.DNS != nil {
			e.DNS.System = []checks.DNSAnswer{{Server: "192.0.2.1:53", Err: checks.ErrTimeout}}
		}
	},
	"no probes": func(e *Evidence) {
		e.Net.Canaries, e.Net.Reach = nil, nil
		if e.DNS != nil {
			e.DNS.Reference = nil
		}
	},
	"loss": func(e *Evidence) {
		for i := range e.Net.Reach {
			if e.Net.Reach[i].OK() {
				e.Net.Reach[i].Succeeded = e.Net.Reach[i].Attempts / 2
			}
		}
	},
}

// stripSite removes every piece of evidence about the site's request, as
// when it was not awaited.
func stripSite(e *Evidence) {
	e.HTTP, e.FP, e.Direct, e.Pinned, e.TLS = nil, checks.Fingerprint{}, nil, nil, nil
	e.SiteNotAwaited = "site request not awaited: test"
}

// broadFixtures: every rule's typical evidence and every bothHold
// evidence, each as it is, with each oddity, and with all of them.
func broadFixtures(t testing.TB) []fixture {
	type base struct {
		name  string
		build func(e *Evidence)
	}
	var bases []base
	for _, c := range ruleCases {
		bases = append(bases, base{c.rule, c.build})
	}
	keys := make([]string, 0, len(bothHold))
	for k := range bothHold {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		bases = append(bases, base{k, bothHold[k]})
	}
	odd := make([]string, 0, len(oddities))
	for k := range oddities {
		odd = append(odd, k)
	}
	sort.Strings(odd)
	var out []fixture
	for _, b := range bases {
		e := healthy()
		b.build(e)
		out = append(out, fixture{b.name, e})
		for _, o := range odd {
			e := healthy()
			b.build(e)
			oddities[o](e)
			out = append(out, fixture{b.name + " + " + o, e})
		}
		e = healthy()
		b.build(e)
		for _, o := range odd {
			if o != "site not awaited" && o != "proxied" && o != "proxy unreachable" {
				oddities[o](e)
			}
		}
		out = append(out, fixture{b.name + " + every oddity", e})
	}
	return out
}

// badWording: signs of a summary built from missing evidence.
var badWording = []string{"()", "( ", " )", " .", " ,", "%!", "<nil>", "invalid IP", "answered 0", " 0 ", "  ", ": .", "(from )"}

// Every rule's summary is true to every evidence its When accepts: no
// panic, no placeholder left empty, no zero status.
func TestEverySummaryFitsEveryEvidenceItsRuleAccepts(t *testing.T) {
	checked := map[string]int{}
	for _, f := range broadFixtures(t) {
		for _, r := range Rules {
			if !r.When(f.e) {
				continue
			}
			checked[r.Name]++
			s, err := summarise(r, f.e)
			if err != nil {
				t.Errorf("%s on %s: %v", r.Name, f.name, err)
				continue
			}
			if s == "" || !strings.HasSuffix(s, ".") {
				t.Errorf("%s on %s: summary %q is empty or unfinished", r.Name, f.name, s)
			}
			for _, bad := range badWording {
				if strings.Contains(s, bad) {
					t.Errorf("%s on %s: summary %q contains %q", r.Name, f.name, s, bad)
				}
			}
		}
		if _, err := summarise(Rule{Summary: func(e *Evidence) string { return Decide(e).Summary }}, f.e); err != nil {
			t.Errorf("Decide on %s: %v", f.name, err)
		}
	}
	for _, r := range Rules {
		if checked[r.Name] < 2 {
			t.Errorf("%s: its summary was checked on %d evidences only", r.Name, checked[r.Name])
		}
	}
}

func summarise(r Rule, e *Evidence) (s string, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return r.Summary(e), nil
}
