package checks

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// connCounter counts the connections a test server accepted and closed.
type connCounter struct{ opened, closed atomic.Int32 }

func (c *connCounter) hook(_ net.Conn, s http.ConnState) {
	switch s {
	case http.StateNew:
		c.opened.Add(1)
	case http.StateClosed, http.StateHijacked:
		c.closed.Add(1)
	}
}

// countedServer is an httptest server whose connections are counted.
func countedServer(t *testing.T, h http.Handler) (*httptest.Server, *connCounter) {
	t.Helper()
	cc := &connCounter{}
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ConnState = cc.hook
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, cc
}

// testPool closes the pool's idle connections at the end of the test
// (before the servers' cleanup, which waits for their connections).
func testPool(t *testing.T, p *ConnPool) *ConnPool {
	t.Cleanup(p.Refresh)
	return p
}

// pooledGet is a routine check through pool.
func pooledGet(t *testing.T, pool *ConnPool, u string, opt HTTPOptions) HTTPResult {
	t.Helper()
	opt.Pool = pool
	if opt.Timeout == 0 {
		opt.Timeout = 5 * time.Second
	}
	return HTTP(context.Background(), mustURL(t, u), opt)
}

func TestLeanPoolKeepsConnections(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	mux.HandleFunc("/close", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close")
		io.WriteString(w, "bye")
	})
	mux.HandleFunc("/chunked", func(w http.ResponseWriter, r *http.Request) {
		for i := range 3 {
			fmt.Fprintf(w, "part%d;", i)
			w.(http.Flusher).Flush() // each write its own chunk
		}
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) { w.Write(bytes.Repeat([]byte("x"), 5000)) })
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/b", http.StatusMovedPermanently) })
	mux.HandleFunc("/b", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/ref", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/ref", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "from "+r.Referer()) })
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	cases := []struct {
		name      string
		path      string
		opt       HTTPOptions
		body      string // want, each check
		truncated bool
		redirects int
		err       ErrKind
		conns     int32 // connections opened by two checks
		idle      int   // idle connections after them
	}{
		{name: "reused", path: "/ok", body: "ok", conns: 1, idle: 1},
		{name: "connection close", path: "/close", body: "bye", conns: 2, idle: 0},
		{name: "chunked", path: "/chunked", body: "part0;part1;part2;", conns: 1, idle: 1},
		{name: "body over the cap", path: "/big", opt: HTTPOptions{MaxBody: 10}, body: "xxxxxxxxxx", truncated: true, conns: 2, idle: 0},
		{name: "body at the cap", path: "/big", opt: HTTPOptions{MaxBody: 5000}, body: strings.Repeat("x", 5000), conns: 1, idle: 1},
		{name: "redirect chain on one connection", path: "/a", redirects: 2, body: "from {{srv}}/b", conns: 1, idle: 1},
		{name: "redirect loop", path: "/loop", opt: HTTPOptions{MaxRedirects: 3}, redirects: 3, err: ErrRedirects, conns: 1, idle: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, cc := countedServer(t, mux)
			pool := testPool(t, &ConnPool{})
			want := strings.ReplaceAll(tc.body, "{{srv}}", srv.URL)
			for i := range 2 {
				res := pooledGet(t, pool, srv.URL+tc.path, tc.opt)
				if res.Err != tc.err {
					t.Fatalf("check %d: Err %q (%s), want %q", i, res.Err, res.Error, tc.err)
				}
				if res.Redirects != tc.redirects {
					t.Errorf("check %d: Redirects = %d, want %d", i, res.Redirects, tc.redirects)
				}
				if tc.err != ErrNone {
					continue
				}
				if res.Status != 200 || string(res.Body) != want || res.BodyTruncated != tc.truncated {
					t.Errorf("check %d: %d %q truncated=%v, want 200 %q truncated=%v", i, res.Status, res.Body, res.BodyTruncated, want, tc.truncated)
				}
				if res.RemoteAddr != srv.Listener.Addr().String() || res.Proto != "HTTP/1.1" {
					t.Errorf("check %d: RemoteAddr %q Proto %q", i, res.RemoteAddr, res.Proto)
				}
				if tc.redirects > 0 && res.FinalURL != srv.URL+"/ref" {
					t.Errorf("check %d: FinalURL %q", i, res.FinalURL)
				}
				if tc.conns == 1 && i == 1 && (res.Phases.Connect != 0 || res.Phases.DNS != 0) {
					t.Errorf("reused connection shows connect %s dns %s, want zero", res.Phases.Connect, res.Phases.DNS)
				}
			}
			if got := cc.opened.Load(); got != tc.conns {
				t.Errorf("server saw %d connections, want %d", got, tc.conns)
			}
			if got := pool.IdleConns(); got != tc.idle {
				t.Errorf("%d idle connections, want %d", got, tc.idle)
			}
		})
	}
}

