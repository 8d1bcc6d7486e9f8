package checks

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"
)

// DefaultDNSTimeout bounds one query; a resolver slower than this is, for a
// person waiting on a page, not answering.
const DefaultDNSTimeout = 1500 * time.Millisecond

const (
	// maxAddrs caps the addresses kept per answer: enough to compare,
	// bounded against a hostile resolver.
	maxAddrs = 16
	// maxServers caps the resolvers asked per side, bounding the sockets
	// one probe opens whatever the configuration lists.
	maxServers = 16
	// discoverTimeout bounds finding the system resolvers (macOS runs
	// scutil for it), separately from the queries' own timeout.
	discoverTimeout = 2 * time.Second
)

// discoverResolvers finds the system resolvers: systemResolvers, but a
// variable so tests can stand in a stub with upstreams on loopback.
var discoverResolvers = systemResolvers

// DNSOptions configure a DNS probe.
type DNSOptions struct {
	Timeout    time.Duration // per query; DefaultDNSTimeout when zero
	System     []string      // system resolvers "ip:port", "ip" or "[v6]:port"; nil = SystemResolvers()
	References []string      // reference resolvers, same forms; empty = none asked
}

// DNSAnswer is one resolver's answer for the A and AAAA records of a host.
type DNSAnswer struct {
	Server string        // "ip:port"
	Rcode  string        // NOERROR, NXDOMAIN, SERVFAIL, REFUSED…; "" when nothing arrived
	Addrs  []netip.Addr  // A and AAAA records on the CNAME chain of the name, sorted, at most 16
	Err    ErrKind       // why nothing arrived: timeout, refused (port unreachable), unreachable…
	Detail string        // one line for people, e.g. "SERVFAIL in 12ms"
	RTT    time.Duration // until both answers arrived or the resolver gave up
	// Stub: the server is a local stub resolver (systemd-resolved's
	// 127.0.0.53, NetworkManager's dnsmasq on 127.0.1.1): what
	// applications ask. Upstream: one of the servers that stub forwards
	// to, asked beside it to tell which of the two fails; applications
	// never ask it directly, so its answer is not the system's.
	Stub, Upstream bool `json:",omitempty"`
	// DNSSECFails: the stub answered SERVFAIL, and with checking disabled
	// (the CD bit) it resolves the name: its DNSSEC validation fails.
	DNSSECFails bool `json:",omitempty"`
}

// OK reports NOERROR with at least one address.
func (a DNSAnswer) OK() bool { return a.Rcode == "NOERROR" && len(a.Addrs) > 0 }

// answered reports whether a DNS message came back at all.
func (a DNSAnswer) answered() bool { return a.Rcode != "" }

// DNSResult compares the system resolvers with the reference resolvers.
type DNSResult struct {
	Host      string
	System    []DNSAnswer
	Reference []DNSAnswer
	// SystemErr says why the system resolvers could not be found, or why
	// nothing was asked (an IP-literal or invalid host).
	SystemErr string
	// Service names the local DNS service applications go through:
	// the stub asked (systemd-resolved, NetworkManager's dnsmasq), or the
	// OS's own (mDNSResponder, the Windows DNS Client service), which
	// gatewatch does not ask itself; "" when none is known.
	Service string `json:",omitempty"`
	Elapsed time.Duration
}

func anyOK(as []DNSAnswer) bool { return slices.ContainsFunc(as, DNSAnswer.OK) }

// Applications are the system answers applications get: all but a stub's
// upstreams, which only the stub asks.
func (r DNSResult) Applications() []DNSAnswer {
	if !slices.ContainsFunc(r.System, func(a DNSAnswer) bool { return a.Upstream }) {
		return r.System
	}
	var out []DNSAnswer
	for _, a := range r.System {
		if !a.Upstream {
			out = append(out, a)
		}
	}
	return out
}

// Upstreams are the answers of the stub's upstream servers.
func (r DNSResult) Upstreams() []DNSAnswer {
	var out []DNSAnswer
	for _, a := range r.System {
		if a.Upstream {
			out = append(out, a)
		}
	}
	return out
}

// SystemOK reports that a system resolver applications ask answered with
// addresses (behind a stub: the stub).
func (r DNSResult) SystemOK() bool { return anyOK(r.Applications()) }

// ReferenceOK reports that a reference resolver answered with addresses.
func (r DNSResult) ReferenceOK() bool { return anyOK(r.Reference) }

