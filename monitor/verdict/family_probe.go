package verdict

import (
	"context"
	"fmt"
	"net/netip"
	"net/url"
	"sync"

	"github.com/gatewatch/gatewatch/checks"
)

// pendingFamilies are handshakes running in the background, one per
// address family of a host.
type pendingFamilies struct {
	wg  sync.WaitGroup
	out []checks.FamilyProbe
}

// familyProbes starts one handshake per address family of addrs (the first
// address of each), each bounded by checks.DefaultFamilyTimeout (or the
// diagnosis' shorter timeout): a family that drops everything costs that
// long, in parallel with the other probes.
func familyProbes(ctx context.Context, host string, addrs []netip.Addr, port string, opt Options) *pendingFamilies {
	p := &pendingFamilies{}
	picked := checks.FirstOfEachFamily(addrs)
	p.out = make([]checks.FamilyProbe, len(picked))
	for i, a := range picked {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.out[i] = checks.Handshake(ctx, host, a, port, opt.short(checks.DefaultFamilyTimeout))
		}()
	}
	return p
}

func (p *pendingFamilies) wait() []checks.FamilyProbe {
	p.wg.Wait()
	return p.out
}

// urlPort is u's port, or its scheme's default.
func urlPort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if u.Scheme == "http" {
		return "80"
	}
	return "443"
}

// canaryFamily is a canary fetch read as its family's probe: any answer
// (the expected one, a portal's, an error status) means the family got
// through to something.
func canaryFamily(host string, addr netip.Addr, res checks.CanaryResult) checks.FamilyProbe {
	ok := res.Online || res.Captive || res.Status > 0 || res.Err == checks.ErrRefused
	detail := fmt.Sprintf("canary %s over IPv%d (%s): %s", host, checks.AddrFamily(addr), addr, res.Detail)
	return checks.FamilyProbe{Host: "canary " + host, Addr: addr, OK: ok, Err: res.Err, Detail: detail, Elapsed: res.Elapsed}
}

// hasIPv6 reports an IPv6 address among addrs.
func hasIPv6(addrs []netip.Addr) bool {
	for _, a := range addrs {
		if checks.AddrFamily(a) == 6 {
			return true
		}
	}
	return false
}
