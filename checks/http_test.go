package checks

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

var loopback4 = netip.MustParseAddr("127.0.0.1")

// rawLoopbackServer accepts TCP connections on 127.0.0.1:0 and hands each
// to serve. It exists for the hostile servers httptest cannot play: broken
// status lines, trickled headers, resets. Every connection gets a hard
// deadline so a mistaken test cannot hang, and cleanup waits for serve.
func rawLoopbackServer(t *testing.T, serve func(c net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(15 * time.Second))
				serve(c)
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		wg.Wait()
	})
	return ln.Addr().String()
}

// readHead reads one request head, so a raw server answers only after the
// client has sent everything (closing with unread data would reset early).
func readHead(c net.Conn) (*http.Request, *bufio.Reader, error) {
	br := bufio.NewReader(c)
	req, err := http.ReadRequest(br)
	if err != nil {
		return nil, br, fmt.Errorf("read request: %w", err)
	}
	return req, br, nil
}

// deadLoopbackAddr returns a 127.0.0.1 address nothing listens on.
func deadLoopbackAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatalf("parse %q: %v", s, err)
	}
	return u
}

func portOf(t *testing.T, addr string) string {
	t.Helper()
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatalf("split %q: %v", addr, err)
	}
	return port
}

// sawPair records two things a handler saw. The lock is for the race
// detector, which does not count a TCP round trip as synchronisation.
type sawPair struct {
	mu   sync.Mutex
	a, b string
}

func (s *sawPair) set(a, b string) { s.mu.Lock(); s.a, s.b = a, b; s.mu.Unlock() }

func (s *sawPair) get() (string, string) { s.mu.Lock(); defer s.mu.Unlock(); return s.a, s.b }

func TestHTTPOKPhases(t *testing.T) {
	t.Parallel()
	var saw sawPair
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		saw.set(r.UserAgent(), r.Header.Get("Cache-Control"))
		w.Header().Set("X-Served-By", "origin")
		io.WriteString(w, "hello")
	}))
	defer srv.Close()

	res := HTTP(context.Background(), mustURL(t, srv.URL+"/ok"), HTTPOptions{Timeout: 5 * time.Second})
	if res.Err != ErrNone || res.Error != "" {
		t.Fatalf("Err = %q (%s), want none", res.Err, res.Error)
	}
	if !res.OK() || !res.Answered() {
		t.Errorf("OK() = %v, Answered() = %v, want both true", res.OK(), res.Answered())
	}
	if res.Status != 200 || res.Proto != "HTTP/1.1" {
		t.Errorf("status %d %s, want 200 HTTP/1.1", res.Status, res.Proto)
	}
	if string(res.Body) != "hello" || res.BodyTruncated {
		t.Errorf("body %q truncated=%v, want hello untruncated", res.Body, res.BodyTruncated)
	}
	if res.Header.Get("X-Served-By") != "origin" {
		t.Errorf("header X-Served-By = %q", res.Header.Get("X-Served-By"))
	}
	if res.URL != srv.URL+"/ok" || res.FinalURL != srv.URL+"/ok" {
		t.Errorf("URL %q FinalURL %q", res.URL, res.FinalURL)
	}
	if res.RemoteAddr != srv.Listener.Addr().String() {
		t.Errorf("RemoteAddr = %q, want %q", res.RemoteAddr, srv.Listener.Addr())
	}
	if res.Phases.Connect <= 0 || res.Phases.FirstByte <= 0 {
		t.Errorf("phases not filled: %+v", res.Phases)
	}
	if res.Phases.TLS != 0 || res.Phases.DNS != 0 {
		t.Errorf("plain http to an IP should have no TLS or DNS phase: %+v", res.Phases)
	}
	if res.Date.IsZero() {
		t.Error("Date not parsed from the server's Date header")
	}
	if res.Elapsed <= 0 {
		t.Error("Elapsed not set")
	}
	gotUA, gotCC := saw.get()
	if gotUA != UserAgent || gotCC != "no-cache" {
		t.Errorf("server saw User-Agent %q Cache-Control %q", gotUA, gotCC)
	}
}

