package checks

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestCanaryAnswers(t *testing.T) {
	t.Parallel()
	redirect := func(code int, loc string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if loc != "" {
				w.Header().Set("Location", loc)
			}
			w.WriteHeader(code)
		}
	}
	page := func(code int, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(code)
			io.WriteString(w, body)
		}
	}
	const self = "SELF" // stands for the canary URL itself (redacted)
	cases := []struct {
		name    string
		handler http.HandlerFunc
		online  bool
		captive bool
		portal  string // SELF+path is resolved against the server
		err     ErrKind
		detail  string
	}{
		{"204", page(204, ""), true, false, "", ErrNone, "answered 204"},
		{"200 empty", page(200, ""), true, false, "", ErrNone, "answered 200"},
		{"200 whitespace", page(200, " \r\n\t"), true, false, "", ErrNone, "answered 200"},
		{"302 absolute", redirect(302, "http://192.0.2.1/login"), false, true, "http://192.0.2.1/login", ErrNone, "redirected (302) to http://192.0.2.1/login"},
		{"302 https portal", redirect(302, "https://portal.gw.test:8443/auth"), false, true, "https://portal.gw.test:8443/auth", ErrNone, ""},
		{"307 relative", redirect(307, "/portal/login?sid=abc#top"), false, true, self + "/portal/login", ErrNone, "redirected (307)"},
		{"303 relative path", redirect(303, "login.html"), false, true, self + "/login.html", ErrNone, ""},
		{"301 scheme-relative", redirect(301, "//portal.gw.test/login"), false, true, "http://portal.gw.test/login", ErrNone, ""},
		{"302 credentials stripped", redirect(302, "http://guest:pw@portal.gw.test/x?mac=00:11"), false, true, "http://portal.gw.test/x", ErrNone, ""},
		{"302 javascript", redirect(302, "javascript:alert(document.cookie)"), false, true, self + "/generate_204", ErrNone, ""},
		{"302 javascript mixed case", redirect(302, "JaVaScRiPt:alert(1)"), false, true, self + "/generate_204", ErrNone, ""},
		{"302 file", redirect(302, "file:///etc/passwd"), false, true, self + "/generate_204", ErrNone, ""},
		{"302 data", redirect(302, "data:text/html,<script>x</script>"), false, true, self + "/generate_204", ErrNone, ""},
		{"302 no host", redirect(302, "http:///nohost"), false, true, self + "/generate_204", ErrNone, ""},
		{"302 no location", redirect(302, ""), false, true, self + "/generate_204", ErrNone, ""},
		{"200 login page", page(200, "<html><form action=/login>Sign in to Hotel WiFi</form></html>"), false, true, self + "/generate_204", ErrNone, "login page"},
		{"511 with location", redirect(511, "http://192.0.2.1/splash"), false, true, "http://192.0.2.1/splash", ErrNone, "sign in"},
		{"511 bare", page(511, "<html>Network Authentication Required</html>"), false, true, self + "/generate_204", ErrNone, "answered 511"},
		{"407", page(407, ""), false, true, self + "/generate_204", ErrNone, "answered 407"},
		{"500", page(500, "oops"), false, false, "", ErrProtocol, "answered 500, expected 204"},
		{"404", page(404, ""), false, false, "", ErrProtocol, "answered 404"},
		{"403", page(403, "blocked"), false, false, "", ErrProtocol, "answered 403"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(tc.handler)
			defer srv.Close()
			res := Canary(context.Background(), mustURL(t, srv.URL+"/generate_204?probe=1"), CanaryOptions{Timeout: 5 * time.Second})
			if res.Online != tc.online || res.Captive != tc.captive || res.Err != tc.err {
				t.Fatalf("Online %v Captive %v Err %q (%s), want %v %v %q", res.Online, res.Captive, res.Err, res.Detail, tc.online, tc.captive, tc.err)
			}
			want := strings.Replace(tc.portal, self, srv.URL, 1)
			if res.PortalURL != want {
				t.Errorf("PortalURL = %q, want %q", res.PortalURL, want)
			}
			if tc.detail != "" && !strings.Contains(res.Detail, tc.detail) {
				t.Errorf("Detail %q lacks %q", res.Detail, tc.detail)
			}
			if res.URL != srv.URL+"/generate_204" {
				t.Errorf("URL = %q, want it redacted", res.URL)
			}
			if res.Status == 0 || res.Date.IsZero() {
				t.Errorf("Status %d Date %v, want both from the answer", res.Status, res.Date)
			}
		})
	}
}

