package checks

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// Routine checks through the pool resume their TLS session once the
// connection is gone; Refresh forgets the sessions.
func TestPoolResumesTLSSessions(t *testing.T) {
	pki := newTestPKI(t)
	now := time.Now()
	cert := pki.leaf(t, "localhost", []string{"localhost"}, now.Add(-time.Hour), now.Add(30*24*time.Hour))
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "resumed=%t", r.TLS.DidResume)
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	defer srv.Close()
	target := mustURL(t, "https://localhost:"+portOf(t, srv.Listener.Addr().String())+"/")
	pool := &ConnPool{}
	opt := HTTPOptions{Timeout: 5 * time.Second, TLSConfig: &tls.Config{RootCAs: pki.pool}, Pool: pool}
	check := func(step, want string) {
		t.Helper()
		// As when the pool's bound has closed the connection.
		srv.CloseClientConnections()
		pool.transport(opt).CloseIdleConnections()
		res := HTTP(context.Background(), target, opt)
		if res.Err != ErrNone || string(res.Body) != want {
			t.Fatalf("%s: got %q (%s %s), want %q", step, res.Body, res.Err, res.Error, want)
		}
	}
	check("first check", "resumed=false")
	check("next check", "resumed=true")
	pool.Refresh()
	check("after Refresh", "resumed=false")
	check("after that", "resumed=true")
	if opt.TLSConfig.ClientSessionCache != nil {
		t.Error("the caller's TLS config was changed")
	}
}