func TestHTTPTLSPinned(t *testing.T) {
	t.Parallel()
	pki := newTestPKI(t)
	now := time.Now()
	cert := pki.leaf(t, "shop.gw.test", []string{"shop.gw.test"}, now.Add(-time.Hour), now.Add(30*24*time.Hour))
	var saw sawPair
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		saw.set(r.Host, r.TLS.ServerName)
		w.WriteHeader(http.StatusNoContent)
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	defer srv.Close()
	port := portOf(t, srv.Listener.Addr().String())

	res := HTTP(context.Background(), mustURL(t, "https://shop.gw.test:"+port+"/"), HTTPOptions{
		Timeout:   5 * time.Second,
		DialAddr:  loopback4,
		TLSConfig: &tls.Config{RootCAs: pki.pool},
	})
	if res.Err != ErrNone || res.Status != 204 {
		t.Fatalf("got %d %q (%s), want 204", res.Status, res.Err, res.Error)
	}
	gotHost, gotSNI := saw.get()
	if gotHost != "shop.gw.test:"+port || gotSNI != "shop.gw.test" {
		t.Errorf("server saw Host %q SNI %q, want the URL's name", gotHost, gotSNI)
	}
	if res.Phases.TLS <= 0 || res.Phases.Connect <= 0 || res.Phases.FirstByte <= 0 {
		t.Errorf("phases not filled: %+v", res.Phases)
	}
	if res.Phases.DNS != 0 {
		t.Errorf("a pinned dial must not resolve: DNS phase %s", res.Phases.DNS)
	}
	if res.RemoteAddr != srv.Listener.Addr().String() {
		t.Errorf("RemoteAddr = %q, want %q", res.RemoteAddr, srv.Listener.Addr())
	}
}

func TestHTTPPinnedPlain(t *testing.T) {
	t.Parallel()
	var saw sawPair
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		saw.set(r.Host, r.RequestURI)
		io.WriteString(w, "shop")
	}))
	defer srv.Close()
	port := portOf(t, srv.Listener.Addr().String())

	res := HTTP(context.Background(), mustURL(t, "http://shop.gw.test:"+port+"/cart?id=7"), HTTPOptions{DialAddr: loopback4, Timeout: 5 * time.Second})
	if res.Err != ErrNone || res.Status != 200 || string(res.Body) != "shop" {
		t.Fatalf("got %d %q (%s) body %q", res.Status, res.Err, res.Error, res.Body)
	}
	gotHost, gotURI := saw.get()
	if gotHost != "shop.gw.test:"+port || gotURI != "/cart?id=7" {
		t.Errorf("server saw Host %q URI %q", gotHost, gotURI)
	}
}

func TestHTTPRetryAfter(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		status int
		header func() string
		min    time.Duration
		max    time.Duration
	}{
		{"503 seconds", 503, func() string { return "120" }, 120 * time.Second, 120 * time.Second},
		{"502 seconds padded", 502, func() string { return " 7 " }, 7 * time.Second, 7 * time.Second},
		// An HTTP date has whole seconds and the clock moves on: a range.
		{"503 http-date", 503, func() string { return time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat) }, 60 * time.Second, 91 * time.Second},
		{"503 absurd seconds capped", 503, func() string { return "99999999" }, 24 * time.Hour, 24 * time.Hour},
		{"503 absurd date capped", 503, func() string { return "Fri, 01 Jan 2100 00:00:00 GMT" }, 24 * time.Hour, 24 * time.Hour},
		{"503 past date", 503, func() string { return "Mon, 01 Jan 2001 00:00:00 GMT" }, 0, 0},
		{"503 negative", 503, func() string { return "-30" }, 0, 0},
		{"503 garbage", 503, func() string { return "soon" }, 0, 0},
		{"502 none", 502, func() string { return "" }, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if v := tc.header(); v != "" {
					w.Header().Set("Retry-After", v)
				}
				w.WriteHeader(tc.status)
				io.WriteString(w, "<h1>Bad gateway</h1>")
			}))
			defer srv.Close()
			res := HTTP(context.Background(), mustURL(t, srv.URL), HTTPOptions{Timeout: 5 * time.Second})
			if res.Status != tc.status || res.Err != ErrNone {
				t.Fatalf("got %d %q (%s), want %d", res.Status, res.Err, res.Error, tc.status)
			}
			if res.OK() || !res.Answered() {
				t.Errorf("a %d answer: OK() = %v, Answered() = %v", tc.status, res.OK(), res.Answered())
			}
			if res.RetryAfter < tc.min || res.RetryAfter > tc.max {
				t.Errorf("RetryAfter = %s, want in [%s, %s]", res.RetryAfter, tc.min, tc.max)
			}
		})
	}
}

