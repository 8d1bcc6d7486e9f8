package checks

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"syscall"
	"testing"
)

// opErr wraps an errno the way the net package does on a failed dial.
func opErr(op string, errno error) error {
	return &net.OpError{Op: op, Net: "tcp", Err: os.NewSyscallError("connect", errno)}
}

func TestClassifyTyped(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		err  error
		want ErrKind
	}{
		{"nil", nil, ErrNone},
		{"canceled", context.Canceled, ErrCanceled},
		{"canceled wrapped", fmt.Errorf("dial: %w", context.Canceled), ErrCanceled},
		{"deadline", context.DeadlineExceeded, ErrTimeout},
		{"os deadline", &net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded}, ErrTimeout},
		{"url timeout", &url.Error{Op: "Get", URL: "http://x.test", Err: context.DeadlineExceeded}, ErrTimeout},
		{"net.Error timeout", fakeTimeout{}, ErrTimeout},
		{"nxdomain", &net.DNSError{Err: "no such host", Name: "shop.gw.test", IsNotFound: true}, ErrNXDomain},
		{"dns timeout", &net.DNSError{Err: "i/o timeout", Name: "shop.gw.test", IsTimeout: true}, ErrDNS},
		{"dns servfail", &net.DNSError{Err: "server misbehaving", Name: "shop.gw.test", IsTemporary: true}, ErrDNS},
		{"dns in OpError", &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", IsNotFound: true}}, ErrNXDomain},
		{"cert expired", x509.CertificateInvalidError{Reason: x509.Expired}, ErrTLSExpired},
		{"cert not CA", x509.CertificateInvalidError{Reason: x509.NotAuthorizedToSign}, ErrTLS},
		{"cert name", x509.HostnameError{Certificate: &x509.Certificate{DNSNames: []string{"a.test"}}, Host: "b.test"}, ErrTLSName},
		{"cert authority", x509.UnknownAuthorityError{}, ErrTLSAuthority},
		{"verification wraps authority", &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}, ErrTLSAuthority},
		{"verification wraps expiry", &tls.CertificateVerificationError{Err: x509.CertificateInvalidError{Reason: x509.Expired}}, ErrTLSExpired},
		{"verification other", &tls.CertificateVerificationError{Err: errors.New("x")}, ErrTLS},
		{"record header", tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}, ErrProtocol},
		{"refused", opErr("dial", syscall.ECONNREFUSED), ErrRefused},
		{"reset", opErr("read", syscall.ECONNRESET), ErrReset},
		{"broken pipe", opErr("write", syscall.EPIPE), ErrReset},
		{"host unreachable", opErr("dial", syscall.EHOSTUNREACH), ErrUnreachable},
		{"net unreachable", opErr("dial", syscall.ENETUNREACH), ErrUnreachable},
		{"host down", opErr("dial", syscall.EHOSTDOWN), ErrUnreachable},
		{"net down", opErr("dial", syscall.ENETDOWN), ErrUnreachable},
		{"firewall eperm", opErr("dial", syscall.EPERM), ErrBlocked},
		{"firewall eacces", opErr("dial", syscall.EACCES), ErrBlocked},
		{"refused in url error", &url.Error{Op: "Get", URL: "http://x.test", Err: opErr("dial", syscall.ECONNREFUSED)}, ErrRefused},
		{"test guard", fmt.Errorf("connect: %w", &guardError{level: GuardLoopback, what: "tcp 8.8.8.8:53"}), ErrGuard},
		{"test guard in dial error", &net.OpError{Op: "dial", Net: "tcp", Err: &guardError{level: GuardLab, what: "tcp 8.8.8.8:53"}}, ErrGuard},
		{"test guard in a lookup", &net.DNSError{Err: "name lookup via the system resolver 10.0.0.1:53: refused by the loopback-only test guard (GATEWATCH_LAB_ONLY=1)", Name: "x.test"}, ErrGuard},
		{"test guard flattened", errors.New("Get \"http://x.test\": tcp 192.0.2.1:80: refused by the loopback-only test guard (GATEWATCH_LAB_ONLY=1)"), ErrGuard},
		{"io eof", io.EOF, ErrReset},
		{"plain", errors.New("something odd"), ErrOther},
	}
	for _, tc := range cases {
		if got := Classify(tc.err); got != tc.want {
			t.Errorf("%s: Classify(%v) = %q, want %q", tc.name, tc.err, got, tc.want)
		}
	}
}

