package checks

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"
)

// maxCNAMEs bounds how far a CNAME chain inside one response is followed.
const maxCNAMEs = 8

// errWrongQuestion: a reply to some other query (spoofed, or a broken
// middlebox rewriting packets).
var errWrongQuestion = errors.New("the reply is for another question")

// reply is the outcome of one query (one record type at one server).
type reply struct {
	qtype uint16
	msg   *dns.Msg // nil when nothing usable arrived
	err   error
	note  string // something worth saying even though msg arrived
}

// resolve asks one server for A and AAAA at once and merges the answers.
func resolve(ctx context.Context, server, name string) DNSAnswer {
	ap, err := parseServer(server)
	if err != nil {
		return DNSAnswer{Server: server, Err: ErrOther, Detail: err.Error()}
	}
	ans := DNSAnswer{Server: ap.String()}
	if err := guardRefuse(ap.Addr(), "dns query @"+ap.String()); err != nil {
		ans.Err, ans.Detail = ErrGuard, "not asked: "+err.Error()
		return ans
	}
	start := time.Now()
	var a, aaaa reply
	var wg sync.WaitGroup
	wg.Go(func() { a = exchange(ctx, ap, name, dns.TypeA) })
	wg.Go(func() { aaaa = exchange(ctx, ap, name, dns.TypeAAAA) })
	wg.Wait()
	ans.RTT = time.Since(start)

	if a.msg == nil && aaaa.msg == nil {
		r := a
		if k := errKind(ctx, a.err); k == ErrTimeout || k == ErrCanceled {
			r = aaaa // the other may say more (refused, unreachable)
		}
		ans.Err = errKind(ctx, r.err)
		ans.Detail = failDetail(ans.Err, ans.RTT, r.err)
		return ans
	}

	var notes []string
	via := ""
	for _, r := range []reply{a, aaaa} {
		if r.note != "" {
			notes = append(notes, r.note)
		}
		if r.msg == nil {
			notes = append(notes, fmt.Sprintf("%s: %s", dns.TypeToString[r.qtype], errKind(ctx, r.err)))
			continue
		}
		if r.msg.Rcode != dns.RcodeSuccess {
			continue
		}
		ans.Rcode = "NOERROR"
		addrs, target := chainAddrs(r.msg, name, r.qtype)
		ans.Addrs = append(ans.Addrs, addrs...)
		if target != "" {
			via = target
		}
	}
	if ans.Rcode == "" {
		// Neither said NOERROR: A speaks for both when it came.
		first := a.msg
		if first == nil {
			first = aaaa.msg
		}
		ans.Rcode = rcodeName(first.Rcode)
	}
	// Both records answered but disagreed on the rcode: worth showing.
	if a.msg != nil && aaaa.msg != nil && a.msg.Rcode != aaaa.msg.Rcode {
		for _, r := range []reply{a, aaaa} {
			if rc := rcodeName(r.msg.Rcode); rc != ans.Rcode {
				notes = append(notes, fmt.Sprintf("%s: %s", dns.TypeToString[r.qtype], rc))
			}
		}
	}
	slices.SortFunc(ans.Addrs, netip.Addr.Compare)
	ans.Addrs = slices.Compact(ans.Addrs)
	if len(ans.Addrs) > maxAddrs {
		notes = append(notes, fmt.Sprintf("kept %d of %d addresses", maxAddrs, len(ans.Addrs)))
		ans.Addrs = slices.Clip(ans.Addrs[:maxAddrs])
	}
	ans.Detail = answerDetail(ans, via, notes)
	return ans
}

// exchange sends one query over UDP and repeats it over TCP when the
// answer was truncated.
func exchange(ctx context.Context, server netip.AddrPort, name string, qtype uint16) reply {
	r := reply{qtype: qtype}
	qt := dns.TypeToString[qtype]
	m := new(dns.Msg)
	m.SetQuestion(name, qtype)
	m.RecursionDesired = true
	m.SetEdns0(1232, false) // the DNS flag day size: no IP fragmentation
	msg, err := exchangeOver(ctx, "udp", server, m)
	if err != nil {
		r.err = fmt.Errorf("dns query %s %s @%s: %w", qt, strings.TrimSuffix(name, "."), server, err)
		return r
	}
	r.msg = msg
	if !msg.Truncated {
		return r
	}
	full, err := exchangeOver(ctx, "tcp", server, m)
	if err != nil {
		// The truncated reply still carries the rcode and maybe some records.
		r.note = fmt.Sprintf("%s truncated and the TCP retry failed (%s)", qt, errKind(ctx, err))
		return r
	}
	r.msg = full
	return r
}

