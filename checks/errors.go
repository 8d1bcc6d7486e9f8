package checks

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"os"
	"strings"
	"syscall"
)

// ErrKind is a coarse, stable class of a network error. The verdict rules
// match on these words rather than on error strings, which differ per OS.
type ErrKind string

// Error classes, shared by every probe.
const (
	ErrNone         ErrKind = ""
	ErrTimeout      ErrKind = "timeout"
	ErrRefused      ErrKind = "refused"
	ErrReset        ErrKind = "reset"
	ErrUnreachable  ErrKind = "unreachable"   // no route, host or network unreachable
	ErrDNS          ErrKind = "dns"           // the name could not be resolved (not NXDOMAIN)
	ErrNXDomain     ErrKind = "nxdomain"      // the name does not exist
	ErrTLSExpired   ErrKind = "tls-expired"   // certificate expired or not yet valid
	ErrTLSName      ErrKind = "tls-name"      // certificate is for another name
	ErrTLSAuthority ErrKind = "tls-authority" // certificate signed by an unknown authority
	ErrTLS          ErrKind = "tls"           // any other handshake failure
	ErrProxy        ErrKind = "proxy"         // the proxy refused or failed the tunnel
	ErrRedirects    ErrKind = "redirects"     // redirect loop or too many redirects
	ErrProtocol     ErrKind = "protocol"      // malformed response: garbage status line, bad headers
	ErrTooLarge     ErrKind = "too-large"     // response headers over the cap
	ErrCanceled     ErrKind = "canceled"      // the caller gave up (not the network's fault)
	ErrBlocked      ErrKind = "blocked"       // a local firewall refused to send (EPERM/EACCES on connect)
	ErrGuard        ErrKind = "guard"         // not sent: the test guard (GATEWATCH_LAB_ONLY) refused it; says nothing about the network
	ErrOther        ErrKind = "other"
)

// Classify maps an error from net, net/http, crypto/tls or a resolver to an
// ErrKind. It looks at typed errors first and only then at text, because
// some layers (net/http's transport) flatten errors into strings.
func Classify(err error) ErrKind {
	if err == nil {
		return ErrNone
	}
	var (
		dnsErr  *net.DNSError
		certInv x509.CertificateInvalidError
		hostErr x509.HostnameError
		authErr x509.UnknownAuthorityError
		recErr  tls.RecordHeaderError
		verErr  *tls.CertificateVerificationError
	)
	switch {
	case errors.Is(err, ErrGuarded):
		return ErrGuard
	case errors.As(err, &dnsErr) && strings.Contains(dnsErr.Err, "test guard"):
		// The Go resolver keeps only the text of its Dial's error.
		return ErrGuard
	case errors.Is(err, context.Canceled):
		return ErrCanceled
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return ErrNXDomain
		}
		if dnsErr.IsTimeout {
			return ErrDNS
		}
		return ErrDNS
	case errors.As(err, &certInv):
		if certInv.Reason == x509.Expired {
			return ErrTLSExpired
		}
		return ErrTLS
	case errors.As(err, &hostErr):
		return ErrTLSName
	case errors.As(err, &authErr):
		return ErrTLSAuthority
	case errors.As(err, &verErr):
		return ErrTLS
	case errors.As(err, &recErr):
		return ErrProtocol
	case errors.Is(err, syscall.ECONNREFUSED):
		return ErrRefused
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return ErrReset
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH),
		errors.Is(err, syscall.EHOSTDOWN), errors.Is(err, syscall.ENETDOWN):
		return ErrUnreachable
	case errors.Is(err, syscall.EPERM), errors.Is(err, syscall.EACCES):
		return ErrBlocked
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return ErrTimeout
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return ErrTimeout
	}
	return classifyText(err.Error())
}

// classifyText is the fallback for errors that reached us as text only.
func classifyText(s string) ErrKind {
	s = strings.ToLower(s)
	switch {
	case strings.Contains(s, "test guard"):
		return ErrGuard
	case strings.Contains(s, "proxyconnect"):
		return ErrProxy
	case strings.Contains(s, "stopped after") && strings.Contains(s, "redirects"):
		return ErrRedirects
	case strings.Contains(s, "timeout"), strings.Contains(s, "deadline exceeded"):
		return ErrTimeout
	case strings.Contains(s, "connection refused"):
		return ErrRefused
	// net/http turns a reset mid-headers into "unexpected EOF": bufio
	// hands back the partial line and the reset is lost behind it.
	case strings.Contains(s, "connection reset"), strings.Contains(s, "broken pipe"), s == "eof", strings.HasSuffix(s, ": eof"),
		strings.Contains(s, "unexpected eof"):
		return ErrReset
	case strings.Contains(s, "no route to host"), strings.Contains(s, "network is unreachable"), strings.Contains(s, "host is down"):
		return ErrUnreachable
	case strings.Contains(s, "operation not permitted"), strings.Contains(s, "permission denied"):
		return ErrBlocked
	case strings.Contains(s, "no such host"):
		return ErrNXDomain
	case strings.Contains(s, "certificate has expired"), strings.Contains(s, "is not valid yet"), strings.Contains(s, "expired"):
		return ErrTLSExpired
	case strings.Contains(s, "certificate is valid for"), strings.Contains(s, "doesn't contain any ip sans"):
		return ErrTLSName
	case strings.Contains(s, "unknown authority"):
		return ErrTLSAuthority
	case strings.Contains(s, "tls:"), strings.Contains(s, "x509:"):
		return ErrTLS
	case strings.Contains(s, "malformed http"), strings.Contains(s, "malformed mime"), strings.Contains(s, "invalid header"), strings.Contains(s, "bad status"),
		// net/http's words for bytes that came before the request did (a
		// server that speaks first, like SSH or SMTP, on the HTTP port).
		strings.Contains(s, "readlooppeekfaillocked: %!w(<nil>)"):
		return ErrProtocol
	case strings.Contains(s, "header too large"), strings.Contains(s, "too large"),
		strings.Contains(s, "headers exceeded"): // net/http's MaxResponseHeaderBytes error
		return ErrTooLarge
	}
	return ErrOther
}