// writeUntilFail writes n bytes of filler in chunks from one buffer, so the
// server itself allocates nothing per byte, and stops at the first error
// (the client hanging up).
func writeUntilFail(w io.Writer, n int) {
	chunk := bytes.Repeat([]byte("0123456789abcdef"), 2048) // 32 KiB
	for sent := 0; sent < n; sent += len(chunk) {
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
}

// TestHTTPHugeBody runs alone (not parallel) so that the heap growth it
// measures is its own.
func TestHTTPHugeBody(t *testing.T) {
	const huge = 50 << 20
	cases := []struct {
		name string
		head string
	}{
		{"content-length", fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Length: %d\r\nContent-Type: text/plain\r\n\r\n", huge)},
		{"close-delimited", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			addr := rawLoopbackServer(t, func(c net.Conn) {
				if _, _, err := readHead(c); err != nil {
					return
				}
				if _, err := io.WriteString(c, tc.head); err != nil {
					return
				}
				writeUntilFail(c, huge)
			})
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			res := HTTP(context.Background(), mustURL(t, "http://"+addr+"/big"), HTTPOptions{Timeout: 10 * time.Second})
			runtime.ReadMemStats(&after)

			if res.Err != ErrNone || res.Status != 200 {
				t.Fatalf("got %d %q (%s)", res.Status, res.Err, res.Error)
			}
			if int64(len(res.Body)) != DefaultMaxBody || !res.BodyTruncated {
				t.Errorf("body %d bytes truncated=%v, want %d and truncated", len(res.Body), res.BodyTruncated, DefaultMaxBody)
			}
			// Loose bound: the 50 MB must not pass through the heap.
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 8<<20 {
				t.Errorf("allocated %d bytes reading a capped body, want well under the 50 MB sent", grew)
			}
		})
	}
}

func TestHTTPBodyCapEdges(t *testing.T) {
	t.Parallel()
	cases := []struct {
		size      int
		truncated bool
	}{{0, false}, {9, false}, {10, false}, {11, true}, {5000, true}}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.size), func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Write(bytes.Repeat([]byte("x"), tc.size))
			}))
			defer srv.Close()
			res := HTTP(context.Background(), mustURL(t, srv.URL), HTTPOptions{MaxBody: 10, Timeout: 5 * time.Second})
			want := min(tc.size, 10)
			if len(res.Body) != want || res.BodyTruncated != tc.truncated {
				t.Errorf("body %d truncated=%v, want %d truncated=%v", len(res.Body), res.BodyTruncated, want, tc.truncated)
			}
		})
	}
}

func TestHTTPInvalidUTF8Body(t *testing.T) {
	t.Parallel()
	raw := []byte{'o', 'k', 0xff, 0xfe, 0xc3, 0x28, 0x00, 0xe2, 0x82}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(502)
		w.Write(raw)
	}))
	defer srv.Close()
	res := HTTP(context.Background(), mustURL(t, srv.URL), HTTPOptions{Timeout: 5 * time.Second})
	if res.Status != 502 || !bytes.Equal(res.Body, raw) {
		t.Errorf("got %d body %x, want 502 body %x verbatim", res.Status, res.Body, raw)
	}
}

// trickle writes s one byte per interval until done, or the client leaves.
func trickle(c net.Conn, s string, every time.Duration) {
	for i := 0; i < len(s); i++ {
		if _, err := c.Write([]byte{s[i]}); err != nil {
			return
		}
		time.Sleep(every)
	}
}