func TestCanaryFailures(t *testing.T) {
	t.Parallel()
	silent := rawLoopbackServer(t, func(c net.Conn) {
		io.Copy(io.Discard, c)
	})
	garbage := rawLoopbackServer(t, answerWith("SSH-2.0-OpenSSH_9.6\r\n"))
	flood := rawLoopbackServer(t, func(c net.Conn) {
		if _, _, err := readHead(c); err != nil {
			return
		}
		io.WriteString(c, "HTTP/1.1 204 No Content\r\n")
		for i := 0; i < 100; i++ {
			if _, err := io.WriteString(c, "X-Flood: "+strings.Repeat("f", 1000)+"\r\n"); err != nil {
				return
			}
		}
	})
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	cases := []struct {
		name    string
		ctx     context.Context
		addr    string
		timeout time.Duration
		err     ErrKind
	}{
		{"refused", context.Background(), deadLoopbackAddr(t), 5 * time.Second, ErrRefused},
		{"silent", context.Background(), silent, 300 * time.Millisecond, ErrTimeout},
		{"garbage", context.Background(), garbage, 5 * time.Second, ErrProtocol},
		{"header flood", context.Background(), flood, 5 * time.Second, ErrTooLarge},
		{"canceled", canceled, silent, 5 * time.Second, ErrCanceled},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := Canary(tc.ctx, mustURL(t, "http://"+tc.addr+"/generate_204"), CanaryOptions{Timeout: tc.timeout})
			if res.Err != tc.err || res.Online || res.Captive {
				t.Errorf("Err %q Online %v Captive %v (%s), want %q only", res.Err, res.Online, res.Captive, res.Detail, tc.err)
			}
			if !strings.HasPrefix(res.Detail, "no answer from "+tc.addr) {
				t.Errorf("Detail %q", res.Detail)
			}
			if res.Elapsed > 10*tc.timeout {
				t.Errorf("took %s with a %s timeout", res.Elapsed, tc.timeout)
			}
		})
	}
}

func TestCanaryPinned(t *testing.T) {
	t.Parallel()
	var saw sawPair
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		saw.set(r.Host, r.UserAgent())
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	port := portOf(t, srv.Listener.Addr().String())
	res := Canary(context.Background(), mustURL(t, "http://connectivity.gw.test:"+port+"/generate_204"), CanaryOptions{DialAddr: loopback4, Timeout: 5 * time.Second})
	if !res.Online || res.Err != ErrNone {
		t.Fatalf("Online %v Err %q (%s)", res.Online, res.Err, res.Detail)
	}
	gotHost, gotUA := saw.get()
	if gotHost != "connectivity.gw.test:"+port || gotUA != UserAgent {
		t.Errorf("server saw Host %q User-Agent %q", gotHost, gotUA)
	}
	if !strings.Contains(res.Detail, "connectivity.gw.test:"+port) {
		t.Errorf("Detail %q, want the canary's name", res.Detail)
	}
}

// TestCanaryIgnoresEnvProxy: OS detectors go direct, and so must we, or a
// proxy's own answer would pass for the internet's. Not parallel: it sets
// the environment.
func TestCanaryIgnoresEnvProxy(t *testing.T) {
	p := startFakeProxy(t, func(c net.Conn, _ *bufio.Reader, _ *http.Request) {
		io.WriteString(c, "HTTP/1.1 204 No Content\r\n\r\n")
	})
	t.Setenv("HTTP_PROXY", "http://"+p.addr)
	t.Setenv("http_proxy", "http://"+p.addr)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	port := portOf(t, srv.Listener.Addr().String())
	u := mustURL(t, "http://connectivity.gw.test:"+port+"/generate_204")
	if res := Canary(context.Background(), u, CanaryOptions{DialAddr: loopback4, Timeout: 5 * time.Second}); !res.Online {
		t.Errorf("canary: Online false (%s)", res.Detail)
	}
	if res := HTTP(context.Background(), u, HTTPOptions{DialAddr: loopback4, Timeout: 5 * time.Second}); res.Status != 204 || res.Proxy != "" {
		t.Errorf("http: %d Proxy %q (%s)", res.Status, res.Proxy, res.Error)
	}
	if seen, _ := p.requests(); len(seen) != 0 {
		t.Errorf("the environment's proxy was used: %q", seen)
	}
}

func TestPortalFromLocation(t *testing.T) {
	t.Parallel()
	base := mustURL(t, "http://connectivity.gw.test/generate_204?x=1")
	const self = "http://connectivity.gw.test/generate_204"
	cases := []struct{ loc, want string }{
		{"", self},
		{"http://192.0.2.1/login", "http://192.0.2.1/login"},
		{"https://portal.gw.test/a?b=c#d", "https://portal.gw.test/a"},
		{"/login", "http://connectivity.gw.test/login"},
		{"login", "http://connectivity.gw.test/login"},
		{"../up", "http://connectivity.gw.test/up"},
		{"//portal.gw.test/x", "http://portal.gw.test/x"},
		{"HTTP://PORTAL.gw.test/x", "http://PORTAL.gw.test/x"},
		{"javascript:alert(1)", self},
		{"vbscript:msgbox(1)", self},
		{"file:///etc/passwd", self},
		{"file://host/share", self},
		{"data:text/html;base64,PHNjcmlwdD4=", self},
		{"ftp://portal.gw.test/", self},
		{"mailto:a@b.test", self},
		{"http://", self},
		{"http://%zz", self},
		{"\x00http://x", self},
	}
	for _, tc := range cases {
		if got := portalFromLocation(base, tc.loc); got != tc.want {
			t.Errorf("portalFromLocation(%q) = %q, want %q", tc.loc, got, tc.want)
		}
	}
}
