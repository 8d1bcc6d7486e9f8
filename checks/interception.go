package checks

import (
	"crypto/tls"
	"strings"
)

// interceptors are products that inspect TLS by re-signing every site's
// certificate with their own authority, which the computer (or the
// organisation) was told to trust. They are known by the names of that
// authority, which no public CA uses. Offline and cheap: the names only.
//
// The method, naming known interception software by the issuer's common
// name or organisation, is Chromium's (components/security_interstitials/
// content/ssl_error_assistant.h, MITMSoftwareType, which matches issuer CN
// and O against a list of products). The names are the default authority
// names the products' setup guides tell administrators to install
// ("Zscaler Root CA", "Fortinet_CA_SSL", "ESET SSL Filter CA", "Kaspersky
// Anti-Virus Personal Root Certificate", "DO_NOT_TRUST_FiddlerRoot",
// "mitmproxy", "Charles Proxy CA" ...); an administrator may rename the
// authority, and then it is simply not recognised (the verdict stays the
// generic one). Matching is on product names, not whole CNs, for that
// reason too.
var interceptors = []struct {
	product string
	names   []string // lowercase substrings of an issuer's CN or O
}{
	{"Zscaler", []string{"zscaler"}},
	{"Fortinet", []string{"fortinet", "fortigate"}},
	{"Palo Alto Networks", []string{"palo alto networks", "paloaltonetworks"}},
	{"Sophos", []string{"sophos"}},
	{"Cisco Umbrella", []string{"cisco umbrella", "opendns"}},
	{"Netskope", []string{"netskope"}},
	{"Blue Coat", []string{"blue coat", "bluecoat", "proxysg"}},
	{"Kaspersky", []string{"kaspersky"}},
	{"ESET", []string{"eset ssl filter"}},
	{"Avast", []string{"avast web/mail shield", "avast! web/mail shield"}},
	{"AVG", []string{"avg web/mail shield"}},
	{"Bitdefender", []string{"bitdefender"}},
	{"mitmproxy", []string{"mitmproxy"}},
	{"Charles", []string{"charles proxy"}},
	{"Fiddler", []string{"fiddlerroot", "fiddler root"}},
}

// InterceptionProduct names the TLS-inspecting product whose authority
// issued one of the certificates named by issuers (distinguished names or
// common names, as CertInfo.Issuer), and which issuer it was; "" when none
// is known.
func InterceptionProduct(issuers []string) (product, issuer string) {
	for _, is := range issuers {
		l := strings.ToLower(is)
		for _, ic := range interceptors {
			for _, n := range ic.names {
				if strings.Contains(l, n) {
					return ic.product, issuerCN(is)
				}
			}
		}
	}
	return "", ""
}

// issuerCN is the CN of a distinguished name ("CN=Zscaler Root CA,O=..."),
// or the whole string when it has none.
func issuerCN(dn string) string {
	for _, part := range strings.Split(dn, ",") {
		if cn, ok := strings.CutPrefix(strings.TrimSpace(part), "CN="); ok {
			return cn
		}
	}
	return dn
}

// Issuers lists the issuer of every certificate the server presented,
// leaf first, and the root the chain verified to when it did.
func (r TLSResult) Issuers() []string {
	out := make([]string, 0, len(r.Chain)+1)
	for _, c := range r.Chain {
		out = append(out, c.Issuer)
	}
	if r.Root != "" {
		out = append(out, r.Root)
	}
	return out
}

// tlsIssuers lists a connection's certificate issuers, leaf first, then
// the root of the first verified chain; nil for plain http.
func tlsIssuers(st *tls.ConnectionState) []string {
	if st == nil {
		return nil
	}
	var out []string
	for _, c := range st.PeerCertificates {
		out = append(out, c.Issuer.String())
	}
	if len(st.VerifiedChains) > 0 && len(st.VerifiedChains[0]) > 0 {
		ch := st.VerifiedChains[0]
		out = append(out, ch[len(ch)-1].Subject.String())
	}
	return out
}

// leafNames are the names the server's certificate is for: its DNS names,
// or its common name when it has none.
func leafNames(st *tls.ConnectionState) []string {
	if st == nil || len(st.PeerCertificates) == 0 {
		return nil
	}
	leaf := st.PeerCertificates[0]
	if len(leaf.DNSNames) == 0 && leaf.Subject.CommonName != "" {
		return []string{leaf.Subject.CommonName}
	}
	return leaf.DNSNames
}
