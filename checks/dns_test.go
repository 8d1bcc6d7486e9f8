package checks

import (
	"context"
	"net"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// testDNSTimeout is long enough for -race on a busy machine, short enough
// that the timeout cases stay quick.
const testDNSTimeout = 400 * time.Millisecond

// loopbackOnly stops a test that would send a query anywhere but this
// machine: tests must never reach a real resolver.
func loopbackOnly(t *testing.T, servers ...string) {
	t.Helper()
	for _, s := range servers {
		ap, err := parseServer(s)
		if err != nil {
			continue // refused by DNS itself before any packet leaves
		}
		if !ap.Addr().Unmap().IsLoopback() {
			t.Fatalf("test resolver %s is not on loopback", s)
		}
	}
}

// probeDNS runs the probe against loopback resolvers only.
func probeDNS(t *testing.T, ctx context.Context, host string, timeout time.Duration, system, reference []string) DNSResult {
	t.Helper()
	if system == nil {
		system = []string{} // never the machine's own resolvers
	}
	loopbackOnly(t, system...)
	loopbackOnly(t, reference...)
	return DNS(ctx, host, DNSOptions{Timeout: timeout, System: system, References: reference})
}

// dnsServer runs an in-process resolver on loopback, UDP and TCP on the
// same port (TCP left out when udpOnly), and returns its "ip:port".
func dnsServer(t *testing.T, h dns.HandlerFunc, udpOnly bool) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := pc.LocalAddr().String()
	udp := &dns.Server{PacketConn: pc, Handler: h}
	started := make(chan struct{})
	udp.NotifyStartedFunc = func() { close(started) }
	go udp.ActivateAndServe()
	<-started
	t.Cleanup(func() { udp.Shutdown() })
	if udpOnly {
		return addr
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("tcp on the udp port: %v", err)
	}
	tcp := &dns.Server{Listener: l, Handler: h}
	tstarted := make(chan struct{})
	tcp.NotifyStartedFunc = func() { close(tstarted) }
	go tcp.ActivateAndServe()
	<-tstarted
	t.Cleanup(func() { tcp.Shutdown() })
	return addr
}

func rrA(name string, a netip.Addr) dns.RR {
	if a.Is4() {
		return &dns.A{Hdr: dns.RR_Header{Name: name, Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: 60}, A: a.AsSlice()}
	}
	return &dns.AAAA{Hdr: dns.RR_Header{Name: name, Rrtype: dns.TypeAAAA, Class: dns.ClassINET, Ttl: 60}, AAAA: a.AsSlice()}
}

// dnsAnswerWith answers A and AAAA with the addresses of the matching family,
// behind a CNAME to cname when that is not "".
func dnsAnswerWith(cname string, addrs ...string) dns.HandlerFunc {
	return func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(r)
		q := r.Question[0]
		owner := q.Name
		if cname != "" {
			m.Answer = append(m.Answer, &dns.CNAME{Hdr: dns.RR_Header{Name: q.Name, Rrtype: dns.TypeCNAME, Class: dns.ClassINET, Ttl: 60}, Target: cname})
			owner = cname
		}
		for _, s := range addrs {
			a := netip.MustParseAddr(s)
			if (a.Is4() && q.Qtype == dns.TypeA) || (a.Is6() && q.Qtype == dns.TypeAAAA) {
				m.Answer = append(m.Answer, rrA(owner, a))
			}
		}
		w.WriteMsg(m)
	}
}

func dnsReply(addrs ...string) dns.HandlerFunc { return dnsAnswerWith("", addrs...) }

func rcodeOnly(code int) dns.HandlerFunc {
	return func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg)
		m.SetRcode(r, code)
		w.WriteMsg(m)
	}
}

// perType answers A with one handler and AAAA with another.
func perType(a, aaaa dns.HandlerFunc) dns.HandlerFunc {
	return func(w dns.ResponseWriter, r *dns.Msg) {
		if r.Question[0].Qtype == dns.TypeA {
			a(w, r)
			return
		}
		aaaa(w, r)
	}
}