// AllNXDOMAIN reports that every resolver that answered said the name does
// not exist, and that at least one system and one reference resolver did
// answer: the site's own DNS is broken, not the user's resolver.
func (r DNSResult) AllNXDOMAIN() bool {
	count := func(as []DNSAnswer) (nx int, other bool) {
		for _, a := range as {
			switch {
			case !a.answered():
			case a.Rcode == "NXDOMAIN":
				nx++
			default:
				other = true
			}
		}
		return nx, other
	}
	sys, sysOther := count(r.System)
	ref, refOther := count(r.Reference)
	return sys > 0 && ref > 0 && !sysOther && !refOther
}

// SystemUnreachable reports that no system resolver sent any answer
// (timeout, refused, unreachable), including when none is known.
func (r DNSResult) SystemUnreachable() bool {
	return !slices.ContainsFunc(r.Applications(), DNSAnswer.answered)
}

// Disagree reports that both sides answered with addresses and share none:
// a hijacked, filtered or stale answer (or a CDN's geography, which the
// verdict engine settles by trying the site at the reference address).
func (r DNSResult) Disagree() bool {
	sys, ref := r.SystemAddrs(), r.ReferenceAddrs()
	if len(sys) == 0 || len(ref) == 0 {
		return false
	}
	return !slices.ContainsFunc(sys, func(a netip.Addr) bool { return slices.Contains(ref, a) })
}

func addrsOf(as []DNSAnswer) []netip.Addr {
	var out []netip.Addr
	for _, a := range as {
		out = append(out, a.Addrs...)
	}
	slices.SortFunc(out, netip.Addr.Compare)
	return slices.Compact(out)
}

// SystemAddrs are the addresses the system resolvers applications ask
// gave, sorted.
func (r DNSResult) SystemAddrs() []netip.Addr { return addrsOf(r.Applications()) }

// ReferenceAddrs are the addresses the reference resolvers gave, sorted.
func (r DNSResult) ReferenceAddrs() []netip.Addr { return addrsOf(r.Reference) }

// DNS asks every system and reference resolver for host's A and AAAA
// records, all at once, and waits at most opt.Timeout (after finding the
// system resolvers) or until ctx ends. It sends packets to the resolvers
// named and to no one else.
func DNS(ctx context.Context, host string, opt DNSOptions) DNSResult {
	start := time.Now()
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultDNSTimeout
	}
	res := DNSResult{Host: host}
	if a, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		res.SystemErr = fmt.Sprintf("%s is an IP address: nothing to resolve", a)
		return res
	}
	name, err := queryName(host)
	if err != nil {
		res.SystemErr = err.Error()
		return res
	}
	system := opt.System
	upstreams := 0 // the last servers of system are a stub's upstreams
	if system == nil {
		res.Service = osDNSService
		dctx, cancel := context.WithTimeout(ctx, discoverTimeout)
		system, upstreams, err = discoverResolvers(dctx)
		cancel()
		if err != nil {
			res.SystemErr = fmt.Sprintf("finding the system resolvers: %v", err)
		}
		if len(system) > 0 && Guard() == GuardLoopback {
			// The machine's own resolvers are the real network's, even a
			// loopback stub (it forwards): under the loopback-only guard
			// they are not asked, and that is no resolver failure.
			res.SystemErr = "system resolvers not asked: " + (&guardError{level: GuardLoopback, what: strings.Join(system, ", ")}).Error()
			system, upstreams = nil, 0
		}
	}
	for _, s := range system {
		if svc := stubService(s); svc != "" {
			res.Service = svc
			break
		}
	}
	qctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	res.System = make([]DNSAnswer, min(len(system), maxServers))
	res.Reference = make([]DNSAnswer, min(len(opt.References), maxServers))
	var wg sync.WaitGroup
	for i := range res.System {
		wg.Go(func() {
			a := resolve(qctx, system[i], name)
			a.Stub = stubService(system[i]) != ""
			a.Upstream = i >= len(system)-upstreams
			if a.Stub && a.Rcode == "SERVFAIL" {
				// Only on failure: does the stub resolve the name when
				// asked not to validate? Then DNSSEC is what fails.
				a.DNSSECFails = resolvesUnchecked(qctx, system[i], name)
			}
			res.System[i] = a
		})
	}
	for i := range res.Reference {
		wg.Go(func() { res.Reference[i] = resolve(qctx, opt.References[i], name) })
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	return res
}
