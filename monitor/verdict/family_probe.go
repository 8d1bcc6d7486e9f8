package verdict

import (
	"context"
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