// keepAliveServer answers every request on a connection with "n=<how
// many requests this connection has had>", keep-alive, and then does
// what after says between requests.
func keepAliveServer(t *testing.T, after func(c net.Conn, n int) bool) (string, *atomic.Int32) {
	var conns atomic.Int32
	addr := rawLoopbackServer(t, func(c net.Conn) {
		conns.Add(1)
		br := bufio.NewReader(c)
		for n := 1; ; n++ {
			if _, err := http.ReadRequest(br); err != nil {
				return
			}
			if !after(c, n) {
				return
			}
			body := fmt.Sprintf("n=%d", n)
			if _, err := fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s", len(body), body); err != nil {
				return
			}
		}
	})
	return "http://" + addr + "/", &conns
}

// A kept connection the server has closed (or is closing) is not an
// error: the check redials once and the site is seen working.
func TestLeanPoolServerClosedConnection(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		after func(c net.Conn, n int) bool // false: close without answering
		idle  time.Duration                // wait between the checks
		body2 string
		conns int32
	}{
		// Closed while idle: the peek before reuse sees it.
		{"closed while idle", func(c net.Conn, n int) bool {
			go func() { time.Sleep(20 * time.Millisecond); c.Close() }()
			return true
		}, 200 * time.Millisecond, "n=1", 2},
		// Closed on reading the next request: the request meets EOF.
		{"closed on the next request", func(c net.Conn, n int) bool { return n == 1 }, 0, "n=1", 2},
		{"reset on the next request", func(c net.Conn, n int) bool {
			if n > 1 {
				c.(*net.TCPConn).SetLinger(0)
			}
			return n == 1
		}, 0, "n=1", 2},
		{"kept", func(net.Conn, int) bool { return true }, 0, "n=2", 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			u, conns := keepAliveServer(t, tc.after)
			pool := testPool(t, &ConnPool{})
			if res := pooledGet(t, pool, u, HTTPOptions{}); string(res.Body) != "n=1" {
				t.Fatalf("first check: %q (%s)", res.Body, res.Error)
			}
			time.Sleep(tc.idle)
			res := pooledGet(t, pool, u, HTTPOptions{})
			if res.Err != ErrNone || string(res.Body) != tc.body2 {
				t.Fatalf("second check: %q %q (%s), want %q", res.Body, res.Err, res.Error, tc.body2)
			}
			if got := conns.Load(); got != tc.conns {
				t.Errorf("%d connections, want %d", got, tc.conns)
			}
		})
	}
}

// A fresh connection that fails is the site's answer: no second try.
func TestLeanPoolNoRedialOnFreshConnection(t *testing.T) {
	t.Parallel()
	u, conns := keepAliveServer(t, func(net.Conn, int) bool { return false })
	res := pooledGet(t, testPool(t, &ConnPool{}), u, HTTPOptions{})
	if res.Err != ErrReset || res.Status != 0 {
		t.Errorf("got %d %q (%s), want reset", res.Status, res.Err, res.Error)
	}
	if got := conns.Load(); got != 1 {
		t.Errorf("%d connections, want 1", got)
	}
}

