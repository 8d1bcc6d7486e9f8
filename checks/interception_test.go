package checks

import (
	"context"
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestInterceptionProduct(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		issuers         []string
		product, issuer string
	}{
		{[]string{"CN=Zscaler Intermediate Root CA (zscaler.net),O=Zscaler Inc.", "CN=Zscaler Root CA,O=Zscaler Inc."}, "Zscaler", "Zscaler Intermediate Root CA (zscaler.net)"},
		{[]string{"CN=FG100F3G19000000,O=Fortinet,C=US"}, "Fortinet", "FG100F3G19000000"},
		{[]string{"CN=ESET SSL Filter CA,O=ESET spol. s r. o."}, "ESET", "ESET SSL Filter CA"},
		{[]string{"CN=DO_NOT_TRUST_FiddlerRoot,O=DO_NOT_TRUST"}, "Fiddler", "DO_NOT_TRUST_FiddlerRoot"},
		{[]string{"CN=mitmproxy,O=mitmproxy"}, "mitmproxy", "mitmproxy"},
		// Public authorities, and nothing at all, name no product.
		{[]string{"CN=R11,O=Let's Encrypt,C=US", "CN=ISRG Root X1,O=Internet Security Research Group,C=US"}, "", ""},
		{nil, "", ""},
	} {
		p, is := InterceptionProduct(c.issuers)
		if p != c.product || is != c.issuer {
			t.Errorf("%q: got %q %q, want %q %q", c.issuers, p, is, c.product, c.issuer)
		}
	}
}

// An inspecting network's authority shows in both probes: the TLS check
// names the root it verified to, the site request lists every issuer.
func TestInterceptionIssuersSeen(t *testing.T) {
	t.Parallel()
	root := newTestCA(t, "Zscaler Root CA (lab)", nil)
	inter := newTestCA(t, "Zscaler Intermediate Root CA (lab)", root)
	now := time.Now()
	cert := inter.leaf(t, "shop.gw.test", []string{"shop.gw.test"}, now.Add(-time.Hour), now.Add(24*time.Hour))

	tr := TLS(context.Background(), "shop.gw.test", serveTLS(t, cert), TLSOptions{DialAddr: loopback4, RootCAs: root.pool})
	if !tr.Valid {
		t.Fatalf("chain must verify to the trusted lab root: %s", tr.Detail)
	}
	if p, is := InterceptionProduct(tr.Issuers()); p != "Zscaler" || is != "Zscaler Intermediate Root CA (lab)" {
		t.Errorf("TLS issuers %q gave %q %q", tr.Issuers(), p, is)
	}
	if tr.Root == "" {
		t.Error("no root for a verified chain")
	}

	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	defer srv.Close()
	res := HTTP(context.Background(), mustURL(t, "https://shop.gw.test:"+portOf(t, srv.Listener.Addr().String())+"/"), HTTPOptions{
		Timeout: 5 * time.Second, DialAddr: loopback4, TLSConfig: &tls.Config{RootCAs: root.pool},
	})
	if res.Err != ErrNone {
		t.Fatalf("site request failed: %s", res.Error)
	}
	if len(res.TLSIssuers) != 3 { // leaf's issuer, intermediate's issuer, verified root
		t.Fatalf("TLSIssuers %q, want three", res.TLSIssuers)
	}
	if p, _ := InterceptionProduct(res.TLSIssuers); p != "Zscaler" {
		t.Errorf("HTTP issuers %q name no product", res.TLSIssuers)
	}
}