type fakeTimeout struct{}

func (fakeTimeout) Error() string   { return "waited too long" }
func (fakeTimeout) Timeout() bool   { return true }
func (fakeTimeout) Temporary() bool { return true }

// TestClassifyText covers errors that reach us flattened into strings, in
// the words the standard library and common proxies use.
func TestClassifyText(t *testing.T) {
	t.Parallel()
	cases := []struct {
		text string
		want ErrKind
	}{
		{"proxyconnect tcp: dial tcp 127.0.0.1:3128: connect: connection refused", ErrProxy},
		{"stopped after 10 redirects", ErrRedirects},
		{"net/http: timeout awaiting response headers", ErrTimeout},
		{"net/http: TLS handshake timeout", ErrTimeout},
		{"read tcp 127.0.0.1:1->127.0.0.1:2: i/o timeout", ErrTimeout},
		{"context deadline exceeded", ErrTimeout},
		{"dial tcp 127.0.0.1:1: connect: connection refused", ErrRefused},
		{"read tcp 127.0.0.1:1->127.0.0.1:2: read: connection reset by peer", ErrReset},
		{"write tcp: broken pipe", ErrReset},
		{"EOF", ErrReset},
		{"net/http: HTTP/1.x transport connection broken: EOF", ErrReset},
		{"unexpected EOF", ErrReset},
		{"net/http: HTTP/1.x transport connection broken: unexpected EOF", ErrReset},
		{"dial tcp 192.0.2.1:443: connect: no route to host", ErrUnreachable},
		{"dial tcp 192.0.2.1:443: connect: network is unreachable", ErrUnreachable},
		{"dial tcp: connect: host is down", ErrUnreachable},
		{"dial tcp 192.0.2.1:443: connect: operation not permitted", ErrBlocked},
		{"dial tcp 192.0.2.1:443: connect: permission denied", ErrBlocked},
		{"dial tcp: lookup shop.gw.test: no such host", ErrNXDomain},
		{"x509: certificate has expired or is not yet valid: current time ...", ErrTLSExpired},
		{"x509: certificate is valid for a.test, not b.test", ErrTLSName},
		{"x509: cannot validate certificate for 192.0.2.1 because it doesn't contain any IP SANs", ErrTLSName},
		{"x509: certificate signed by unknown authority", ErrTLSAuthority},
		{"tls: handshake failure", ErrTLS},
		{"remote error: tls: protocol version not supported", ErrTLS},
		{`malformed HTTP status code "abc"`, ErrProtocol},
		{`malformed HTTP response "SSH-2.0-OpenSSH_9.6"`, ErrProtocol},
		{`net/http: HTTP/1.x transport connection broken: malformed MIME header line: not a header`, ErrProtocol},
		{"invalid header field value", ErrProtocol},
		{"readLoopPeekFailLocked: %!w(<nil>)", ErrProtocol},
		{"net/http: HTTP/1.x transport connection broken: readLoopPeekFailLocked: %!w(<nil>)", ErrProtocol},
		{"net/http: server response headers exceeded 4096 bytes; aborted", ErrTooLarge},
		{"header too large", ErrTooLarge},
		{"something odd", ErrOther},
		{"", ErrOther},
	}
	for _, tc := range cases {
		if got := classifyText(tc.text); got != tc.want {
			t.Errorf("classifyText(%q) = %q, want %q", tc.text, got, tc.want)
		}
		// The same words behind an opaque error type reach the text path.
		if tc.text != "" {
			if got := Classify(errors.New(tc.text)); got != tc.want {
				t.Errorf("Classify(errors.New(%q)) = %q, want %q", tc.text, got, tc.want)
			}
		}
	}
}
