package checks

import (
	"context"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// dnsServer is an in-process resolver on loopback answering by a handler.
func dnsServer(t *testing.T, h dns.HandlerFunc) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", pc.LocalAddr().String())
	if err != nil {
		pc.Close()
		t.Skipf("tcp on the same port: %v", err)
	}
	udp := &dns.Server{PacketConn: pc, Handler: h}
	tcp := &dns.Server{Listener: l, Handler: h}
	go udp.ActivateAndServe()
	go tcp.ActivateAndServe()
	t.Cleanup(func() { udp.Shutdown(); tcp.Shutdown() })
	return pc.LocalAddr().String()
}

func reply(addrs ...string) dns.HandlerFunc {
	return func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(r)
		q := r.Question[0]
		for _, a := range addrs {
			ip := netip.MustParseAddr(a)
			if ip.Is4() && q.Qtype == dns.TypeA {
				m.Answer = append(m.Answer, &dns.A{Hdr: dns.RR_Header{Name: q.Name, Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: 60}, A: ip.AsSlice()})
			}
			if ip.Is6() && q.Qtype == dns.TypeAAAA {
				m.Answer = append(m.Answer, &dns.AAAA{Hdr: dns.RR_Header{Name: q.Name, Rrtype: dns.TypeAAAA, Class: dns.ClassINET, Ttl: 60}, AAAA: ip.AsSlice()})
			}
		}
		w.WriteMsg(m)
	}
}

func rcode(code int) dns.HandlerFunc {
	return func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg)
		m.SetRcode(r, code)
		w.WriteMsg(m)
	}
}

func silent() dns.HandlerFunc { return func(dns.ResponseWriter, *dns.Msg) {} }