// The lean path fails as the Transport path does on hostile servers.
func TestLeanPoolHostileServers(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		serve  func(c net.Conn)
		opt    HTTPOptions
		err    ErrKind
		status int
		note   string // in Error
	}{
		{"header flood", func(c net.Conn) {
			if _, _, err := readHead(c); err != nil {
				return
			}
			io.WriteString(c, "HTTP/1.1 200 OK\r\n")
			for range 1000 {
				if _, err := io.WriteString(c, "X-Flood: "+strings.Repeat("f", 1000)+"\r\n"); err != nil {
					return
				}
			}
		}, HTTPOptions{MaxHeaderBytes: 4096}, ErrTooLarge, 0, "exceeded"},
		{"timeout mid-body", func(c net.Conn) {
			if _, _, err := readHead(c); err != nil {
				return
			}
			io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nab")
			c.Read(make([]byte, 1)) // until the client gives up
		}, HTTPOptions{Timeout: 300 * time.Millisecond}, ErrNone, 200, "reading body"},
		{"slow headers", func(c net.Conn) {
			if _, _, err := readHead(c); err != nil {
				return
			}
			trickle(c, "HTTP/1.1 200 OK\r\nX-Slow: "+strings.Repeat("a", 200)+"\r\n\r\n", 100*time.Millisecond)
		}, HTTPOptions{Timeout: 300 * time.Millisecond}, ErrTimeout, 0, "deadline"},
		{"body over the cap, the rest still coming", func(c net.Conn) {
			if _, _, err := readHead(c); err != nil {
				return
			}
			// The cap ends where the first read ends: only the count
			// says the body was cut.
			io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"+strings.Repeat("x", 20))
			time.Sleep(100 * time.Millisecond)
			io.WriteString(c, strings.Repeat("x", 80))
		}, HTTPOptions{MaxBody: 19}, ErrNone, 200, ""},
		{"bad status", answerWith("HTTP/1.1 abc\r\n\r\n"), HTTPOptions{}, ErrProtocol, 0, "malformed"},
		{"closed without a word", answerWith(""), HTTPOptions{}, ErrReset, 0, "EOF"},
		{"closed mid-headers", answerWith("HTTP/1.1 200 OK\r\nServer: half"), HTTPOptions{}, ErrReset, 0, "EOF"},
		{"http/1.0 without keep-alive", answerWith("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"), HTTPOptions{}, ErrNone, 200, ""},
		{"early hints go to the transport", answerWith("HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), HTTPOptions{}, ErrNone, 200, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			addr := rawLoopbackServer(t, tc.serve)
			pool := testPool(t, &ConnPool{})
			res := pooledGet(t, pool, "http://"+addr+"/", tc.opt)
			if res.Err != tc.err || res.Status != tc.status || !strings.Contains(res.Error, tc.note) {
				t.Errorf("got %d %q (%s), want %d %q with %q", res.Status, res.Err, res.Error, tc.status, tc.err, tc.note)
			}
			if pool.IdleConns() != 0 {
				t.Errorf("%d idle connections kept from a broken exchange", pool.IdleConns())
			}
		})
	}
}

func TestLeanPoolTLS(t *testing.T) {
	t.Parallel()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "proto=%s alpn=%q", r.Proto, r.TLS.NegotiatedProtocol)
	}))
	cc := &connCounter{}
	srv.Config.ConnState = cc.hook
	srv.StartTLS()
	t.Cleanup(srv.Close)
	roots := srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
	pool := testPool(t, &ConnPool{})
	opt := HTTPOptions{TLSConfig: &tls.Config{RootCAs: roots}}
	for i := range 3 {
		res := pooledGet(t, pool, srv.URL+"/", opt)
		if res.Err != ErrNone || string(res.Body) != `proto=HTTP/1.1 alpn="http/1.1"` {
			t.Fatalf("check %d: %q %q (%s)", i, res.Body, res.Err, res.Error)
		}
		if len(res.TLSIssuers) == 0 || len(res.CertNames) == 0 {
			t.Errorf("check %d: issuers %q names %q, want both", i, res.TLSIssuers, res.CertNames)
		}
		if i > 0 && res.Phases.TLS != 0 {
			t.Errorf("check %d on a kept connection shows a %s handshake", i, res.Phases.TLS)
		}
	}
	if got := cc.opened.Load(); got != 1 {
		t.Errorf("%d connections, want 1", got)
	}
}

