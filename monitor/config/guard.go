package config

import (
	"fmt"
	"net/netip"
	"net/url"

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

func guardWants(g checks.GuardLevel) string {
	if g == checks.GuardLab {
		return "want a loopback or documentation address"
	}
	return "want a loopback address"
}

// Guarded reports whether the test guard is on, at either level: test-only
// settings (a shorter confirmation delay) are honoured only then.
func Guarded() bool { return checks.Guard() != checks.GuardOff }
