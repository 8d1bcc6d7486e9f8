package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// start runs a mode on a free loopback port until the test ends.
func start(t *testing.T, name string, o options) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	bound, err := modes[name](ctx, []string{"127.0.0.1:0"}, o)
	if err != nil {
		t.Fatal(err)
	}
	return bound[0]
}

func TestCanaryDateIsSkewed(t *testing.T) {
	for _, skew := range []time.Duration{-40 * 24 * time.Hour, 3 * 24 * time.Hour} {
		addr := start(t, "canary", options{skew: skew})
		resp, err := http.Get("http://" + addr + "/generate_204")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		date, err := http.ParseTime(resp.Header.Get("Date"))
		if err != nil {
			t.Fatalf("Date %q: %v", resp.Header.Get("Date"), err)
		}
		if off := time.Until(date) - skew; resp.StatusCode != http.StatusNoContent || off < -time.Minute || off > time.Minute {
			t.Errorf("skew %v: status %d, Date %v off by %v", skew, resp.StatusCode, date, off)
		}
	}
}

func TestSilentAcceptsAndNeverAnswers(t *testing.T) {
	addr := start(t, "silent", options{})
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer c.Close()
	if _, err := c.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	n, err := c.Read(make([]byte, 1))
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("read %d bytes, %v; want nothing until the deadline", n, err)
	}
}

func TestServfailOverUDPAndTCP(t *testing.T) {
	addr := start(t, "servfail", options{})
	for _, network := range []string{"udp", "tcp"} {
		q := new(dns.Msg)
		q.SetQuestion("shop.gw.test.", dns.TypeA)
		r, _, err := (&dns.Client{Net: network, Timeout: 2 * time.Second}).Exchange(q, addr)
		if err != nil {
			t.Fatalf("%s: %v", network, err)
		}
		if r.Rcode != dns.RcodeServerFailure || r.Id != q.Id {
			t.Errorf("%s: rcode %s id %d, want SERVFAIL id %d", network, dns.RcodeToString[r.Rcode], r.Id, q.Id)
		}
	}
}

// The proxy tunnels, then presents its own certificate for the asked name:
// a client with the system roots refuses it as from an unknown authority.
func TestMITMPresentsAnUntrustedCertificate(t *testing.T) {
	addr := start(t, "mitm", options{})
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Write([]byte("CONNECT shop.gw.test:443 HTTP/1.1\r\nHost: shop.gw.test:443\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, &http.Request{Method: http.MethodConnect})
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("CONNECT: %v %v", resp, err)
	}
	tc := tls.Client(c, &tls.Config{ServerName: "shop.gw.test"})
	err = tc.Handshake()
	if err == nil || !strings.Contains(err.Error(), "unknown authority") {
		t.Fatalf("handshake: %v, want an unknown-authority error", err)
	}
	// Without verification the certificate is for the name asked, from the
	// proxy's CA.
	proxyURL, _ := url.Parse("http://" + addr)
	tr := &http.Transport{Proxy: http.ProxyURL(proxyURL), TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}
	defer tr.CloseIdleConnections()
	r, err := (&http.Client{Transport: tr, Timeout: 5 * time.Second}).Get("https://shop.gw.test/")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	leaf := r.TLS.PeerCertificates[0]
	if r.StatusCode != http.StatusOK || leaf.Subject.CommonName != "shop.gw.test" || leaf.Issuer.CommonName != "Lab Inspection Proxy CA" {
		t.Errorf("status %d, certificate for %q from %q", r.StatusCode, leaf.Subject.CommonName, leaf.Issuer.CommonName)
	}
}

// A fixed port taken for TCP is an error, not a search for another port.
func TestServfailFixedPortTaken(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	pc, l2, err := listenUDPAndTCP(l.Addr().String())
	if err == nil {
		pc.Close()
		l2.Close()
		t.Fatalf("bound %s again", l.Addr())
	}
}
