package checks

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// testPKI is a throwaway certificate authority made for one test.
type testPKI struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pool *x509.CertPool
}

var testSerial atomic.Int64

func newTestKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("generate key: %v", err)
	}
	return k
}

func newTestCA(t *testing.T, cn string, parent *testPKI) *testPKI {
	t.Helper()
	key := newTestKey(t)
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(testSerial.Add(1)),
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"gatewatch test"}},
		NotBefore:             now.Add(-24 * time.Hour),
		NotAfter:              now.Add(365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	signer, signerKey := tmpl, key
	if parent != nil {
		signer, signerKey = parent.cert, parent.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, signer, &key.PublicKey, signerKey)
	if err != nil {
		t.Fatalf("create CA %s: %v", cn, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("parse CA %s: %v", cn, err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &testPKI{cert: cert, key: key, pool: pool}
}

func newTestPKI(t *testing.T) *testPKI { return newTestCA(t, "gatewatch test root", nil) }

// leaf issues a server certificate; the chain served is leaf then issuer
// when the issuer is an intermediate (not self-signed).
func (p *testPKI) leaf(t *testing.T, cn string, names []string, notBefore, notAfter time.Time, ips ...net.IP) tls.Certificate {
	t.Helper()
	key := newTestKey(t)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(testSerial.Add(1)),
		Subject:      pkix.Name{CommonName: cn},
		DNSNames:     names,
		IPAddresses:  ips,
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, p.cert, &key.PublicKey, p.key)
	if err != nil {
		t.Fatalf("create leaf %s: %v", cn, err)
	}
	chain := [][]byte{der}
	if p.cert.Subject.String() != p.cert.Issuer.String() {
		chain = append(chain, p.cert.Raw)
	}
	return tls.Certificate{Certificate: chain, PrivateKey: key}
}

// selfSigned makes a certificate that is its own authority.
func selfSigned(t *testing.T, name string) tls.Certificate {
	t.Helper()
	key := newTestKey(t)
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(testSerial.Add(1)),
		Subject:               pkix.Name{CommonName: name},
		DNSNames:              []string{name},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatalf("create self-signed: %v", err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// serveTLS runs a loopback TLS server that handshakes, answers one HTTP
// request with its clock (Date) and then waits for the client to hang up;
// it returns the port.
func serveTLS(t *testing.T, cert tls.Certificate) string {
	t.Helper()
	return serveTLSClock(t, cert, 0)
}

// serveTLSClock is serveTLS with a server clock off by skew.
func serveTLSClock(t *testing.T, cert tls.Certificate, skew time.Duration) string {
	t.Helper()
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}}
	addr := rawLoopbackServer(t, func(c net.Conn) {
		tc := tls.Server(c, cfg)
		if err := tc.Handshake(); err != nil {
			return
		}
		if _, err := http.ReadRequest(bufio.NewReader(tc)); err == nil {
			fmt.Fprintf(tc, "HTTP/1.1 200 OK\r\nDate: %s\r\nContent-Length: 0\r\n\r\n", time.Now().Add(skew).UTC().Format(http.TimeFormat))
		}
		io.Copy(io.Discard, tc)
	})
	return portOf(t, addr)
}

func TestTLSCertificates(t *testing.T) {
	t.Parallel()
	now := time.Now()
	root := newTestPKI(t)
	inter := newTestCA(t, "gatewatch test intermediate", root)
	const host = "shop.gw.test"
	day := 24 * time.Hour

	cases := []struct {
		name    string
		cert    tls.Certificate
		roots   bool // trust the test root
		now     func() time.Time
		valid   bool
		err     ErrKind
		detail  []string // fragments the Detail must hold
		chain   int
		expires func(time.Duration) bool
	}{
		{
			name: "valid", cert: root.leaf(t, host, []string{host}, now.Add(-day), now.Add(30*day)), roots: true,
			valid: true, detail: []string{"certificate valid for 29 days more", "issuer gatewatch test root"}, chain: 1,
			expires: func(d time.Duration) bool { return d > 29*day && d <= 30*day },
		},
		{
			name: "valid wildcard", cert: root.leaf(t, "*.gw.test", []string{"*.gw.test"}, now.Add(-day), now.Add(10*day)), roots: true,
			valid: true, chain: 1,
		},
		{
			name: "valid through intermediate", cert: inter.leaf(t, host, []string{host}, now.Add(-day), now.Add(30*day)), roots: true,
			valid: true, detail: []string{"issuer gatewatch test intermediate"}, chain: 2,
		},
		{
			name: "expired", cert: root.leaf(t, host, []string{host}, now.Add(-100*day), now.Add(-3*day-time.Hour)), roots: true,
			err: ErrTLSExpired, detail: []string{"certificate for shop.gw.test expired 3 days ago, on " + now.Add(-3*day-time.Hour).UTC().Format("2006-01-02")}, chain: 1,
			expires: func(d time.Duration) bool { return d < -3*day },
		},
		{
			name: "not yet valid", cert: root.leaf(t, host, []string{host}, now.Add(2*day), now.Add(30*day)), roots: true,
			err: ErrTLSExpired, detail: []string{"is not valid until", "local clock"}, chain: 1,
		},
		{
			name: "local clock behind", cert: root.leaf(t, host, []string{host}, now.Add(-day), now.Add(30*day)), roots: true,
			now: func() time.Time { return now.Add(-10 * day) },
			err: ErrTLSExpired, detail: []string{"is not valid until " + now.Add(-day).UTC().Format(time.RFC3339), "local clock " + now.Add(-10*day).UTC().Format(time.RFC3339)}, chain: 1,
		},
		{
			name: "local clock ahead", cert: root.leaf(t, host, []string{host}, now.Add(-day), now.Add(30*day)), roots: true,
			now: func() time.Time { return now.Add(40 * day) },
			err: ErrTLSExpired, detail: []string{"expired 10 days ago"}, chain: 1,
			expires: func(d time.Duration) bool { return d < 0 },
		},
		{
			name: "other name", cert: root.leaf(t, "other.gw.test", []string{"other.gw.test", "www.other.gw.test"}, now.Add(-day), now.Add(30*day)), roots: true,
			err: ErrTLSName, detail: []string{"certificate is for other.gw.test, www.other.gw.test, not shop.gw.test"}, chain: 1,
		},
		{
			// A legacy certificate naming the host only in its CN: modern
			// verifiers ignore the CN, and the Detail should still say why.
			name: "common name only", cert: root.leaf(t, host, nil, now.Add(-day), now.Add(30*day)), roots: true,
			err: ErrTLSName, detail: []string{"certificate names shop.gw.test only in its legacy Common Name field"}, chain: 1,
		},
		{
			name: "common name of another host", cert: root.leaf(t, "other.gw.test", nil, now.Add(-day), now.Add(30*day)), roots: true,
			err: ErrTLSName, detail: []string{"certificate is for other.gw.test, not shop.gw.test"}, chain: 1,
		},
		{
			name: "ip addresses only", cert: root.leaf(t, "", nil, now.Add(-day), now.Add(30*day), net.IPv4(127, 0, 0, 1), net.ParseIP("2001:db8::1")), roots: true,
			err: ErrTLSName, detail: []string{"certificate is for 127.0.0.1, 2001:db8::1, not shop.gw.test"}, chain: 1,
		},
		{
			name: "self-signed", cert: selfSigned(t, host), roots: true,
			err: ErrTLSAuthority, detail: []string{"certificate for shop.gw.test is signed by an unknown authority (shop.gw.test)"}, chain: 1,
		},
		{
			// The system roots (nil RootCAs) do not know the test CA.
			name: "system roots", cert: root.leaf(t, host, []string{host}, now.Add(-day), now.Add(30*day)),
			err: ErrTLSAuthority, detail: []string{"unknown authority (gatewatch test root)"}, chain: 1,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			port := serveTLS(t, tc.cert)
			opt := TLSOptions{DialAddr: loopback4, Now: tc.now, Timeout: 5 * time.Second}
			if tc.roots {
				opt.RootCAs = root.pool
			}
			res := TLS(context.Background(), host, port, opt)
			if res.Valid != tc.valid || res.Err != tc.err {
				t.Fatalf("Valid %v Err %q (%s), want %v %q", res.Valid, res.Err, res.Detail, tc.valid, tc.err)
			}
			for _, frag := range tc.detail {
				if !strings.Contains(res.Detail, frag) {
					t.Errorf("Detail %q lacks %q", res.Detail, frag)
				}
			}
			if len(res.Chain) != tc.chain {
				t.Errorf("chain of %d, want %d", len(res.Chain), tc.chain)
			}
			if res.Host != host || res.Addr != "127.0.0.1:"+port || !strings.HasPrefix(res.Version, "TLS 1.") {
				t.Errorf("Host %q Addr %q Version %q", res.Host, res.Addr, res.Version)
			}
			if tc.expires != nil && !tc.expires(res.ExpiresIn) {
				t.Errorf("ExpiresIn = %s", res.ExpiresIn)
			}
		})
	}
}

func TestTLSChainInfo(t *testing.T) {
	t.Parallel()
	now := time.Now().Truncate(time.Second)
	root := newTestPKI(t)
	inter := newTestCA(t, "gatewatch test intermediate", root)
	port := serveTLS(t, inter.leaf(t, "shop.gw.test", []string{"shop.gw.test", "www.shop.gw.test"}, now.Add(-time.Hour), now.Add(48*time.Hour)))
	res := TLS(context.Background(), "shop.gw.test", port, TLSOptions{DialAddr: loopback4, RootCAs: root.pool, Timeout: 5 * time.Second})
	if !res.Valid || len(res.Chain) != 2 {
		t.Fatalf("Valid %v chain %d (%s)", res.Valid, len(res.Chain), res.Detail)
	}
	leaf := res.Chain[0]
	if leaf.Subject != "CN=shop.gw.test" || !strings.Contains(leaf.Issuer, "CN=gatewatch test intermediate") {
		t.Errorf("leaf Subject %q Issuer %q", leaf.Subject, leaf.Issuer)
	}
	if strings.Join(leaf.DNSNames, ",") != "shop.gw.test,www.shop.gw.test" {
		t.Errorf("DNSNames %v", leaf.DNSNames)
	}
	if !leaf.NotBefore.Equal(now.Add(-time.Hour)) || !leaf.NotAfter.Equal(now.Add(48*time.Hour)) {
		t.Errorf("validity %s .. %s", leaf.NotBefore, leaf.NotAfter)
	}
	if !strings.Contains(res.Chain[1].Issuer, "CN=gatewatch test root") {
		t.Errorf("intermediate Issuer %q", res.Chain[1].Issuer)
	}
}

func TestTLSConnectionFailures(t *testing.T) {
	t.Parallel()
	plain := rawLoopbackServer(t, func(c net.Conn) {
		// An HTTP server on the TLS port answers the ClientHello with text.
		buf := make([]byte, 512)
		c.Read(buf)
		io.WriteString(c, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
	})
	silent := rawLoopbackServer(t, func(c net.Conn) {
		io.Copy(io.Discard, c) // reads the ClientHello, never answers
	})
	hangup := rawLoopbackServer(t, func(c net.Conn) {
		buf := make([]byte, 512)
		c.Read(buf)
	})
	canceled, cancel := context.WithCancel(context.Background())
	cancel()

	cases := []struct {
		name    string
		ctx     context.Context
		addr    string
		timeout time.Duration
		err     ErrKind
	}{
		{"plain http", context.Background(), plain, 5 * time.Second, ErrProtocol},
		{"silent", context.Background(), silent, 300 * time.Millisecond, ErrTimeout},
		{"hang up", context.Background(), hangup, 5 * time.Second, ErrReset},
		{"refused", context.Background(), deadLoopbackAddr(t), 5 * time.Second, ErrRefused},
		{"canceled", canceled, silent, 5 * time.Second, ErrCanceled},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := TLS(tc.ctx, "shop.gw.test", portOf(t, tc.addr), TLSOptions{DialAddr: loopback4, Timeout: tc.timeout})
			if res.Err != tc.err || res.Valid {
				t.Errorf("Err %q Valid %v (%s), want %q", res.Err, res.Valid, res.Detail, tc.err)
			}
			if !strings.HasPrefix(res.Detail, "tls handshake with 127.0.0.1:") {
				t.Errorf("Detail %q, want it to name the address", res.Detail)
			}
			if res.Elapsed > 10*tc.timeout {
				t.Errorf("took %s with a %s timeout", res.Elapsed, tc.timeout)
			}
		})
	}
}