// A TLS server that refuses the "http/1.1" offer is fetched by the
// Transport (which offers nothing), and remembered until Refresh.
func TestLeanPoolALPNRefused(t *testing.T) {
	t.Parallel()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
	srv.TLS = &tls.Config{NextProtos: []string{"x-only"}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	roots := srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
	pool := testPool(t, &ConnPool{})
	res := pooledGet(t, pool, srv.URL+"/", HTTPOptions{TLSConfig: &tls.Config{RootCAs: roots}})
	if res.Err != ErrNone || string(res.Body) != "ok" {
		t.Fatalf("got %q %q (%s)", res.Body, res.Err, res.Error)
	}
	key := poolKey{https: true, host: mustURL(t, srv.URL).Host}
	if !pool.refusesALPN(key) {
		t.Error("the refusal was not remembered")
	}
	pool.Refresh()
	if pool.refusesALPN(key) {
		t.Error("Refresh kept the refusal")
	}
}

func TestLeanPoolRefreshClosesIdle(t *testing.T) {
	t.Parallel()
	srv, cc := countedServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
	pool := testPool(t, &ConnPool{})
	pooledGet(t, pool, srv.URL, HTTPOptions{})
	if pool.IdleConns() != 1 {
		t.Fatalf("%d idle connections, want 1", pool.IdleConns())
	}
	pool.Refresh()
	if pool.IdleConns() != 0 {
		t.Errorf("%d idle connections after Refresh", pool.IdleConns())
	}
	deadline := time.Now().Add(2 * time.Second)
	for cc.closed.Load() != 1 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if cc.closed.Load() != 1 {
		t.Error("the server never saw the connection closed")
	}
	pooledGet(t, pool, srv.URL, HTTPOptions{})
	if got := cc.opened.Load(); got != 2 {
		t.Errorf("%d connections, want a fresh one after Refresh", got)
	}
}

// The bounds: at most MaxIdle in all, and connections idle past the
// timeout are closed rather than reused.
func TestLeanPoolBounds(t *testing.T) {
	t.Parallel()
	var servers []string
	for range 3 {
		srv, _ := countedServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
		servers = append(servers, srv.URL)
	}
	pool := testPool(t, &ConnPool{MaxIdle: 2})
	for _, u := range servers {
		pooledGet(t, pool, u, HTTPOptions{})
	}
	if got := pool.IdleConns(); got != 2 {
		t.Errorf("%d idle connections, want MaxIdle 2", got)
	}

	srv, cc := countedServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
	short := testPool(t, &ConnPool{IdleTimeout: 50 * time.Millisecond})
	pooledGet(t, short, srv.URL, HTTPOptions{})
	time.Sleep(100 * time.Millisecond)
	pooledGet(t, short, srv.URL, HTTPOptions{})
	if got := cc.opened.Load(); got != 2 {
		t.Errorf("%d connections, want a new one after the idle timeout", got)
	}
}

// Checks of many sites on one host overlap: each gets its own
// connection and none is lost or shared.
func TestLeanPoolConcurrent(t *testing.T) {
	t.Parallel()
	srv, cc := countedServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(5 * time.Millisecond)
		io.WriteString(w, r.URL.Path)
	}))
	pool := testPool(t, &ConnPool{})
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			path := fmt.Sprintf("/%d", i)
			if res := pooledGet(t, pool, srv.URL+path, HTTPOptions{}); string(res.Body) != path {
				t.Errorf("got %q (%s), want %q", res.Body, res.Error, path)
			}
		})
	}
	wg.Wait()
	if got := pool.IdleConns(); got > maxIdlePerHost {
		t.Errorf("%d idle connections to one host, want at most %d", got, maxIdlePerHost)
	}
	t.Logf("%d connections for 40 overlapping checks", cc.opened.Load())
}

// stale sees, without blocking, what the Transport's read loop would:
// the server closed the idle connection, reset it, or wrote to it.
func TestStaleConn(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		peer func(c *net.TCPConn)
		want bool
	}{
		{"idle", func(*net.TCPConn) {}, false},
		{"closed", func(c *net.TCPConn) { c.Close() }, true},
		{"reset", func(c *net.TCPConn) { c.SetLinger(0); c.Close() }, true},
		{"spoke", func(c *net.TCPConn) { io.WriteString(c, "HTTP/1.1 408 Request Timeout\r\n\r\n") }, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			c, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			s, err := ln.Accept()
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			tc.peer(s.(*net.TCPConn))
			time.Sleep(20 * time.Millisecond) // let the FIN, RST or bytes land
			if got := stale(c); got != tc.want {
				t.Errorf("stale = %v, want %v", got, tc.want)
			}
		})
	}
}

