package verdict

import (
	"net/http"
	"strings"
	"testing"

	"github.com/gatewatch/gatewatch/checks"
)

// filterPage is a FortiGate's block page answering with status.
func filterPage(status int) func(e *Evidence) {
	return func(e *Evidence) {
		e.HTTP = response(status, http.Header{"Content-Type": {"text/html"}}, "<title>Web Filter Violation</title> FortiGuard")
		e.FP = checks.Fingerprint{Vendor: "FortiGuard", Via: []string{"FortiGuard"}, GeneratedBy: checks.RoleFilter, Page: checks.PageBlocked,
			Signals: []string{`body names "fortiguard" + title says "violation" — a network filter's block page (FortiGuard), not the site`}}
	}
}

// inspected is a certificate failure whose chain an inspecting product
// issued (issuer as a distinguished name).
func inspected(issuer string) func(e *Evidence) {
	return func(e *Evidence) {
		e.HTTP = failure(checks.ErrTLSAuthority, "tls: failed to verify certificate: x509: certificate signed by unknown authority")
		e.TLS = &checks.TLSResult{Host: "shop.gw.test", Err: checks.ErrTLSAuthority,
			Detail: "certificate for shop.gw.test is signed by an unknown authority (" + issuerCNOf(issuer) + ")",
			Chain:  []checks.CertInfo{{Subject: "CN=shop.gw.test", Issuer: issuer}}}
	}
}

func issuerCNOf(dn string) string { _, is := checks.InterceptionProduct([]string{dn}); return is }

// A block page is the filter's whatever its status, with or without a
// configured proxy: never the site's answer, never the site's error.
func TestFilterBlockedAnyStatus(t *testing.T) {
	for _, status := range []int{200, 403, 503} {
		for _, proxied := range []bool{false, true} {
			e := healthy()
			if proxied {
				withProxy(e, true)
			}
			filterPage(status)(e)
			v := Decide(e)
			if v.Rule != "filter-blocked" || v.Side != SideUser || v.Hop != HopFirewall {
				t.Errorf("status %d proxied %v: got %s %s/%s", status, proxied, v.Rule, v.Side, v.Hop)
			}
			if NetworkWide(v) {
				t.Errorf("status %d: a filter blocking one site is not the network failing", status)
			}
		}
	}
}

// An unknown authority is the network's only when a known inspecting
// product issued it and no proxy is configured; otherwise the rules that
// were there before decide.
func TestInterceptionNeedsAKnownProduct(t *testing.T) {
	for _, c := range []struct {
		name    string
		issuer  string
		proxied bool
		want    string
	}{
		{"zscaler", "CN=Zscaler Root CA,O=Zscaler Inc.", false, "tls-intercepted-network"},
		{"fortigate", "CN=FGT60F0000000000,O=Fortinet", false, "tls-intercepted-network"},
		{"unknown private CA", "CN=Acme Corp Issuing CA", false, "tls-invalid"},
		{"zscaler through a proxy", "CN=Zscaler Root CA", true, "tls-intercepted"},
	} {
		e := healthy()
		inspected(c.issuer)(e)
		if c.proxied {
			withProxy(e, true)
		}
		v := Decide(e)
		if v.Rule != c.want {
			t.Errorf("%s: got %s, want %s", c.name, v.Rule, c.want)
		}
		// The verdict says it; a warning would only repeat it.
		if strings.Contains(strings.Join(v.Warnings, "|"), "inspects encrypted traffic") {
			t.Errorf("%s: a failing site warns of inspection: %q", c.name, v.Warnings)
		}
	}
}

// A trusted inspecting authority leaves the site working: the verdict is
// ok, and a warning says who reads the traffic.
func TestTrustedInterceptionWarns(t *testing.T) {
	e := healthy()
	e.HTTP.TLSIssuers = []string{"CN=Zscaler Intermediate Root CA (zscaler.net),O=Zscaler Inc.", "CN=Zscaler Root CA,O=Zscaler Inc."}
	v := Decide(e)
	if v.Side != SideOK || v.Rule != "site-ok" {
		t.Fatalf("got %s %s", v.Rule, v.Side)
	}
	want := "Your network (Zscaler) inspects encrypted traffic: the certificate comes from Zscaler Intermediate Root CA (zscaler.net)"
	if len(v.Warnings) == 0 || !strings.Contains(strings.Join(v.Warnings, "|"), want) {
		t.Errorf("warnings %q lack %q", v.Warnings, want)
	}
	e.HTTP.TLSIssuers = []string{"CN=R11,O=Let's Encrypt", "CN=ISRG Root X1,O=Internet Security Research Group"}
	if v := Decide(e); len(v.Warnings) != 0 {
		t.Errorf("a public authority warns: %q", v.Warnings)
	}
}

// The fingerprint step of a block page fails and says who generated it,
// though the status may be 200.
func TestFilterStepFails(t *testing.T) {
	e := healthy()
	filterPage(200)(e)
	for _, s := range Steps(e) {
		if s.Check == "fingerprint" {
			if s.OK || !strings.Contains(s.Detail, "a security filter on your network (FortiGuard)") {
				t.Errorf("step %+v", s)
			}
			return
		}
	}
	t.Error("no fingerprint step")
}

// The notification's advice follows the diagnosis: a VPN, a proxy, or
// nothing the user can change.
func TestRefusalAdvice(t *testing.T) {
	for _, c := range []struct {
		name  string
		build func(e *Evidence)
		want  string
	}{
		{"vpn", func(e *Evidence) { e.Net.VPN = &checks.VPNResult{EgressIface: "wg0", DefaultViaVPN: true} }, "you are on a VPN: try without it"},
		{"proxy", func(e *Evidence) { withProxy(e, true) }, "you use a proxy: try without it"},
		{"neither", func(e *Evidence) {}, ""},
	} {
		e := typical(t, "access-refused")
		c.build(e)
		v := Decide(e)
		if v.Rule != "access-refused" {
			t.Fatalf("%s: got %s", c.name, v.Rule)
		}
		if got := RefusalAdvice(v); got != c.want {
			t.Errorf("%s: got %q, want %q (summary %q)", c.name, got, c.want, v.Summary)
		}
	}
	if got := RefusalAdvice(Verdict{Rule: "site-ok", Summary: "may refuse your VPN's address"}); got != "" {
		t.Errorf("another rule gave advice %q", got)
	}
}