func TestHTTPSlowHeaders(t *testing.T) {
	t.Parallel()
	// 200 header bytes at one per 100 ms would take 20 s: far past the timeout.
	head := "HTTP/1.1 200 OK\r\nX-Slow: " + strings.Repeat("a", 200) + "\r\n\r\n"
	addr := rawLoopbackServer(t, func(c net.Conn) {
		if _, _, err := readHead(c); err != nil {
			return
		}
		trickle(c, head, 100*time.Millisecond)
	})
	const timeout = 500 * time.Millisecond
	res := HTTP(context.Background(), mustURL(t, "http://"+addr+"/"), HTTPOptions{Timeout: timeout})
	if res.Err != ErrTimeout {
		t.Errorf("Err = %q (%s), want timeout", res.Err, res.Error)
	}
	if res.Status != 0 || res.Answered() {
		t.Errorf("Status = %d, want no answer", res.Status)
	}
	if res.Elapsed > 10*timeout {
		t.Errorf("took %s with a %s timeout", res.Elapsed, timeout)
	}
}

func TestHTTPSlowBody(t *testing.T) {
	t.Parallel()
	addr := rawLoopbackServer(t, func(c net.Conn) {
		if _, _, err := readHead(c); err != nil {
			return
		}
		if _, err := io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nab"); err != nil {
			return
		}
		trickle(c, strings.Repeat("c", 98), 100*time.Millisecond)
	})
	const timeout = 500 * time.Millisecond
	res := HTTP(context.Background(), mustURL(t, "http://"+addr+"/"), HTTPOptions{Timeout: timeout})
	// The status line arrived: it is kept, and the broken body is noted.
	if res.Status != 200 {
		t.Errorf("Status = %d, want 200", res.Status)
	}
	if !strings.Contains(res.Error, "reading body") {
		t.Errorf("Error = %q, want a note about the body", res.Error)
	}
	if !bytes.HasPrefix(res.Body, []byte("ab")) {
		t.Errorf("Body = %q, want the part that arrived", res.Body)
	}
	if res.Elapsed > 10*timeout {
		t.Errorf("took %s with a %s timeout", res.Elapsed, timeout)
	}
}

func TestHTTPHeaderFlood(t *testing.T) {
	t.Parallel()
	addr := rawLoopbackServer(t, func(c net.Conn) {
		if _, _, err := readHead(c); err != nil {
			return
		}
		if _, err := io.WriteString(c, "HTTP/1.1 200 OK\r\n"); err != nil {
			return
		}
		line := "X-Flood: " + strings.Repeat("f", 1000) + "\r\n"
		for i := 0; i < 1000; i++ { // ~1 MB of headers, never ending them
			if _, err := io.WriteString(c, line); err != nil {
				return
			}
		}
	})
	res := HTTP(context.Background(), mustURL(t, "http://"+addr+"/"), HTTPOptions{MaxHeaderBytes: 4096, Timeout: 5 * time.Second})
	if res.Err != ErrTooLarge {
		t.Errorf("Err = %q (%s), want too-large", res.Err, res.Error)
	}
	if res.Status != 0 {
		t.Errorf("Status = %d, want none", res.Status)
	}
}

func TestHTTPRedirects(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/b", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/b", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/final", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/final", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "done")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close) // the subtests run after this function returns

	cases := []struct {
		name      string
		path      string
		max       int
		err       ErrKind
		status    int
		redirects int
		final     string
	}{
		{"loop", "/loop", 3, ErrRedirects, 0, 3, ""},
		{"loop default cap", "/loop", 0, ErrRedirects, 0, DefaultMaxRedirects, ""},
		{"chain", "/a", 3, ErrNone, 200, 2, "/final"},
		{"chain at the cap", "/a", 2, ErrNone, 200, 2, "/final"},
		{"chain over the cap", "/a", 1, ErrRedirects, 0, 1, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := HTTP(context.Background(), mustURL(t, srv.URL+tc.path), HTTPOptions{MaxRedirects: tc.max, Timeout: 5 * time.Second})
			if res.Err != tc.err || res.Status != tc.status {
				t.Fatalf("got %d %q (%s), want %d %q", res.Status, res.Err, res.Error, tc.status, tc.err)
			}
			if res.Redirects != tc.redirects {
				t.Errorf("Redirects = %d, want %d", res.Redirects, tc.redirects)
			}
			if tc.final != "" && res.FinalURL != srv.URL+tc.final {
				t.Errorf("FinalURL = %q, want %q", res.FinalURL, srv.URL+tc.final)
			}
			if tc.final != "" && string(res.Body) != "done" {
				t.Errorf("Body = %q", res.Body)
			}
		})
	}
}