func silent() dns.HandlerFunc { return func(dns.ResponseWriter, *dns.Msg) {} }

// truncating answers UDP with TC set and no records; TCP gets the answer.
func truncating(full dns.HandlerFunc) dns.HandlerFunc {
	return func(w dns.ResponseWriter, r *dns.Msg) {
		if w.LocalAddr().Network() == "udp" {
			m := new(dns.Msg)
			m.SetReply(r)
			m.Truncated = true
			w.WriteMsg(m)
			return
		}
		full(w, r)
	}
}

// otherQuestion answers with the right ID for a different name.
func otherQuestion() dns.HandlerFunc {
	return func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(r)
		m.Question[0].Name = "elsewhere.gw.test."
		m.Answer = append(m.Answer, rrA("elsewhere.gw.test.", netip.MustParseAddr("192.0.2.66")))
		w.WriteMsg(m)
	}
}

// strayRecords puts addresses for other names, and a CNAME loop, in the
// answer: none of them belong to the question.
func strayRecords() dns.HandlerFunc {
	return func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(r)
		q := r.Question[0]
		cn := func(from, to string) dns.RR {
			return &dns.CNAME{Hdr: dns.RR_Header{Name: from, Rrtype: dns.TypeCNAME, Class: dns.ClassINET, Ttl: 60}, Target: to}
		}
		m.Answer = append(m.Answer, cn(q.Name, "loop-a.gw.test."), cn("loop-a.gw.test.", "loop-b.gw.test."), cn("loop-b.gw.test.", q.Name))
		if q.Qtype == dns.TypeA {
			m.Answer = append(m.Answer, rrA("unrelated.gw.test.", netip.MustParseAddr("192.0.2.77")), rrA("LOOP-B.gw.test.", netip.MustParseAddr("203.0.113.5")))
		}
		w.WriteMsg(m)
	}
}

// closedUDP is a loopback port nothing listens on: the kernel answers a
// query there with ICMP port unreachable.
func closedUDP(t *testing.T) string {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	a := pc.LocalAddr().String()
	pc.Close()
	return a
}

func manyAddrs(n int) []string {
	var out []string
	for i := range n {
		out = append(out, netip.AddrFrom4([4]byte{198, 51, 100, byte(i + 1)}).String())
	}
	return out
}

