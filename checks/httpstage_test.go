package checks

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestFailedStage(t *testing.T) {
	t0 := time.Now().Add(-time.Second)
	var zero time.Time
	cases := []struct {
		name               string
		conn, tlsAt, wrote time.Time
		connDone, tlsDone  bool
		want               Stage
		waited             bool
	}{
		{"before connecting", zero, zero, zero, false, false, "", false},
		{"connecting", t0, zero, zero, false, false, StageConnect, false},
		{"connect failed", t0, zero, zero, false, false, StageConnect, false},
		{"handshaking", t0, t0, zero, true, false, StageTLS, false},
		{"plain http, connected, not yet written", t0, zero, zero, true, false, StageWaiting, false},
		{"tls done, not yet written", t0, t0, zero, true, true, StageWaiting, false},
		{"written", t0, t0, t0, true, true, StageWaiting, true},
		{"written on a reused connection", zero, zero, t0, true, true, StageWaiting, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, waited := failedStage(c.conn, c.tlsAt, c.wrote, c.connDone, c.tlsDone)
			if got != c.want || (waited > 0) != c.waited {
				t.Errorf("got %q waited %s, want %q waited %v", got, waited, c.want, c.waited)
			}
		})
	}
}

// The stage of real failed requests on loopback servers.
func TestHTTPStage(t *testing.T) {
	t.Parallel()
	// Accepts, reads nothing, says nothing: a TLS ClientHello goes
	// unanswered, a plain request too.
	silent := rawLoopbackServer(t, func(c net.Conn) { time.Sleep(2 * time.Second) })
	slowTLS := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(2 * time.Second):
		}
	}))
	t.Cleanup(slowTLS.Close)
	pool := slowTLS.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }))
	t.Cleanup(ok.Close)
	const timeout = 300 * time.Millisecond
	cases := []struct {
		name   string
		url    string
		stage  Stage
		err    ErrKind
		waited bool
	}{
		{"tls unanswered", "https://" + silent + "/", StageTLS, ErrTimeout, false},
		{"plain request unanswered", "http://" + silent + "/", StageWaiting, ErrTimeout, true},
		{"tls done, answer late", slowTLS.URL + "/", StageWaiting, ErrTimeout, true},
		{"refused", "http://" + deadLoopbackAddr(t) + "/", StageConnect, ErrRefused, false},
		{"answered", ok.URL + "/", "", ErrNone, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			res := HTTP(context.Background(), mustURL(t, c.url), HTTPOptions{Timeout: timeout, TLSConfig: &tls.Config{RootCAs: pool}})
			if res.Stage != c.stage || res.Err != c.err || (res.Waited > 0) != c.waited {
				t.Fatalf("stage %q err %q waited %s (%s), want %q %q waited %v", res.Stage, res.Err, res.Waited, res.Error, c.stage, c.err, c.waited)
			}
			if c.waited && res.Waited > res.Elapsed {
				t.Errorf("waited %s longer than the request's %s", res.Waited, res.Elapsed)
			}
		})
	}
}