func TestHTTPBrokenServers(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		serve func(c net.Conn)
		want  ErrKind
	}{
		{"non-numeric status", answerWith("HTTP/1.1 abc\r\n\r\n"), ErrProtocol},
		{"ssh banner", func(c net.Conn) {
			// An SSH server speaks first and never reads HTTP: net/http
			// either parses the banner as a status line or, when it comes
			// before the request is sent, drops it as unsolicited.
			io.WriteString(c, "SSH-2.0-OpenSSH_9.6\r\n")
			time.Sleep(50 * time.Millisecond)
		}, ErrProtocol},
		{"ssh banner after the request", answerWith("SSH-2.0-OpenSSH_9.6\r\n"), ErrProtocol},
		{"bad version", answerWith("HTTQ/1.1 200 OK\r\n\r\n"), ErrProtocol},
		{"bad header line", answerWith("HTTP/1.1 200 OK\r\nnot a header\r\n\r\n"), ErrProtocol},
		{"binary", answerWith("\x16\x03\x01\x00\x05hello\r\n\r\n"), ErrProtocol},
		{"reset mid-headers", func(c net.Conn) {
			if _, _, err := readHead(c); err != nil {
				return
			}
			io.WriteString(c, "HTTP/1.1 200 OK\r\nServer: half")
			time.Sleep(20 * time.Millisecond) // let the bytes land before the RST
			c.(*net.TCPConn).SetLinger(0)     // close with RST, not FIN
		}, ErrReset},
		{"closed mid-headers", answerWith("HTTP/1.1 200 OK\r\nServer: half"), ErrReset},
		{"closed without a word", answerWith(""), ErrReset},
		{"reset without a word", func(c net.Conn) {
			if _, _, err := readHead(c); err != nil {
				return
			}
			c.(*net.TCPConn).SetLinger(0)
		}, ErrReset},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			addr := rawLoopbackServer(t, tc.serve)
			res := HTTP(context.Background(), mustURL(t, "http://"+addr+"/"), HTTPOptions{Timeout: 5 * time.Second})
			if res.Err != tc.want {
				t.Errorf("Err = %q (%s), want %q", res.Err, res.Error, tc.want)
			}
			if res.Status != 0 || res.Error == "" {
				t.Errorf("Status %d Error %q, want no status and an error text", res.Status, res.Error)
			}
		})
	}
}

// answerWith reads the request, writes s and closes.
func answerWith(s string) func(c net.Conn) {
	return func(c net.Conn) {
		if _, _, err := readHead(c); err != nil {
			return
		}
		io.WriteString(c, s)
	}
}

func TestHTTPRefused(t *testing.T) {
	t.Parallel()
	addr := deadLoopbackAddr(t)
	res := HTTP(context.Background(), mustURL(t, "http://"+addr+"/x?token=SECRET"), HTTPOptions{Timeout: 5 * time.Second})
	if res.Err != ErrRefused {
		t.Errorf("Err = %q (%s), want refused", res.Err, res.Error)
	}
	if strings.Contains(res.Error, "SECRET") {
		t.Errorf("Error %q carries the query string", res.Error)
	}
}

func TestHTTPCanceled(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res := HTTP(ctx, mustURL(t, srv.URL), HTTPOptions{})
	if res.Err != ErrCanceled {
		t.Errorf("Err = %q (%s), want canceled", res.Err, res.Error)
	}
}

// fakeProxy plays an HTTP proxy: answer gets each request (CONNECT or an
// absolute-URI GET) and writes the reply; seen collects request lines.
type fakeProxy struct {
	addr string
	mu   sync.Mutex
	seen []string
	auth []string
}

func startFakeProxy(t *testing.T, answer func(c net.Conn, br *bufio.Reader, req *http.Request)) *fakeProxy {
	t.Helper()
	p := &fakeProxy{}
	p.addr = rawLoopbackServer(t, func(c net.Conn) {
		req, br, err := readHead(c)
		if err != nil {
			return
		}
		p.mu.Lock()
		p.seen = append(p.seen, req.Method+" "+req.RequestURI)
		p.auth = append(p.auth, req.Header.Get("Proxy-Authorization"))
		p.mu.Unlock()
		answer(c, br, req)
	})
	return p
}