func TestDNS(t *testing.T) {
	srv := func(h dns.HandlerFunc) func(t *testing.T) string {
		return func(t *testing.T) string { return dnsServer(t, h, false) }
	}
	good := srv(dnsReply("203.0.113.10", "2001:db8::10"))
	cases := []struct {
		name   string
		system func(t *testing.T) string
		check  func(t *testing.T, r DNSResult, sys DNSAnswer)
	}{
		{"agree", good, func(t *testing.T, r DNSResult, sys DNSAnswer) {
			if !r.SystemOK() || !r.ReferenceOK() || r.Disagree() || r.AllNXDOMAIN() || r.SystemUnreachable() {
				t.Errorf("summary wrong: %+v", r)
			}
			want := []netip.Addr{netip.MustParseAddr("203.0.113.10"), netip.MustParseAddr("2001:db8::10")}
			if !slices.Equal(r.SystemAddrs(), want) || !slices.Equal(sys.Addrs, want) {
				t.Errorf("addrs %v", sys.Addrs)
			}
			if sys.Err != ErrNone || !strings.HasPrefix(sys.Detail, "NOERROR in ") || strings.Contains(sys.Detail, "bogus") {
				t.Errorf("answer %+v", sys)
			}
		}},
		{"different addresses", srv(dnsReply("192.0.2.1")), func(t *testing.T, r DNSResult, sys DNSAnswer) {
			if !r.Disagree() || !r.SystemOK() {
				t.Errorf("no disagreement: %v vs %v", r.SystemAddrs(), r.ReferenceAddrs())
			}
		}},
		{"one address in common", srv(dnsReply("192.0.2.1", "203.0.113.10")), func(t *testing.T, r DNSResult, sys DNSAnswer) {
			if r.Disagree() {
				t.Errorf("overlapping answers called a disagreement")
			}
		}},
		{"nxdomain on the system resolver only", srv(rcodeOnly(dns.RcodeNameError)), func(t *testing.T, r DNSResult, sys DNSAnswer) {
			if sys.Rcode != "NXDOMAIN" || sys.Err != ErrNone || r.AllNXDOMAIN() || r.SystemOK() || !r.ReferenceOK() || r.SystemUnreachable() {
				t.Errorf("%+v", r)
			}
			if !strings.Contains(sys.Detail, "does not exist") {
				t.Errorf("detail %q", sys.Detail)
			}
		}},
		{"servfail", srv(rcodeOnly(dns.RcodeServerFailure)), func(t *testing.T, r DNSResult, sys DNSAnswer) {
			if sys.Rcode != "SERVFAIL" || sys.Err != ErrNone || r.SystemOK() || r.SystemUnreachable() || !strings.HasPrefix(sys.Detail, "SERVFAIL in ") {
				t.Errorf("%+v", sys)
			}
		}},
		{"refused rcode", srv(rcodeOnly(dns.RcodeRefused)), func(t *testing.T, r DNSResult, sys DNSAnswer) {
			if sys.Rcode != "REFUSED" || sys.Err != ErrNone || r.SystemUnreachable() {
				t.Errorf("%+v", sys)
			}
		}},
		{"timeout", srv(silent()), func(t *testing.T, r DNSResult, sys DNSAnswer) {
			if !r.SystemUnreachable() || sys.Err != ErrTimeout || sys.Rcode != "" || !strings.HasPrefix(sys.Detail, "timeout after ") {
				t.Errorf("%+v", sys)
			}
			if !r.ReferenceOK() {
				t.Errorf("a silent system resolver held up the reference: %+v", r.Reference)
			}
		}},
		{"port unreachable", closedUDP, func(t *testing.T, r DNSResult, sys DNSAnswer) {
			if !r.SystemUnreachable() || sys.Err != ErrRefused || !strings.Contains(sys.Detail, "refused") {
				t.Errorf("%+v", sys)
			}
		}},
		{"truncated retried over tcp", srv(truncating(dnsReply("203.0.113.10"))), func(t *testing.T, r DNSResult, sys DNSAnswer) {
			if !sys.OK() || sys.Addrs[0] != netip.MustParseAddr("203.0.113.10") {
				t.Errorf("%+v", sys)
			}
		}},
		{"truncated and no tcp", func(t *testing.T) string { return dnsServer(t, truncating(dnsReply("203.0.113.10")), true) },
			func(t *testing.T, r DNSResult, sys DNSAnswer) {
				if sys.OK() || sys.Rcode != "NOERROR" || !strings.Contains(sys.Detail, "TCP retry failed (refused)") {
					t.Errorf("%+v", sys)
				}
			}},
		{"cname chain", srv(dnsAnswerWith("edge.cdn.gw.test.", "203.0.113.10")), func(t *testing.T, r DNSResult, sys DNSAnswer) {
			if !sys.OK() || r.Disagree() || !strings.Contains(sys.Detail, "via edge.cdn.gw.test") {
				t.Errorf("%+v", sys)
			}
		}},
		{"records for other names ignored", srv(strayRecords()), func(t *testing.T, r DNSResult, sys DNSAnswer) {
			if len(sys.Addrs) != 1 || sys.Addrs[0] != netip.MustParseAddr("203.0.113.5") {
				t.Errorf("%+v", sys)
			}
		}},
		{"reply to another question", srv(otherQuestion()), func(t *testing.T, r DNSResult, sys DNSAnswer) {
			if sys.Err != ErrProtocol || len(sys.Addrs) != 0 {
				t.Errorf("%+v", sys)
			}
		}},
		{"no data", srv(dnsReply()), func(t *testing.T, r DNSResult, sys DNSAnswer) {
			if sys.OK() || sys.Rcode != "NOERROR" || !strings.Contains(sys.Detail, "no address") {
				t.Errorf("%+v", sys)
			}
		}},
		{"AAAA fails, A answers", srv(perType(dnsReply("203.0.113.10"), rcodeOnly(dns.RcodeServerFailure))), func(t *testing.T, r DNSResult, sys DNSAnswer) {
			if !sys.OK() || !strings.Contains(sys.Detail, "AAAA: SERVFAIL") {
				t.Errorf("%+v", sys)
			}
		}},
		{"AAAA dropped, A answers", srv(perType(dnsReply("203.0.113.10"), silent())), func(t *testing.T, r DNSResult, sys DNSAnswer) {
			if !sys.OK() || !strings.Contains(sys.Detail, "AAAA: timeout") {
				t.Errorf("%+v", sys)
			}
		}},
		{"bogus answer flagged", srv(dnsReply("0.0.0.0", "::")), func(t *testing.T, r DNSResult, sys DNSAnswer) {
			if !strings.Contains(sys.Detail, "0.0.0.0, :: is a blocking or bogus answer") || !r.Disagree() {
				t.Errorf("%+v", sys)
			}
		}},
		{"loopback answer flagged", srv(dnsReply("127.0.0.2", "::1")), func(t *testing.T, r DNSResult, sys DNSAnswer) {
			if !strings.Contains(sys.Detail, "bogus") {
				t.Errorf("%+v", sys)
			}
		}},
		{"addresses capped", srv(dnsReply(manyAddrs(40)...)), func(t *testing.T, r DNSResult, sys DNSAnswer) {
			if len(sys.Addrs) != maxAddrs || !strings.Contains(sys.Detail, "kept 16 of 40") {
				t.Errorf("%d addrs, %q", len(sys.Addrs), sys.Detail)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sys, ref := c.system(t), good(t)
			r := probeDNS(t, context.Background(), "Shop.GW.test.", testDNSTimeout, []string{sys}, []string{ref})
			if r.Host != "Shop.GW.test." || len(r.System) != 1 || len(r.Reference) != 1 || r.SystemErr != "" {
				t.Fatalf("result shape: %+v", r)
			}
			if r.System[0].Server != sys || r.Reference[0].Server != ref {
				t.Errorf("servers %q %q", r.System[0].Server, r.Reference[0].Server)
			}
			if !r.Reference[0].OK() {
				t.Errorf("reference failed: %+v", r.Reference[0])
			}
			c.check(t, r, r.System[0])
		})
	}
}

func TestDNSEverywhere(t *testing.T) {
	nx := func() string { return dnsServer(t, rcodeOnly(dns.RcodeNameError), false) }
	r := probeDNS(t, context.Background(), "gone.gw.test", testDNSTimeout, []string{nx(), closedUDP(t)}, []string{nx(), nx()})
	if !r.AllNXDOMAIN() || r.SystemOK() || r.ReferenceOK() || r.SystemUnreachable() || r.Disagree() {
		t.Errorf("NXDOMAIN everywhere: %+v", r)
	}
	sf := dnsServer(t, rcodeOnly(dns.RcodeServerFailure), false)
	r = probeDNS(t, context.Background(), "gone.gw.test", testDNSTimeout, []string{nx()}, []string{nx(), sf})
	if r.AllNXDOMAIN() {
		t.Errorf("a SERVFAIL reference still counted as NXDOMAIN everywhere: %+v", r)
	}
}

func TestDNSCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	// A long timeout: only the cancellation can end this probe early.
	r := probeDNS(t, ctx, "shop.gw.test", time.Minute, []string{dnsServer(t, silent(), false)}, nil)
	if r.System[0].Err != ErrCanceled || !strings.HasPrefix(r.System[0].Detail, "canceled") {
		t.Errorf("%+v", r.System[0])
	}
}

