package verdict

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/checks"
)

// These tests run the real engine against loopback servers; the network
// side is injected (Options.Net) because the machine's own router and
// resolvers are outside what a test may contact. The lab suite (lab/)
// runs everything for real inside network namespaces.

func loopbackOptions(n NetEvidence) Options {
	return Options{Timeout: 2 * time.Second, Net: &n, SystemResolvers: []string{}, SkipSystemProxy: true,
		Getenv: func(string) string { return "" }}
}

func TestDiagnoseOriginNginx502(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Server", "nginx/1.22.1")
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		w.Write([]byte("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n"))
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	v := Diagnose(context.Background(), u, loopbackOptions(healthyNet()))
	if v.Side != SideServer || v.Hop != HopOrigin || v.Status != 502 {
		t.Fatalf("got %s/%s %d: %s", v.Side, v.Hop, v.Status, v.Summary)
	}
	if v.ErrorPageBy != "nginx" {
		t.Errorf("gateway vendor %q, want nginx", v.ErrorPageBy)
	}
}

func TestDiagnoseHealthy(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hello")) }))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	v := Diagnose(context.Background(), u, loopbackOptions(healthyNet()))
	if v.Side != SideOK || v.Hop != HopNone || v.Problem() {
		t.Fatalf("got %s/%s: %s", v.Side, v.Hop, v.Summary)
	}
}

func TestDiagnoseRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	u, _ := url.Parse("http://" + addr + "/")
	v := Diagnose(context.Background(), u, loopbackOptions(healthyNet()))
	if v.Side != SideServer || v.Hop != HopOrigin || v.Rule != "origin-refused" {
		t.Fatalf("got %s/%s (%s): %s", v.Side, v.Hop, v.Rule, v.Summary)
	}
}

// When the network alone explains the failure, the site request is not
// waited for: a hanging site must not delay a "your link is down" verdict.
func TestDiagnoseDoesNotWaitForSiteWhenLinkIsDown(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	n := healthyNet()
	n.Link = &checks.LinkResult{Detail: "no interface has a carrier"}
	n.Gateway = nil
	u, _ := url.Parse(srv.URL)
	opt := loopbackOptions(n)
	opt.Timeout = 30 * time.Second
	start := time.Now()
	v := Diagnose(context.Background(), u, opt)
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %s: the hanging site was waited for", took)
	}
	if v.Side != SideUser || v.Hop != HopLink || v.Rule != "link-down" {
		t.Fatalf("got %s/%s (%s): %s", v.Side, v.Hop, v.Rule, v.Summary)
	}
	if !strings.Contains(v.Error, "not awaited") || !strings.Contains(v.Error, "link-down") {
		t.Errorf("the verdict should say the site request was not awaited and why, got %q", v.Error)
	}
}