// exchangeOver does one exchange on network ("udp" or "tcp"). miekg/dns
// only honours the context's deadline, so cancelling closes the socket.
func exchangeOver(ctx context.Context, network string, server netip.AddrPort, m *dns.Msg) (*dns.Msg, error) {
	c := &dns.Client{Net: network, Dialer: &net.Dialer{Control: guardControl}}
	conn, err := c.DialContext(ctx, server.String())
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	r, _, err := c.ExchangeWithConnContext(ctx, m, conn)
	if err != nil {
		return nil, err
	}
	// Some servers drop the question from error replies; a question that is
	// there must be ours.
	if len(r.Question) > 0 {
		q, want := r.Question[0], m.Question[0]
		if len(r.Question) != 1 || q.Qtype != want.Qtype || !strings.EqualFold(q.Name, want.Name) {
			return nil, errWrongQuestion
		}
	}
	return r, nil
}

// chainAddrs returns the qtype records of name and of the names its CNAME
// chain leads to within m, and the last name of the chain ("" without
// CNAMEs). Records for other names are ignored: a resolver has no business
// adding them.
func chainAddrs(m *dns.Msg, name string, qtype uint16) ([]netip.Addr, string) {
	names := []string{strings.ToLower(name)}
	for range maxCNAMEs {
		cur := names[len(names)-1]
		next := ""
		for _, rr := range m.Answer {
			if c, ok := rr.(*dns.CNAME); ok && strings.EqualFold(c.Hdr.Name, cur) {
				next = strings.ToLower(c.Target)
				break
			}
		}
		if next == "" || slices.Contains(names, next) {
			break
		}
		names = append(names, next)
	}
	var out []netip.Addr
	for _, rr := range m.Answer {
		if rr.Header().Rrtype != qtype || !slices.Contains(names, strings.ToLower(rr.Header().Name)) {
			continue
		}
		var a netip.Addr
		switch v := rr.(type) {
		case *dns.A:
			a, _ = netip.AddrFromSlice(v.A.To4())
		case *dns.AAAA:
			a, _ = netip.AddrFromSlice(v.AAAA.To16())
		}
		if a.IsValid() && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	target := ""
	if len(names) > 1 {
		target = strings.TrimSuffix(names[len(names)-1], ".")
	}
	return out, target
}

func rcodeName(rc int) string {
	if s, ok := dns.RcodeToString[rc]; ok {
		return s
	}
	return fmt.Sprintf("RCODE%d", rc)
}

// errKind classifies a query error; a socket closed because ctx ended is
// the context's doing, not the resolver's.
func errKind(ctx context.Context, err error) ErrKind {
	if errors.Is(err, errWrongQuestion) {
		return ErrProtocol
	}
	if ctx.Err() != nil && (errors.Is(err, net.ErrClosed) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return Classify(ctx.Err())
	}
	return Classify(err)
}

func failDetail(k ErrKind, rtt time.Duration, err error) string {
	after := roundRTT(rtt)
	switch k {
	case ErrTimeout:
		return fmt.Sprintf("timeout after %s", after)
	case ErrRefused:
		return fmt.Sprintf("refused after %s: nothing listens there (port unreachable)", after)
	case ErrUnreachable:
		return fmt.Sprintf("unreachable after %s: no route to the resolver", after)
	case ErrCanceled:
		return fmt.Sprintf("canceled after %s", after)
	}
	return fmt.Sprintf("failed after %s: %v", after, err)
}

func answerDetail(a DNSAnswer, via string, notes []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s in %s", a.Rcode, roundRTT(a.RTT))
	switch {
	case len(a.Addrs) > 0:
		ss := make([]string, len(a.Addrs))
		for i, ad := range a.Addrs {
			ss[i] = ad.String()
		}
		b.WriteString(": " + strings.Join(ss, ", "))
	case a.Rcode == "NOERROR":
		b.WriteString(" but no address")
	case a.Rcode == "NXDOMAIN":
		b.WriteString(": the name does not exist")
	}
	if via != "" {
		b.WriteString(" (via " + via + ")")
	}
	if bogus := bogusAddrs(a.Addrs); len(bogus) > 0 {
		fmt.Fprintf(&b, "; %s is a blocking or bogus answer for a public name", strings.Join(bogus, ", "))
	}
	if len(notes) > 0 {
		b.WriteString("; " + strings.Join(notes, "; "))
	}
	return b.String()
}

// bogusAddrs lists the answers no public name should have: what DNS
// filters and broken resolvers hand out instead of NXDOMAIN.
func bogusAddrs(as []netip.Addr) []string {
	var out []string
	for _, a := range as {
		if u := a.Unmap(); u.IsUnspecified() || u.IsLoopback() {
			out = append(out, a.String())
		}
	}
	return out
}

// roundRTT keeps two or three significant digits: "258µs", "12ms", "1.5s".
func roundRTT(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(100 * time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(time.Millisecond)
	}
	return d.Round(time.Microsecond)
}
