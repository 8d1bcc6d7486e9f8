package checks

import (
	"context"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/miekg/dns"
)

// stubServer runs h on UDP at addr:0 (a loopback stub address such as
// 127.0.0.53) and returns its "ip:port"; the test is skipped where that
// address cannot be bound.
func stubServer(t *testing.T, addr string, h dns.HandlerFunc) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", net.JoinHostPort(addr, "0"))
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	srv := &dns.Server{PacketConn: pc, Handler: h}
	started := make(chan struct{})
	srv.NotifyStartedFunc = func() { close(started) }
	go srv.ActivateAndServe()
	<-started
	t.Cleanup(func() { srv.Shutdown() })
	return pc.LocalAddr().String()
}

// validating answers SERVFAIL unless the query disables checking (CD),
// as a validating stub does for a name whose signatures fail.
func validating(addr string) dns.HandlerFunc {
	ok := dnsReply(addr)
	return func(w dns.ResponseWriter, r *dns.Msg) {
		if r.CheckingDisabled {
			ok(w, r)
			return
		}
		rcodeOnly(dns.RcodeServerFailure)(w, r)
	}
}

func TestStubService(t *testing.T) {
	for _, tt := range []struct{ server, want string }{
		{"127.0.0.53:53", "systemd-resolved"},
		{"127.0.0.54", "systemd-resolved"},
		{"127.0.1.1:53", "NetworkManager's dnsmasq"},
		{"127.0.0.1:53", ""},
		{"192.0.2.1:53", ""},
		{"not an address", ""},
	} {
		if got := stubService(tt.server); got != tt.want {
			t.Errorf("stubService(%q) = %q, want %q", tt.server, got, tt.want)
		}
	}
}

// A stub's answers are marked and name the service; only a stub's
// SERVFAIL is asked again without validation, and DNSSECFails says
// whether that resolved.
func TestDNSStub(t *testing.T) {
	for _, tt := range []struct {
		name        string
		h           dns.HandlerFunc
		wantRcode   string
		wantDNSSEC  bool
		wantService string
	}{
		{"dnssec fails", validating("203.0.113.10"), "SERVFAIL", true, "systemd-resolved"},
		{"servfail anyway", rcodeOnly(dns.RcodeServerFailure), "SERVFAIL", false, "systemd-resolved"},
		{"answers", dnsReply("203.0.113.10"), "NOERROR", false, "systemd-resolved"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			stub := stubServer(t, "127.0.0.53", tt.h)
			r := probeDNS(t, context.Background(), "shop.gw.test", testDNSTimeout, []string{stub}, nil)
			a := r.System[0]
			if !a.Stub || a.Upstream || a.Rcode != tt.wantRcode || a.DNSSECFails != tt.wantDNSSEC || r.Service != tt.wantService {
				t.Errorf("got %+v service %q, want stub %s DNSSECFails %v service %q", a, r.Service, tt.wantRcode, tt.wantDNSSEC, tt.wantService)
			}
		})
	}
	// The same validating server elsewhere is no stub: not asked again.
	plain := dnsServer(t, validating("203.0.113.10"), true)
	r := probeDNS(t, context.Background(), "shop.gw.test", testDNSTimeout, []string{plain}, nil)
	if a := r.System[0]; a.Stub || a.DNSSECFails || r.Service != "" {
		t.Errorf("plain resolver: %+v service %q", a, r.Service)
	}
}

// Behind a stub, applications get the stub's answer: its upstreams'
// answers are evidence, not the system's answer.
func TestApplicationsSkipUpstreams(t *testing.T) {
	r := DNSResult{System: []DNSAnswer{
		{Server: "127.0.0.53:53", Stub: true, Err: ErrRefused},
		{Server: "192.0.2.1:53", Upstream: true, Rcode: "NOERROR", Addrs: addrs("203.0.113.10")},
	}, Reference: []DNSAnswer{{Server: "203.0.113.53:53", Rcode: "NOERROR", Addrs: addrs("203.0.113.10")}}}
	if r.SystemOK() || !r.SystemUnreachable() || len(r.SystemAddrs()) != 0 || r.Disagree() {
		t.Errorf("a dead stub with answering upstreams: SystemOK %v, SystemUnreachable %v, addrs %v", r.SystemOK(), r.SystemUnreachable(), r.SystemAddrs())
	}
	if u := r.Upstreams(); len(u) != 1 || u[0].Server != "192.0.2.1:53" {
		t.Errorf("Upstreams() = %+v", u)
	}
	r.System[1].Upstream = false // a second nameserver the C library falls back to
	if !r.SystemOK() {
		t.Error("without upstream marks every system answer counts")
	}
}

func addrs(ss ...string) []netip.Addr {
	out := make([]netip.Addr, len(ss))
	for i, s := range ss {
		out[i] = netip.MustParseAddr(s)
	}
	return out
}

// Behind systemd-resolved's stub the upstreams from its own resolv.conf
// are counted; beside another nameserver (which the C library falls back
// to) they are not read.
func TestResolvConfFilesUpstreams(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	up := write("resolved.conf", "nameserver 192.0.2.1\nnameserver 192.0.2.2\n")
	for _, tt := range []struct {
		main    string
		want    []string
		wantUps int
	}{
		{"nameserver 127.0.0.53\n", []string{"127.0.0.53:53", "192.0.2.1:53", "192.0.2.2:53"}, 2},
		{"nameserver 127.0.0.53\nnameserver 192.0.2.9\n", []string{"127.0.0.53:53", "192.0.2.9:53"}, 0},
		{"nameserver 192.0.2.9\n", []string{"192.0.2.9:53"}, 0},
	} {
		got, ups, err := resolvConfFiles(write("resolv.conf", tt.main), up)
		if err != nil || !slices.Equal(got, tt.want) || ups != tt.wantUps {
			t.Errorf("%q: %v, %d upstreams, %v; want %v, %d", tt.main, got, ups, err, tt.want, tt.wantUps)
		}
	}
	if got, ups, err := resolvConfFiles(write("resolv.conf", "nameserver 127.0.0.53\n"), filepath.Join(dir, "missing")); err != nil || len(got) != 1 || ups != 0 {
		t.Errorf("no upstream file: %v, %d, %v", got, ups, err)
	}
}

// Discovered upstreams are asked and marked as such: applications get
// the stub's answer.
func TestDNSMarksDiscoveredUpstreams(t *testing.T) {
	if Guard() == GuardLoopback {
		t.Skip("the loopback guard drops discovered resolvers")
	}
	stub := stubServer(t, "127.0.0.53", rcodeOnly(dns.RcodeRefused))
	upstream := dnsServer(t, dnsReply("203.0.113.10"), true)
	loopbackOnly(t, stub, upstream)
	saved := discoverResolvers
	t.Cleanup(func() { discoverResolvers = saved })
	discoverResolvers = func(context.Context) ([]string, int, error) { return []string{stub, upstream}, 1, nil }
	r := DNS(context.Background(), "shop.gw.test", DNSOptions{Timeout: testDNSTimeout})
	if len(r.System) != 2 || !r.System[0].Stub || r.System[0].Upstream || !r.System[1].Upstream || r.System[1].Stub {
		t.Fatalf("roles: %+v", r.System)
	}
	if r.SystemOK() || !anyOK(r.Upstreams()) || r.Service != "systemd-resolved" {
		t.Errorf("SystemOK %v, upstreams %+v, service %q", r.SystemOK(), r.Upstreams(), r.Service)
	}
}