// The hand-written request is byte for byte what (*http.Request).Write
// writes, or is left to it.
func TestWritePlainGet(t *testing.T) {
	t.Parallel()
	cases := []struct {
		url, referer string
		plain        bool
	}{
		{"http://example.com", "", true},
		{"http://example.com/", "", true},
		{"https://example.com:8443/a/b?q=1&r=%20x", "", true},
		{"http://127.0.0.1:8080/status", "http://127.0.0.1:8080/", true},
		{"http://[::1]:80/x", "", true},
		{"http://example.com/caf%C3%A9", "https://example.com/from", true},
		{"http://bücher.example/", "", false},
		{"http://[fe80::1%25eth0]:80/", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.url, func(t *testing.T) {
			u := mustURL(t, tc.url)
			var got bytes.Buffer
			if ok := writePlainGet(&got, u, tc.referer); ok != tc.plain {
				t.Fatalf("plain = %v, want %v", ok, tc.plain)
			}
			if !tc.plain {
				return
			}
			h := leanHeader.Clone()
			if tc.referer != "" {
				h.Set("Referer", tc.referer)
			}
			req := &http.Request{Method: http.MethodGet, URL: u, Host: u.Host, Header: h, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}
			var want bytes.Buffer
			if err := req.Write(&want); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("wrote\n%q\nwant\n%q", got.String(), want.String())
			}
		})
	}
}

// Idle lean connections hold no goroutine: with n idle connections to
// in-process servers, the only new goroutines are the servers' (one per
// connection), where the Transport adds two more per connection.
func TestLeanPoolIdleWithoutGoroutines(t *testing.T) {
	const n = 20
	var urls []string
	for range n {
		srv, _ := countedServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
		urls = append(urls, srv.URL)
	}
	pool := testPool(t, &ConnPool{})
	before := runtime.NumGoroutine()
	for _, u := range urls {
		if res := pooledGet(t, pool, u, HTTPOptions{}); res.Err != ErrNone {
			t.Fatalf("%s: %s", u, res.Error)
		}
	}
	time.Sleep(50 * time.Millisecond) // let the servers' per-request goroutines end
	if pool.IdleConns() != n {
		t.Fatalf("%d idle connections, want %d", pool.IdleConns(), n)
	}
	if added := runtime.NumGoroutine() - before; added > n+2 {
		t.Errorf("%d goroutines added for %d idle connections, want only the servers' %d", added, n, n)
	}
}

func TestLeanPoolCanceled(t *testing.T) {
	t.Parallel()
	srv, _ := countedServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}
		io.WriteString(w, "ok")
	}))
	pool := testPool(t, &ConnPool{})
	pooledGet(t, pool, srv.URL, HTTPOptions{}) // a kept connection to cancel on
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	res := HTTP(ctx, mustURL(t, srv.URL+"/slow"), HTTPOptions{Pool: pool, Timeout: 5 * time.Second})
	if res.Err != ErrCanceled || time.Since(start) > 2*time.Second {
		t.Errorf("got %q (%s) after %s, want canceled at once", res.Err, res.Error, time.Since(start))
	}
	if res := HTTP(ctx, mustURL(t, srv.URL), HTTPOptions{Pool: pool}); res.Err != ErrCanceled {
		t.Errorf("already canceled: got %q (%s)", res.Err, res.Error)
	}
}

// A connection in use while Refresh runs (a network change) is closed
// when its check ends, not kept for the next.
func TestLeanPoolRefreshDuringCheck(t *testing.T) {
	t.Parallel()
	inside, release := make(chan struct{}), make(chan struct{})
	srv, _ := countedServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(inside)
		<-release
		io.WriteString(w, "ok")
	}))
	pool := testPool(t, &ConnPool{})
	done := make(chan HTTPResult)
	go func() { done <- pooledGet(t, pool, srv.URL, HTTPOptions{}) }()
	<-inside
	pool.Refresh()
	close(release)
	if res := <-done; res.Err != ErrNone {
		t.Fatalf("check: %s", res.Error)
	}
	if got := pool.IdleConns(); got != 0 {
		t.Errorf("%d idle connections, want none from before the Refresh", got)
	}
}