func (p *fakeProxy) requests() ([]string, []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.seen...), append([]string(nil), p.auth...)
}

const squidPage = "<html><body>ERROR: The requested URL could not be retrieved</body></html>"

func squidReply(status string) string {
	return "HTTP/1.1 " + status + "\r\nServer: squid/6.6\r\nX-Squid-Error: ERR_CONNECT_FAIL 111\r\n" +
		"Content-Type: text/html\r\nContent-Length: " + fmt.Sprint(len(squidPage)) + "\r\nConnection: close\r\n\r\n" + squidPage
}

func TestHTTPProxyConnectRefused(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		reply  string
		status int
		header string // a header that must be in ProxyHeader
	}{
		{"squid 502", squidReply("502 Bad Gateway"), 502, "X-Squid-Error"},
		{"squid 503", squidReply("503 Service Unavailable"), 503, "X-Squid-Error"},
		{"auth required", "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\nContent-Length: 0\r\n\r\n", 407, "Proxy-Authenticate"},
		{"forbidden", "HTTP/1.1 403 Forbidden\r\nServer: squid\r\nContent-Length: 0\r\n\r\n", 403, "Server"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := startFakeProxy(t, func(c net.Conn, _ *bufio.Reader, _ *http.Request) {
				io.WriteString(c, tc.reply)
			})
			res := HTTP(context.Background(), mustURL(t, "https://shop.gw.test/cart"), HTTPOptions{
				Proxy: mustURL(t, "http://alice:s3cret@"+p.addr),
				// Through a proxy the pin must not apply: were it used,
				// the dial would go to 127.0.0.2 and be refused.
				DialAddr: netip.MustParseAddr("127.0.0.2"),
				Timeout:  5 * time.Second,
			})
			if res.Err != ErrProxy || res.ProxyStatus != tc.status {
				t.Fatalf("Err %q ProxyStatus %d (%s), want proxy %d", res.Err, res.ProxyStatus, res.Error, tc.status)
			}
			if res.ProxyHeader.Get(tc.header) == "" {
				t.Errorf("ProxyHeader lacks %s: %v", tc.header, res.ProxyHeader)
			}
			if tc.header == "X-Squid-Error" {
				if got := res.ProxyHeader.Get("X-Squid-Error"); got != "ERR_CONNECT_FAIL 111" {
					t.Errorf("X-Squid-Error = %q", got)
				}
				if got := res.ProxyHeader.Get("Server"); !strings.HasPrefix(got, "squid") {
					t.Errorf("Server = %q, want squid", got)
				}
			}
			if res.Status != 0 {
				t.Errorf("Status = %d: the site never answered", res.Status)
			}
			if !strings.Contains(res.Error, fmt.Sprint(tc.status)) {
				t.Errorf("Error %q does not name the proxy's status", res.Error)
			}
			if res.Proxy != "http://"+p.addr || strings.Contains(res.Proxy, "s3cret") {
				t.Errorf("Proxy = %q, want it without credentials", res.Proxy)
			}
			seen, auth := p.requests()
			if len(seen) != 1 || seen[0] != "CONNECT shop.gw.test:443" {
				t.Errorf("proxy saw %q, want one CONNECT shop.gw.test:443", seen)
			}
			if len(auth) != 1 || !strings.HasPrefix(auth[0], "Basic ") {
				t.Errorf("proxy saw Proxy-Authorization %q, want Basic credentials", auth)
			}
		})
	}
}

