package verdict

import (
	"fmt"
	"net/netip"

	"github.com/gatewatch/gatewatch/checks"
)

// familyState is what the evidence says about one address family (IPv4 or
// IPv6) on this computer's network.
type familyState int

const (
	familyUnknown familyState = iota // not tried, or only refused by the test guard
	familyAbsent                     // no route in this family: the network does not offer it
	familyWorks                      // some internet host answered over it
	familyBroken                     // routed, tried, and no internet host answered over it
)

// family judges address family f (4 or 6) from the canaries' handshakes
// (NetEvidence.Families) and the site's (SiteFamilies, only to show it
// works). A family without a default route is absent,
// not broken: most networks have no IPv6 at all, which is no fault.
func (e *Evidence) family(f int) familyState {
	tried, ok := 0, false
	for _, p := range e.Net.Families {
		if p.Family() != f || p.Err == checks.ErrGuard {
			continue
		}
		tried++
		ok = ok || p.OK
	}
	// The site answering over f shows f works too; the site failing over
	// f alone shows nothing about the network (its IPv6 may be broken).
	for _, p := range e.SiteFamilies {
		ok = ok || (p.Family() == f && p.OK)
	}
	switch {
	case ok:
		return familyWorks
	case e.Net.Link != nil && !hasRouteIn(e.Net.Link, f):
		return familyAbsent
	case tried > 0:
		return familyBroken
	}
	return familyUnknown
}

func hasRouteIn(l *checks.LinkResult, f int) bool {
	for _, rs := range [][]checks.Route{l.DefaultRoutes, l.SplitRoutes} {
		for _, r := range rs {
			if checks.AddrFamily(r.Dst.Addr()) == f {
				return true
			}
		}
	}
	return false
}

// otherFamily is 6 for 4 and 4 for 6.
func otherFamily(f int) int { return 10 - f }

// familyFails: family f does not get out (broken, or not offered) while the
// other one demonstrably does.
func (e *Evidence) familyFails(f int) bool {
	s := e.family(f)
	return (s == familyBroken || s == familyAbsent) && e.family(otherFamily(f)) == familyWorks
}

// siteAddrs are the addresses the site request used: the host itself when
// it is an address, else the system resolvers' answer.
func (e *Evidence) siteAddrs() []netip.Addr {
	if a, err := netip.ParseAddr(e.Target.Hostname()); err == nil {
		return []netip.Addr{a}
	}
	if e.DNS == nil {
		return nil
	}
	return e.DNS.SystemAddrs()
}

// siteOnlyFamily is the one address family all the site's addresses are
// in, 0 when it has both or none.
func (e *Evidence) siteOnlyFamily() int {
	only := 0
	for _, a := range e.siteAddrs() {
		f := checks.AddrFamily(a)
		if only != 0 && f != only {
			return 0
		}
		only = f
	}
	return only
}

// unreachableFamily is the family the site can only be reached by, when
// that family does not get out of this network while the other does: the
// site request failed because of this network's IPv6 (or IPv4). 0 when
// that is not the case.
func (e *Evidence) unreachableFamily() int {
	f := e.siteOnlyFamily()
	if f == 0 || !e.familyFails(f) {
		return 0
	}
	return f
}

// familyWords says what is wrong with family f: "IPv6 is broken on your
// network" or "your network has no IPv6".
func familyWords(e *Evidence, f int) string {
	if e.family(f) == familyAbsent {
		return fmt.Sprintf("your network has no IPv%d (no IPv%d route)", f, f)
	}
	return fmt.Sprintf("IPv%d is broken on your network (no internet host answers over it, while IPv%d works)", f, otherFamily(f))
}

// familyWarning is the warning for a family that is broken while the other
// works, whatever the verdict: the site may have been reached over the
// other family, but apps that do not fall back fail. An absent family
// (most networks have no IPv6) is no warning.
func familyWarning(e *Evidence) (string, bool) {
	for _, f := range []int{6, 4} {
		if e.family(f) == familyBroken && e.family(otherFamily(f)) == familyWorks {
			return fmt.Sprintf("IPv%d is broken on your network (no canary answers over IPv%d, IPv%d works); apps without fallback fail", f, f, otherFamily(f)), true
		}
	}
	return "", false
}

// familySteps lists the per-family handshakes, canaries then the site.
func familySteps(e *Evidence) []Step {
	var s []Step
	for _, ps := range [][]checks.FamilyProbe{e.Net.Families, e.SiteFamilies} {
		for _, p := range ps {
			s = append(s, step(fmt.Sprintf("ipv%d", p.Family()), p.OK, p.Detail, p.Elapsed))
		}
	}
	return s
}
