package config

import (
	"fmt"
	"net/netip"
	"net/url"
	"strings"

	"github.com/gatewatch/gatewatch/checks"
)

// GuardEnv is checks.LabOnlyEnv, the test guard: 1 (loopback only) in every
// test on the host, lab (loopback and the documentation ranges) only inside
// the lab's namespaces. checks.Guard reads it; this package refuses
// canaries and resolvers the guard would not let through, so that no test
// can fall back to the public defaults (and checks refuses any such
// connection too).
const GuardEnv = checks.LabOnlyEnv

// GuardTestAddrs enforces the test guard on the internet-side probes.
func GuardTestAddrs(canaries []*url.URL, resolvers []string) error {
	g := checks.Guard()
	if g == checks.GuardOff {
		return nil
	}
	for _, c := range canaries {
		if g == checks.GuardLab && labName(c.Hostname()) {
			continue
		}
		a, err := netip.ParseAddr(c.Hostname())
		if err != nil || !g.Allows(a) {
			return fmt.Errorf("canary %s refused by the %s test guard (%s): %s", c, g, GuardEnv, guardWants(g))
		}
	}
	for _, r := range resolvers {
		ap, err := netip.ParseAddrPort(r)
		if err != nil || !g.Allows(ap.Addr()) {
			return fmt.Errorf("resolver %s refused by the %s test guard (%s): %s", r, g, GuardEnv, guardWants(g))
		}
	}
	return nil
}

// labName: a name under .test, which RFC 6761 reserves: no real DNS
// answers for it. The lab's canaries with both an IPv4 and an IPv6 address
// are named so (dual-canary.gw.test); the lab guard still refuses every
// connection and lookup to a non-lab address, so the name can only lead
// into the lab. The loopback guard trusts no name.
func labName(host string) bool {
	return strings.HasSuffix(strings.TrimSuffix(strings.ToLower(host), "."), ".test")
}

func guardWants(g checks.GuardLevel) string {
	if g == checks.GuardLab {
		return "want a loopback or documentation address"
	}
	return "want a loopback address"
}

// Guarded reports whether the test guard is on, at either level: test-only
// settings (a shorter confirmation delay) are honoured only then.
func Guarded() bool { return checks.Guard() != checks.GuardOff }
