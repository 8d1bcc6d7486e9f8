package verdict

import (
	"fmt"

	"github.com/gatewatch/gatewatch/checks"
)

// interceptor names the TLS-inspecting product whose authority issued the
// site's certificate, and that authority: from the certificate check when
// it ran (the handshake failed), else from the site request (it worked,
// so the authority is trusted here). "" when none is known.
func interceptor(e *Evidence) (product, issuer string) {
	if e.TLS != nil {
		if p, is := checks.InterceptionProduct(e.TLS.Issuers()); p != "" {
			return p, is
		}
	}
	if e.HTTP != nil {
		return checks.InterceptionProduct(e.HTTP.TLSIssuers)
	}
	return "", ""
}

// interceptionWarning is said on a verdict whose site answered through an
// inspecting authority this computer trusts: the site is reached, but not
// privately.
func interceptionWarning(e *Evidence) string {
	if !e.siteOK() {
		return ""
	}
	product, issuer := interceptor(e)
	if product == "" {
		return ""
	}
	who := "Your network"
	if e.proxied() {
		who = "Your proxy"
	}
	return fmt.Sprintf("%s (%s) inspects encrypted traffic: the certificate comes from %s, not the site's authority", who, product, issuer)
}
