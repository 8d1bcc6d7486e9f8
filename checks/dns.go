package checks

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"
	"golang.org/x/net/idna"
)

// DefaultDNSTimeout bounds one query; a resolver slower than this is, for a
// person waiting on a page, not answering.
const DefaultDNSTimeout = 1500 * time.Millisecond

// maxAddrs caps the addresses kept per answer: enough to compare, bounded
// against a hostile resolver.
const maxAddrs = 16

// DNSOptions configure a DNS probe.
type DNSOptions struct {
	Timeout    time.Duration // per query; DefaultDNSTimeout when zero
	System     []string      // system resolvers "ip:port"; nil = SystemResolvers()
	References []string      // reference resolvers "ip:port"; empty = none
}

// DNSAnswer is one resolver's answer for the A and AAAA records of a host.
type DNSAnswer struct {
	Server string
	Rcode  string // NOERROR, NXDOMAIN, SERVFAIL, REFUSED…; "" when nothing arrived
	Addrs  []netip.Addr
	Err    ErrKind
	Detail string
	RTT    time.Duration
}

// OK: NOERROR with at least one address.
func (a DNSAnswer) OK() bool { return a.Rcode == "NOERROR" && len(a.Addrs) > 0 }

// DNSResult compares the system resolvers with the reference resolvers.
type DNSResult struct {
	Host      string
	System    []DNSAnswer
	Reference []DNSAnswer
	SystemErr string // why the system resolvers could not be found
	Elapsed   time.Duration
}

func anyOK(as []DNSAnswer) bool {
	for _, a := range as {
		if a.OK() {
			return true
		}
	}
	return false
}

// SystemOK: a system resolver answered with addresses.
func (r DNSResult) SystemOK() bool { return anyOK(r.System) }

// ReferenceOK: a reference resolver answered with addresses.
func (r DNSResult) ReferenceOK() bool { return anyOK(r.Reference) }

// AllNXDOMAIN: every resolver that answered said the name does not exist,
// and at least one system and one reference resolver did answer.
func (r DNSResult) AllNXDOMAIN() bool {
	sys, ref := 0, 0
	for _, a := range r.System {
		if a.Rcode == "" {
			continue
		}
		if a.Rcode != "NXDOMAIN" {
			return false
		}
		sys++
	}
	for _, a := range r.Reference {
		if a.Rcode == "" {
			continue
		}
		if a.Rcode != "NXDOMAIN" {
			return false
		}
		ref++
	}
	return sys > 0 && ref > 0
}

// SystemUnreachable: no system resolver answered at all.
func (r DNSResult) SystemUnreachable() bool {
	for _, a := range r.System {
		if a.Rcode != "" {
			return false
		}
	}
	return true
}

// Disagree: both sides answered with addresses and share none.
func (r DNSResult) Disagree() bool {
	sys, ref := r.SystemAddrs(), r.ReferenceAddrs()
	if len(sys) == 0 || len(ref) == 0 {
		return false
	}
	for _, a := range sys {
		if slices.Contains(ref, a) {
			return false
		}
	}
	return true
}

func addrsOf(as []DNSAnswer) []netip.Addr {
	var out []netip.Addr
	for _, a := range as {
		for _, ad := range a.Addrs {
			if !slices.Contains(out, ad) {
				out = append(out, ad)
			}
		}
	}
	slices.SortFunc(out, func(a, b netip.Addr) int { return a.Compare(b) })
	return out
}

// SystemAddrs are the addresses the system resolvers gave.
func (r DNSResult) SystemAddrs() []netip.Addr { return addrsOf(r.System) }

// ReferenceAddrs are the addresses the reference resolvers gave.
func (r DNSResult) ReferenceAddrs() []netip.Addr { return addrsOf(r.Reference) }

// DNS asks every system and reference resolver for host's A and AAAA
// records, all at once.
func DNS(ctx context.Context, host string, opt DNSOptions) DNSResult {
	start := time.Now()
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultDNSTimeout
	}
	res := DNSResult{Host: host}
	if _, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		res.SystemErr = "host is an IP address: nothing to resolve"
		return res
	}
	name, err := queryName(host)
	if err != nil {
		res.SystemErr = err.Error()
		return res
	}
	system := opt.System
	if system == nil {
		system, err = SystemResolvers()
		if err != nil {
			res.SystemErr = fmt.Sprintf("finding the system resolvers: %v", err)
		}
	}
	res.System = make([]DNSAnswer, len(system))
	res.Reference = make([]DNSAnswer, len(opt.References))
	var wg sync.WaitGroup
	for i, s := range system {
		wg.Add(1)
		go func() { defer wg.Done(); res.System[i] = resolve(ctx, s, name, opt.Timeout) }()
	}
	for i, s := range opt.References {
		wg.Add(1)
		go func() { defer wg.Done(); res.Reference[i] = resolve(ctx, s, name, opt.Timeout) }()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	return res
}

