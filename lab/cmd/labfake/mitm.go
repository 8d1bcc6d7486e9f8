package main

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
	"net/http"
	"sync"
	"time"
)

// serveMITM is an HTTP proxy that intercepts TLS, like a corporate
// "inspection" proxy: it answers CONNECT with 200, then does the TLS
// handshake itself with a certificate for the requested name, signed by its
// own CA, which it makes up at start and nobody trusts. Plain http:// is
// forwarded as any proxy would.
func serveMITM(ctx context.Context, addrs []string, _ options) ([]string, error) {
	ca, err := newMITMCA()
	if err != nil {
		return nil, err
	}
	fwd := &http.Transport{Proxy: nil, ResponseHeaderTimeout: 5 * time.Second}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodConnect {
			intercept(w, ca)
			return
		}
		forward(w, r, fwd)
	})
	return serveHTTP(ctx, addrs, h)
}

func intercept(w http.ResponseWriter, ca *mitmCA) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "cannot hijack", http.StatusInternalServerError)
		return
	}
	conn, rw, err := hj.Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	if _, err := rw.WriteString("HTTP/1.1 200 Connection established\r\n\r\n"); err != nil || rw.Flush() != nil {
		return
	}
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	tc := tls.Server(conn, &tls.Config{GetCertificate: ca.leaf})
	if err := tc.Handshake(); err != nil {
		return // the client refused our certificate: the usual outcome
	}
	// A client that trusts the CA gets an answer, as through a real one.
	if _, err := http.ReadRequest(bufio.NewReader(tc)); err != nil {
		return
	}
	_, _ = io.WriteString(tc, "HTTP/1.1 200 OK\r\nContent-Length: 12\r\nConnection: close\r\n\r\nintercepted\n")
}

func forward(w http.ResponseWriter, r *http.Request, t http.RoundTripper) {
	out := r.Clone(r.Context())
	out.RequestURI = ""
	resp, err := t.RoundTrip(out)
	if err != nil {
		http.Error(w, "labfake mitm: "+err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	for k, vs := range resp.Header {
		w.Header()[k] = vs
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, resp.Body)
}

// mitmCA issues a leaf certificate per server name, on demand.
type mitmCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey

	mu     sync.Mutex
	leaves map[string]*tls.Certificate
}

func newMITMCA() (*mitmCA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("CA key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "Lab Inspection Proxy CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("CA certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("CA certificate: %w", err)
	}
	return &mitmCA{cert: cert, key: key, leaves: map[string]*tls.Certificate{}}, nil
}

func (ca *mitmCA) leaf(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
	name := hello.ServerName
	if name == "" {
		name = "unknown.invalid"
	}
	ca.mu.Lock()
	defer ca.mu.Unlock()
	if c := ca.leaves[name]; c != nil {
		return c, nil
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("leaf key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: name},
		DNSNames:     []string{name},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		return nil, fmt.Errorf("leaf certificate: %w", err)
	}
	c := &tls.Certificate{Certificate: [][]byte{der, ca.cert.Raw}, PrivateKey: key}
	ca.leaves[name] = c
	return c, nil
}
