package checks

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"time"
)

// headTimeout bounds the HEAD request that asks the server for its clock.
const headTimeout = time.Second

// TLSOptions configure a certificate check.
type TLSOptions struct {
	Timeout  time.Duration    // default 3s
	RootCAs  *x509.CertPool   // nil: system roots
	DialAddr netip.Addr       // when valid, connect here instead of resolving
	Now      func() time.Time // for tests; default time.Now
}

// CertInfo is the part of a certificate a person can act on.
type CertInfo struct {
	Subject   string
	Issuer    string
	DNSNames  []string
	NotBefore time.Time
	NotAfter  time.Time
}

// TLSResult describes the server's certificate chain and whether it is
// valid for the host, judged by our own verification so that the chain is
// reported even when it is bad.
type TLSResult struct {
	Host    string
	Addr    string
	Version string
	Chain   []CertInfo
	// Root is the subject of the root the chain verified to ("" when it
	// did not verify): an interception product's root is only seen here
	// when the computer trusts it (Issuers, InterceptionProduct).
	Root      string
	Valid     bool
	ExpiresIn time.Duration // leaf NotAfter - now
	// Date and Skew are the server's clock, from its answer to a HEAD
	// request sent over the same (unverified) connection: with a
	// certificate that fails on dates, the site's own clock is one more
	// opinion on whose clock is wrong. Zero when it sent none.
	Date    time.Time
	Skew    time.Duration // local clock minus Date when the answer arrived
	Err     ErrKind
	Detail  string
	Elapsed time.Duration
}

// TLS handshakes with host:port (SNI host), then verifies the chain itself.
func TLS(ctx context.Context, host, port string, opt TLSOptions) TLSResult {
	if opt.Timeout <= 0 {
		opt.Timeout = 3 * time.Second
	}
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	start := time.Now()
	res := TLSResult{Host: host}
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()

	dialHost := host
	if opt.DialAddr.IsValid() {
		dialHost = opt.DialAddr.String()
	}
	addr := net.JoinHostPort(dialHost, port)
	d := tls.Dialer{
		NetDialer: newDialer(),
		Config: &tls.Config{
			ServerName: host,
			// Verification is done below, by hand, so that an expired or
			// misnamed chain is still described instead of just refused.
			InsecureSkipVerify: true, //nolint:gosec // verified manually below
		},
	}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		res.Err = Classify(err)
		res.Detail = fmt.Sprintf("tls handshake with %s: %v", addr, err)
		res.Elapsed = time.Since(start)
		return res
	}
	defer conn.Close()
	tc := conn.(*tls.Conn)
	st := tc.ConnectionState()
	res.Addr = conn.RemoteAddr().String()
	res.Version = tls.VersionName(st.Version)
	for _, c := range st.PeerCertificates {
		res.Chain = append(res.Chain, CertInfo{
			Subject: c.Subject.String(), Issuer: c.Issuer.String(), DNSNames: c.DNSNames,
			NotBefore: c.NotBefore, NotAfter: c.NotAfter,
		})
	}
	res.Elapsed = time.Since(start)
	if len(st.PeerCertificates) == 0 {
		res.Err, res.Detail = ErrTLS, "server sent no certificate"
		return res
	}
	// The server's clock is asked for within headTimeout: one round trip
	// for a web server; a server that does not speak HTTP gets no more.
	dl := time.Now().Add(headTimeout)
	if cd, ok := ctx.Deadline(); ok && cd.Before(dl) {
		dl = cd
	}
	_ = conn.SetDeadline(dl)
	res.Date, res.Skew = headDate(tc, host)
	leaf := st.PeerCertificates[0]
	t := now()
	res.ExpiresIn = leaf.NotAfter.Sub(t)
	inter := x509.NewCertPool()
	for _, c := range st.PeerCertificates[1:] {
		inter.AddCert(c)
	}
	chains, verr := leaf.Verify(x509.VerifyOptions{
		DNSName: host, Roots: opt.RootCAs, Intermediates: inter, CurrentTime: t,
	})
	if verr != nil {
		res.Err = Classify(verr)
		switch res.Err {
		case ErrTLSExpired:
			if t.Before(leaf.NotBefore) {
				res.Detail = fmt.Sprintf("certificate for %s is not valid until %s (local clock %s)", host, leaf.NotBefore.UTC().Format(time.RFC3339), t.UTC().Format(time.RFC3339))
			} else {
				res.Detail = fmt.Sprintf("certificate for %s expired %s ago, on %s", host, HumanDuration(t.Sub(leaf.NotAfter)), leaf.NotAfter.UTC().Format("2006-01-02"))
			}
		case ErrTLSName:
			if len(leaf.DNSNames) == 0 && len(leaf.IPAddresses) == 0 && strings.EqualFold(leaf.Subject.CommonName, host) {
				// "is for X, not X" would read as nonsense: say why X is not enough.
				res.Detail = fmt.Sprintf("certificate names %s only in its legacy Common Name field, which clients no longer accept", host)
			} else {
				res.Detail = fmt.Sprintf("certificate is for %s, not %s", strings.Join(certNames(leaf), ", "), host)
			}
		case ErrTLSAuthority:
			res.Detail = fmt.Sprintf("certificate for %s is signed by an unknown authority (%s)", host, leaf.Issuer.CommonName)
		default:
			res.Detail = fmt.Sprintf("certificate for %s is invalid: %v", host, verr)
		}
		return res
	}
	res.Valid = true
	if len(chains) > 0 && len(chains[0]) > 0 {
		res.Root = chains[0][len(chains[0])-1].Subject.String()
	}
	res.Detail = fmt.Sprintf("%s, certificate valid for %s more (issuer %s)", res.Version, HumanDuration(res.ExpiresIn), leaf.Issuer.CommonName)
	return res
}

func certNames(c *x509.Certificate) []string {
	names := append([]string(nil), c.DNSNames...)
	for _, ip := range c.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) > 0 {
		return names
	}
	return []string{c.Subject.CommonName}
}