// queryName validates a host name and makes it fully qualified.
func queryName(host string) (string, error) {
	h, err := idna.Lookup.ToASCII(strings.ToLower(strings.TrimSuffix(host, ".")))
	if err != nil || h == "" || len(h) > 253 {
		return "", fmt.Errorf("invalid host name %q", host)
	}
	for _, r := range h {
		if !(r == '.' || r == '-' || r == '_' || (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9')) {
			return "", fmt.Errorf("invalid host name %q: it contains %q", host, r)
		}
	}
	if _, ok := dns.IsDomainName(h); !ok {
		return "", fmt.Errorf("invalid host name %q", host)
	}
	return dns.Fqdn(h), nil
}

// resolve asks one server for A and AAAA concurrently and merges them.
func resolve(ctx context.Context, server, name string, timeout time.Duration) DNSAnswer {
	start := time.Now()
	ans := DNSAnswer{Server: server}
	type one struct {
		msg *dns.Msg
		err error
	}
	ch := make(chan one, 2)
	for _, qt := range []uint16{dns.TypeA, dns.TypeAAAA} {
		go func() {
			m, err := exchange(ctx, server, name, qt, timeout)
			ch <- one{m, err}
		}()
	}
	var msgs []*dns.Msg
	var firstErr error
	for range 2 {
		o := <-ch
		if o.err != nil {
			if firstErr == nil {
				firstErr = o.err
			}
			continue
		}
		msgs = append(msgs, o.msg)
	}
	ans.RTT = time.Since(start)
	if len(msgs) == 0 {
		ans.Err = Classify(firstErr)
		ans.Detail = fmt.Sprintf("no answer from %s after %s: %v", server, ans.RTT.Round(time.Millisecond), firstErr)
		return ans
	}
	// The A answer decides the rcode when both came; a resolver that
	// fails only AAAA still resolves the site for IPv4 clients.
	ans.Rcode = dns.RcodeToString[msgs[0].Rcode]
	for _, m := range msgs {
		if m.Rcode == dns.RcodeSuccess {
			ans.Rcode = "NOERROR"
		}
		for _, rr := range m.Answer {
			if len(ans.Addrs) >= maxAddrs {
				break
			}
			var a netip.Addr
			switch v := rr.(type) {
			case *dns.A:
				a, _ = netip.AddrFromSlice(v.A.To4())
			case *dns.AAAA:
				a, _ = netip.AddrFromSlice(v.AAAA)
			default:
				continue // CNAMEs: the addresses they lead to are in the same answer
			}
			if a.IsValid() && !slices.Contains(ans.Addrs, a) {
				ans.Addrs = append(ans.Addrs, a)
			}
		}
	}
	slices.SortFunc(ans.Addrs, func(a, b netip.Addr) int { return a.Compare(b) })
	ans.Detail = describeAnswer(ans)
	return ans
}

func describeAnswer(a DNSAnswer) string {
	rtt := a.RTT.Round(time.Millisecond)
	if len(a.Addrs) == 0 {
		return fmt.Sprintf("%s in %s", a.Rcode, rtt)
	}
	ss := make([]string, len(a.Addrs))
	bogus := false
	for i, ad := range a.Addrs {
		ss[i] = ad.String()
		if ad.IsUnspecified() || ad.IsLoopback() {
			bogus = true
		}
	}
	d := fmt.Sprintf("%s in %s: %s", a.Rcode, rtt, strings.Join(ss, ", "))
	if bogus {
		d += " (a blocking or bogus answer for a public name)"
	}
	return d
}

// exchange sends one query over UDP and retries over TCP when the answer
// was truncated.
func exchange(ctx context.Context, server, name string, qtype uint16, timeout time.Duration) (*dns.Msg, error) {
	m := new(dns.Msg)
	m.SetQuestion(name, qtype)
	m.RecursionDesired = true
	m.SetEdns0(1232, false)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	c := &dns.Client{Net: "udp", Timeout: timeout, Dialer: &net.Dialer{Timeout: timeout, Control: guardControl}}
	r, _, err := c.ExchangeContext(ctx, m, server)
	if err == nil && r.Truncated {
		c.Net = "tcp"
		r, _, err = c.ExchangeContext(ctx, m, server)
	}
	if err != nil {
		return nil, fmt.Errorf("dns query %s %s @%s: %w", dns.TypeToString[qtype], strings.TrimSuffix(name, "."), server, err)
	}
	return r, nil
}