func TestHTTPProxyPlainHTTPErrorPage(t *testing.T) {
	t.Parallel()
	p := startFakeProxy(t, func(c net.Conn, _ *bufio.Reader, _ *http.Request) {
		io.WriteString(c, squidReply("502 Bad Gateway"))
	})
	res := HTTP(context.Background(), mustURL(t, "http://shop.gw.test/cart?id=1"), HTTPOptions{
		Proxy:   mustURL(t, "http://"+p.addr),
		Timeout: 5 * time.Second,
	})
	// For http:// there is no tunnel: the proxy's page is the response.
	if res.Err != ErrNone || res.Status != 502 || res.ProxyStatus != 0 {
		t.Fatalf("got %d %q ProxyStatus %d (%s), want a plain 502", res.Status, res.Err, res.ProxyStatus, res.Error)
	}
	if res.Header.Get("X-Squid-Error") != "ERR_CONNECT_FAIL 111" || !strings.HasPrefix(res.Header.Get("Server"), "squid") {
		t.Errorf("headers %v, want the proxy's", res.Header)
	}
	if string(res.Body) != squidPage {
		t.Errorf("Body = %q", res.Body)
	}
	if seen, _ := p.requests(); len(seen) != 1 || seen[0] != "GET http://shop.gw.test/cart?id=1" {
		t.Errorf("proxy saw %q", seen)
	}
}

func TestHTTPProxyTunnel(t *testing.T) {
	t.Parallel()
	pki := newTestPKI(t)
	now := time.Now()
	cert := pki.leaf(t, "shop.gw.test", []string{"shop.gw.test"}, now.Add(-time.Hour), now.Add(24*time.Hour))
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "through")
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	defer srv.Close()
	backend := srv.Listener.Addr().String()

	p := startFakeProxy(t, func(c net.Conn, br *bufio.Reader, req *http.Request) {
		// Whatever the CONNECT names, this proxy only reaches the backend.
		up, err := net.Dial("tcp", backend)
		if err != nil {
			io.WriteString(c, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
			return
		}
		defer up.Close()
		io.WriteString(c, "HTTP/1.1 200 Connection established\r\n\r\n")
		done := make(chan struct{})
		go func() { io.Copy(up, br); up.(*net.TCPConn).CloseWrite(); close(done) }()
		io.Copy(c, up)
		c.Close()
		<-done
	})
	res := HTTP(context.Background(), mustURL(t, "https://shop.gw.test/"), HTTPOptions{
		Proxy:     mustURL(t, "http://"+p.addr),
		TLSConfig: &tls.Config{RootCAs: pki.pool},
		Timeout:   5 * time.Second,
	})
	if res.Err != ErrNone || res.Status != 200 || string(res.Body) != "through" {
		t.Fatalf("got %d %q (%s) body %q", res.Status, res.Err, res.Error, res.Body)
	}
	if res.ProxyStatus != 0 || res.ProxyHeader != nil {
		t.Errorf("ProxyStatus %d ProxyHeader %v after a good tunnel", res.ProxyStatus, res.ProxyHeader)
	}
	if res.Phases.TLS <= 0 {
		t.Errorf("TLS phase not measured through the tunnel: %+v", res.Phases)
	}
}

func TestRedact(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"http://user:pass@shop.gw.test/p?q=1#frag", "http://shop.gw.test/p"},
		{"https://u@shop.gw.test:8443/a/b?token=x", "https://shop.gw.test:8443/a/b"},
		{"http://proxy.gw.test:3128", "http://proxy.gw.test:3128"},
		{"https://shop.gw.test/?", "https://shop.gw.test/"},
		{"https://shop.gw.test/#", "https://shop.gw.test/"},
		{"http://[2001:db8::1]:80/x?y", "http://[2001:db8::1]:80/x"},
		{"socks5://a:b@127.0.0.1:1080", "socks5://127.0.0.1:1080"},
	}
	for _, tc := range cases {
		u := mustURL(t, tc.in)
		before := u.String()
		if got := Redact(u); got != tc.want {
			t.Errorf("Redact(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if u.String() != before {
			t.Errorf("Redact changed its argument: %q, was %q", u, before)
		}
	}
	if got := Redact(nil); got != "" {
		t.Errorf("Redact(nil) = %q", got)
	}
}

func TestPhasesJSONInMilliseconds(t *testing.T) {
	p := Phases{DNS: 2 * time.Millisecond, Connect: 1500 * time.Microsecond, TLS: 0, FirstByte: 40 * time.Millisecond}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"dns_ms":2,"connect_ms":1.5,"tls_ms":0,"first_byte_ms":40}`; string(b) != want {
		t.Errorf("JSON %s, want %s", b, want)
	}
	var back Phases
	if err := json.Unmarshal(b, &back); err != nil || back != p {
		t.Errorf("round trip %+v, %v", back, err)
	}
}