func TestHumanDuration(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   time.Duration
		want string
	}{
		{0, "0 s"},
		{1400 * time.Millisecond, "1 s"},
		{59400 * time.Millisecond, "59 s"},
		{59600 * time.Millisecond, "1 min"},
		{90 * time.Second, "2 min"},
		{5 * time.Minute, "5 min"},
		{59*time.Minute + 29*time.Second, "59 min"},
		{59*time.Minute + 31*time.Second, "1 h"},
		{119 * time.Minute, "1 h 59 min"},
		{2 * time.Hour, "2 h"},
		{47 * time.Hour, "47 h"},
		{48 * time.Hour, "2 days"},
		{400 * 24 * time.Hour, "400 days"},
		{-72 * time.Hour, "3 days"},
	}
	for _, tc := range cases {
		if got := HumanDuration(tc.in); got != tc.want {
			t.Errorf("HumanDuration(%s) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// The TLS probe asks the server for its clock over the unverified
// connection: a certificate failing on dates is judged against it too.
func TestTLSReadsTheServersClock(t *testing.T) {
	t.Parallel()
	root := newTestPKI(t)
	now := time.Now()
	cert := root.leaf(t, "shop.gw.test", []string{"shop.gw.test"}, now.Add(-400*24*time.Hour), now.Add(-30*24*time.Hour))
	for _, skew := range []time.Duration{0, -40 * 24 * time.Hour} {
		port := serveTLSClock(t, cert, skew)
		res := TLS(context.Background(), "shop.gw.test", port, TLSOptions{DialAddr: loopback4, RootCAs: root.pool, Timeout: 5 * time.Second})
		if res.Err != ErrTLSExpired || res.Date.IsZero() {
			t.Fatalf("skew %s: Err %q Date %v (%s)", skew, res.Err, res.Date, res.Detail)
		}
		if d := res.Skew + skew; d < -2*time.Second || d > 2*time.Second {
			t.Errorf("server clock off by %s: Skew %s", skew, res.Skew)
		}
	}
	// A server that handshakes and never answers HTTP costs headTimeout.
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}}
	mute := rawLoopbackServer(t, func(c net.Conn) {
		tc := tls.Server(c, cfg)
		if tc.Handshake() == nil {
			io.Copy(io.Discard, tc)
		}
	})
	start := time.Now()
	res := TLS(context.Background(), "shop.gw.test", portOf(t, mute), TLSOptions{DialAddr: loopback4, RootCAs: root.pool, Timeout: 5 * time.Second})
	if took := time.Since(start); !res.Date.IsZero() || took > headTimeout+time.Second {
		t.Errorf("mute server: Date %v after %s", res.Date, took)
	}
}