func TestDNSServerForms(t *testing.T) {
	r := probeDNS(t, context.Background(), "shop.gw.test", testDNSTimeout, []string{"resolver.gw.test:53", "127.0.0.1:0"}, []string{"not an address"})
	for _, a := range append(r.System, r.Reference...) {
		if a.Err != ErrOther || a.Rcode != "" || a.Detail == "" {
			t.Errorf("%+v", a)
		}
	}
	if !strings.Contains(r.System[0].Detail, "not an IP address") {
		t.Errorf("detail %q", r.System[0].Detail)
	}
}

func TestDNSInputs(t *testing.T) {
	cases := []struct {
		host, want string
	}{
		{"203.0.113.10", "is an IP address"},
		{"[2001:db8::1]", "is an IP address"},
		{"bad host!", `invalid host name "bad host!": it contains ' '`},
		{"", "invalid host name"},
		{"a..b.test", "empty label"},
	}
	for _, c := range cases {
		r := probeDNS(t, context.Background(), c.host, testDNSTimeout, []string{closedUDP(t)}, nil)
		if len(r.System) != 0 || !strings.Contains(r.SystemErr, c.want) {
			t.Errorf("%q: %+v", c.host, r)
		}
	}
}

func TestQueryName(t *testing.T) {
	long := strings.Repeat("a", 63)
	cases := []struct {
		in, want string // want "" = rejected
	}{
		{"shop.gw.test", "shop.gw.test."},
		{"Shop.GW.Test.", "shop.gw.test."},
		{"bücher.gw.test", "xn--bcher-kva.gw.test."},
		{"BÜCHER.gw.test", "xn--bcher-kva.gw.test."},
		{"bücher。gw.test", "xn--bcher-kva.gw.test."},
		{"r3---sn-abc.gw.test", "r3---sn-abc.gw.test."},
		{"_dmarc.gw.test", "_dmarc.gw.test."},
		{"localhost", "localhost."},
		{"xn--bcher-kva.gw.test", "xn--bcher-kva.gw.test."},
		{".", ""},
		{"..", ""},
		{"a b.test", ""},
		{"a/b.test", ""},
		{"a\x00b.test", ""},
		{"shop.gw.test:443", ""},
		{"http://shop.gw.test", ""},
		{long + "a.test", ""},
		{strings.Repeat(long+".", 4) + "test", ""},
		{"\u2603.test", "xn--n3h.test."},
		{"a\u200db.test", ""},
	}
	for _, c := range cases {
		got, err := queryName(c.in)
		if c.want == "" {
			if err == nil {
				t.Errorf("%q accepted as %q", c.in, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q: got %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestParseServer(t *testing.T) {
	cases := []struct {
		in, want string // want "" = rejected
	}{
		{"192.0.2.53", "192.0.2.53:53"},
		{"192.0.2.53:5353", "192.0.2.53:5353"},
		{"2001:db8::53", "[2001:db8::53]:53"},
		{"[2001:db8::53]", "[2001:db8::53]:53"},
		{"[2001:db8::53]:853", "[2001:db8::53]:853"},
		{"[fe80::1%eth0]:53", "[fe80::1%eth0]:53"},
		{"fe80::1%eth0", "[fe80::1%eth0]:53"},
		{"192.0.2.53:0", ""},
		{"192.0.2.53:99999", ""},
		{"resolver.gw.test", ""},
		{"resolver.gw.test:53", ""},
		{"", ""},
	}
	for _, c := range cases {
		ap, err := parseServer(c.in)
		if c.want == "" {
			if err == nil {
				t.Errorf("%q accepted as %v", c.in, ap)
			}
			continue
		}
		if err != nil || ap.String() != c.want {
			t.Errorf("%q: got %v, %v; want %s", c.in, ap, err, c.want)
		}
	}
}

func TestDNSResultSummaries(t *testing.T) {
	ip := netip.MustParseAddr
	ok := func(as ...string) DNSAnswer {
		a := DNSAnswer{Server: "127.0.0.1:53", Rcode: "NOERROR"}
		for _, s := range as {
			a.Addrs = append(a.Addrs, ip(s))
		}
		return a
	}
	rc := func(code string) DNSAnswer { return DNSAnswer{Server: "127.0.0.1:53", Rcode: code} }
	down := DNSAnswer{Server: "127.0.0.1:53", Err: ErrTimeout}
	type want struct{ sysOK, refOK, allNX, unreachable, disagree bool }
	cases := []struct {
		name     string
		sys, ref []DNSAnswer
		want     want
	}{
		{"healthy", []DNSAnswer{ok("192.0.2.1")}, []DNSAnswer{ok("192.0.2.1")}, want{true, true, false, false, false}},
		{"hijacked", []DNSAnswer{ok("192.0.2.9")}, []DNSAnswer{ok("192.0.2.1")}, want{true, true, false, false, true}},
		{"one of two resolvers hijacked", []DNSAnswer{ok("192.0.2.9"), ok("192.0.2.1")}, []DNSAnswer{ok("192.0.2.1")}, want{true, true, false, false, false}},
		{"system down", []DNSAnswer{down, down}, []DNSAnswer{ok("192.0.2.1")}, want{false, true, false, true, false}},
		{"one system resolver down", []DNSAnswer{down, ok("192.0.2.1")}, []DNSAnswer{ok("192.0.2.1")}, want{true, true, false, false, false}},
		{"no system resolver known", nil, []DNSAnswer{ok("192.0.2.1")}, want{false, true, false, true, false}},
		{"nxdomain everywhere", []DNSAnswer{rc("NXDOMAIN"), down}, []DNSAnswer{rc("NXDOMAIN"), down}, want{false, false, true, false, false}},
		{"nxdomain, no reference answered", []DNSAnswer{rc("NXDOMAIN")}, []DNSAnswer{down}, want{false, false, false, false, false}},
		{"nxdomain, no reference asked", []DNSAnswer{rc("NXDOMAIN")}, nil, want{false, false, false, false, false}},
		{"nxdomain on the system only", []DNSAnswer{rc("NXDOMAIN")}, []DNSAnswer{ok("192.0.2.1")}, want{false, true, false, false, false}},
		{"servfail", []DNSAnswer{rc("SERVFAIL")}, []DNSAnswer{rc("NXDOMAIN")}, want{false, false, false, false, false}},
		{"no data is not OK", []DNSAnswer{ok()}, []DNSAnswer{ok("192.0.2.1")}, want{false, true, false, false, false}},
	}
	for _, c := range cases {
		r := DNSResult{System: c.sys, Reference: c.ref}
		got := want{r.SystemOK(), r.ReferenceOK(), r.AllNXDOMAIN(), r.SystemUnreachable(), r.Disagree()}
		if got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
	r := DNSResult{System: []DNSAnswer{ok("2001:db8::1", "192.0.2.2"), ok("192.0.2.2", "192.0.2.1")}}
	if got := r.SystemAddrs(); !slices.Equal(got, []netip.Addr{ip("192.0.2.1"), ip("192.0.2.2"), ip("2001:db8::1")}) {
		t.Errorf("SystemAddrs %v", got)
	}
	if len(r.ReferenceAddrs()) != 0 {
		t.Errorf("ReferenceAddrs %v", r.ReferenceAddrs())
	}
}

func BenchmarkDNS(b *testing.B) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &dns.Server{PacketConn: pc, Handler: dnsReply("203.0.113.10", "2001:db8::10")}
	go srv.ActivateAndServe()
	defer srv.Shutdown()
	s := []string{pc.LocalAddr().String()}
	for b.Loop() {
		r := DNS(context.Background(), "shop.gw.test", DNSOptions{Timeout: time.Second, System: s, References: s})
		if !r.SystemOK() {
			b.Fatal(r.System[0].Detail)
		}
	}
}