// truncating answers UDP with TC set and no records; TCP gets the answer.
func truncating(addr string) dns.HandlerFunc {
	full := reply(addr)
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

func closedUDP(t *testing.T) string {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	a := pc.LocalAddr().String()
	pc.Close()
	return a
}

func TestDNS(t *testing.T) {
	good := func(t *testing.T) string { return dnsServer(t, reply("203.0.113.10", "2001:db8::10")) }
	cases := []struct {
		name      string
		system    func(t *testing.T) string
		reference func(t *testing.T) string
		check     func(t *testing.T, r DNSResult)
	}{
		{"agree", good, good, func(t *testing.T, r DNSResult) {
			if !r.SystemOK() || !r.ReferenceOK() || r.Disagree() || r.AllNXDOMAIN() {
				t.Errorf("%+v", r)
			}
			if got := r.SystemAddrs(); len(got) != 2 || got[0].String() != "203.0.113.10" {
				t.Errorf("addrs %v", got)
			}
		}},
		{"hijack disagrees", func(t *testing.T) string { return dnsServer(t, reply("192.0.2.1")) }, good, func(t *testing.T, r DNSResult) {
			if !r.Disagree() {
				t.Errorf("no disagreement: %v vs %v", r.SystemAddrs(), r.ReferenceAddrs())
			}
		}},
		{"nxdomain everywhere", func(t *testing.T) string { return dnsServer(t, rcode(dns.RcodeNameError)) },
			func(t *testing.T) string { return dnsServer(t, rcode(dns.RcodeNameError)) }, func(t *testing.T, r DNSResult) {
				if !r.AllNXDOMAIN() || r.SystemOK() {
					t.Errorf("%+v", r)
				}
			}},
		{"nxdomain only on the system resolver", func(t *testing.T) string { return dnsServer(t, rcode(dns.RcodeNameError)) }, good, func(t *testing.T, r DNSResult) {
			if r.AllNXDOMAIN() || r.SystemOK() || !r.ReferenceOK() || r.System[0].Rcode != "NXDOMAIN" {
				t.Errorf("%+v", r)
			}
		}},
		{"servfail", func(t *testing.T) string { return dnsServer(t, rcode(dns.RcodeServerFailure)) }, good, func(t *testing.T, r DNSResult) {
			if r.System[0].Rcode != "SERVFAIL" || r.SystemOK() || r.SystemUnreachable() {
				t.Errorf("%+v", r.System[0])
			}
		}},
		{"refused rcode", func(t *testing.T) string { return dnsServer(t, rcode(dns.RcodeRefused)) }, good, func(t *testing.T, r DNSResult) {
			if r.System[0].Rcode != "REFUSED" {
				t.Errorf("%+v", r.System[0])
			}
		}},
		{"timeout", func(t *testing.T) string { return dnsServer(t, silent()) }, good, func(t *testing.T, r DNSResult) {
			if !r.SystemUnreachable() || r.System[0].Err != ErrTimeout {
				t.Errorf("%+v", r.System[0])
			}
		}},
		{"port unreachable", closedUDP, good, func(t *testing.T, r DNSResult) {
			if !r.SystemUnreachable() || r.System[0].Err != ErrRefused {
				t.Errorf("%+v", r.System[0])
			}
		}},
		{"truncated retried over tcp", func(t *testing.T) string { return dnsServer(t, truncating("203.0.113.10")) }, good, func(t *testing.T, r DNSResult) {
			if !r.SystemOK() {
				t.Errorf("%+v", r.System[0])
			}
		}},
		{"bogus answer flagged", func(t *testing.T) string { return dnsServer(t, reply("0.0.0.0")) }, good, func(t *testing.T, r DNSResult) {
			if !strings.Contains(r.System[0].Detail, "bogus") || !r.Disagree() {
				t.Errorf("%+v", r.System[0])
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sys, ref := c.system(t), c.reference(t)
			r := DNS(context.Background(), "shop.gw.test", DNSOptions{Timeout: 300 * time.Millisecond, System: []string{sys}, References: []string{ref}})
			c.check(t, r)
		})
	}
}

func TestDNSInputs(t *testing.T) {
	r := DNS(context.Background(), "203.0.113.10", DNSOptions{System: []string{}})
	if len(r.System) != 0 || !strings.Contains(r.SystemErr, "IP address") {
		t.Errorf("IP literal: %+v", r)
	}
	r = DNS(context.Background(), "bad host!", DNSOptions{System: []string{}})
	if !strings.Contains(r.SystemErr, "invalid host name") {
		t.Errorf("invalid name: %+v", r)
	}
}

func TestParseResolvConf(t *testing.T) {
	in := "# comment\nnameserver 192.0.2.1\nnameserver 2001:db8::53\nnameserver bogus\nnameserver 192.0.2.1\nsearch a.test b.test\noptions timeout:1\n"
	s, search, err := ParseResolvConf([]byte(in))
	if err != nil || strings.Join(s, ",") != "192.0.2.1:53,[2001:db8::53]:53" || strings.Join(search, ",") != "a.test,b.test" {
		t.Fatalf("got %v %v %v", s, search, err)
	}
	if !isStub([]string{"127.0.0.53:53"}) || isStub(s) {
		t.Error("stub detection")
	}
}

func TestParseScutilDNS(t *testing.T) {
	in := `DNS configuration

resolver #1
  search domain[0] : home.test
  nameserver[0] : 192.0.2.1
  nameserver[1] : 2001:db8::1
  if_index : 6 (en0)
  flags    : Request A records, Request AAAA records
  reach    : 0x00020002 (Reachable,Directly Reachable Address)

resolver #2
  domain   : local
  options  : mdns
  timeout  : 5

resolver #3
  domain   : corp.test
  nameserver[0] : 198.51.100.53

DNS configuration (for scoped queries)

resolver #1
  nameserver[0] : 203.0.113.99
`
	got := ParseScutilDNS([]byte(in))
	if strings.Join(got, ",") != "192.0.2.1:53,[2001:db8::1]:53" {
		t.Fatalf("got %v", got)
	}
}

func FuzzParseResolvConf(f *testing.F) {
	f.Add([]byte("nameserver 192.0.2.1\nsearch x\n"))
	f.Add([]byte("nameserver\n\x00nameserver ::1%eth0\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, _, _ := ParseResolvConf(data)
		for _, a := range s {
			if _, err := netip.ParseAddrPort(a); err != nil {
				t.Fatalf("%q is not ip:port", a)
			}
		}
	})
}

func FuzzParseScutilDNS(f *testing.F) {
	f.Add([]byte("resolver #1\n  nameserver[0] : 192.0.2.1\n"))
	f.Add([]byte("DNS configuration (for scoped queries)\nresolver #1\nnameserver[0]:x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, a := range ParseScutilDNS(data) {
			if _, err := netip.ParseAddrPort(a); err != nil {
				t.Fatalf("%q is not ip:port", a)
			}
		}
	})
}
