package config

import (
	"fmt"
	"net/netip"
	"net/url"
	"os"

	"github.com/gatewatch/gatewatch/checks"
)

// GuardEnv is checks.LabOnlyEnv: set to 1 by tests and the lab, it makes
// gatewatch refuse canaries and resolvers outside loopback and the
// documentation ranges, so that no test can fall back to the public
// defaults (and checks refuses any such connection too).
const GuardEnv = checks.LabOnlyEnv

// GuardTestAddrs enforces GuardEnv on the internet-side probes.
func GuardTestAddrs(canaries []*url.URL, resolvers []string) error {
	if os.Getenv(GuardEnv) != "1" {
		return nil
	}
	for _, c := range canaries {
		a, err := netip.ParseAddr(c.Hostname())
		if err != nil || !checks.LabAddr(a) {
			return fmt.Errorf("%s=1: canary %s is not a loopback or documentation address", GuardEnv, c)
		}
	}
	for _, r := range resolvers {
		ap, err := netip.ParseAddrPort(r)
		if err != nil || !checks.LabAddr(ap.Addr()) {
			return fmt.Errorf("%s=1: resolver %s is not a loopback or documentation address", GuardEnv, r)
		}
	}
	return nil
}
