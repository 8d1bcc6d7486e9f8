package checks

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"sync"
	"time"
)

// HTTPSReachResult is whether TCP port 443 can be reached at a few
// well-known hosts (the reference resolvers, which serve DNS-over-HTTPS
// on 443 in real use). A refused connection proves the path is open (the
// host answered); only silence counts against it.
type HTTPSReachResult struct {
	Hosts []ReachResult
	// Attempts and Silent count handshakes over all hosts: Silent got no
	// answer at all (timeout or an unreachable error).
	Attempts int
	Silent   int
	Detail   string
	Elapsed  time.Duration
}

// SilentPercent is the share of handshakes to port 443 that got no answer;
// 0 when nothing was tried.
func (r HTTPSReachResult) SilentPercent() int {
	if r.Attempts == 0 {
		return 0
	}
	return 100 * r.Silent / r.Attempts
}

// HTTPSReach makes opt.Attempts handshakes to port 443 of every host, all
// at once. Hosts are addresses, with or without a port (the port is
// replaced by 443); names and malformed entries are skipped.
func HTTPSReach(ctx context.Context, hosts []string, opt ReachOptions) HTTPSReachResult {
	return httpsReach(ctx, hosts, "443", opt)
}

// httpsReach is HTTPSReach on any port (tests use loopback ports).
func httpsReach(ctx context.Context, hosts []string, port string, opt ReachOptions) HTTPSReachResult {
	start := time.Now()
	var addrs []string
	for _, h := range hosts {
		if a, ok := hostAddr(h); ok {
			addrs = append(addrs, net.JoinHostPort(a.String(), port))
		}
	}
	res := HTTPSReachResult{Hosts: make([]ReachResult, len(addrs))}
	var wg sync.WaitGroup
	for i, a := range addrs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res.Hosts[i] = Reach(ctx, a, opt)
		}()
	}
	wg.Wait()
	answered := 0
	for _, h := range res.Hosts {
		if h.Err == ErrGuard || h.Err == ErrCanceled {
			continue // not sent, or we gave up: says nothing about the path
		}
		res.Attempts += h.Attempts
		res.Silent += h.Attempts - h.Succeeded
		if h.OK() {
			answered++
		}
	}
	res.Elapsed = time.Since(start)
	switch {
	case len(res.Hosts) == 0:
		res.Detail = "tcp/" + port + ": no reference host to try"
	case res.Attempts == 0:
		res.Detail = "tcp/" + port + ": not tested"
	default:
		res.Detail = fmt.Sprintf("tcp/%s answered at %d of %d reference hosts (%d%% of %d handshakes silent)",
			port, answered, len(res.Hosts), res.SilentPercent(), res.Attempts)
	}
	return res
}

// hostAddr reads "ip" or "ip:port".
func hostAddr(s string) (netip.Addr, bool) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr(), true
	}
	a, err := netip.ParseAddr(s)
	return a, err == nil
}
