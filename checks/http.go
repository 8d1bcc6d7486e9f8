package checks

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Defaults for the HTTP probe. They bound what a hostile server can make us
// hold in memory or wait for.
const (
	DefaultHTTPTimeout    = 5 * time.Second
	DefaultMaxBody        = 64 << 10
	DefaultMaxHeaderBytes = 64 << 10
	DefaultMaxRedirects   = 10
)

// UserAgent identifies gatewatch's requests so site operators can tell a
// monitor from a person.
const UserAgent = "gatewatch/0.1 (+desktop connectivity check)"

// HTTPOptions configure one HTTP probe.
type HTTPOptions struct {
	Timeout        time.Duration // the whole request, body included
	MaxBody        int64         // bytes of body kept
	MaxHeaderBytes int64         // response header cap
	MaxRedirects   int
	Proxy          *url.URL    // nil: direct
	DialAddr       netip.Addr  // when valid, connect here instead of resolving the host (Host and SNI stay)
	TLSConfig      *tls.Config // nil: system roots
	Method         string      // default GET
	// MSS, when positive, clamps the connection's maximum TCP segment size
	// (TCP_MAXSEG before connect; Linux and macOS): MSSRetry's small-segment
	// look at a path that drops large packets.
	MSS int
	// Pool, when set, lends a keep-alive connection to a direct request
	// (no proxy, no pinned address): the monitor's routine checks of a
	// working site, as a browser would reuse its connection. Diagnoses
	// leave it nil and always see the network afresh.
	Pool *ConnPool
}

// ConnPool is a bounded set of idle keep-alive connections shared by
// routine checks. Its phases show zero DNS, connect and TLS time when a
// connection was reused. A plain GET goes the lean way (keepalive.go:
// idle connections without goroutines); anything unusual through a
// Transport that keeps connections too. Safe for concurrent use.
type ConnPool struct {
	// MaxIdle bounds idle connections across all hosts (lean and
	// Transport each); default 2048.
	MaxIdle int
	// IdleTimeout closes a connection unused for this long; default 90s.
	IdleTimeout time.Duration

	mu       sync.Mutex
	tr       *http.Transport
	sessions *sessionCache
	tlsBase  *tls.Config
	dialer   func(ctx context.Context, network, addr string) (net.Conn, error)
	// The lean path's idle connections, by host, and the hosts whose TLS
	// refused the "http/1.1" ALPN offer (they take the Transport).
	idle   map[poolKey]*keptConn
	nidle  int
	swept  time.Time
	noALPN map[poolKey]struct{}
	gen    int // counts Refresh calls: a connection in use across one is not kept
	// viaTransport sends every request through the Transport (benchmarks
	// compare the two paths).
	viaTransport bool
}

// setup creates the shared parts on the first request, with its timeouts
// and TLS settings (the monitor's are the same for every check).
func (p *ConnPool) setup(opt HTTPOptions) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tr != nil {
		return
	}
	// Tickets for more hosts than idle connections: most checks of a
	// long list find their connection closed but their session kept.
	p.sessions = newSessionCache(1024)
	tc := &tls.Config{}
	if opt.TLSConfig != nil {
		tc = opt.TLSConfig.Clone()
	}
	if tc.ClientSessionCache == nil {
		tc.ClientSessionCache = p.sessions
	}
	p.tlsBase = tc
	p.dialer = pinnedDial(netip.Addr{})
	p.tr = &http.Transport{
		DialContext:            p.dialer,
		TLSClientConfig:        tc,
		DisableCompression:     true,
		MaxResponseHeaderBytes: opt.MaxHeaderBytes,
		TLSHandshakeTimeout:    opt.Timeout,
		ResponseHeaderTimeout:  opt.Timeout,
		MaxIdleConns:           p.maxIdle(),
		MaxIdleConnsPerHost:    2,
		IdleConnTimeout:        p.idleTimeout(),
		// Small buffers: an idle connection should cost little.
		ReadBufferSize:  2 << 10,
		WriteBufferSize: 1 << 10,
	}
}

// transport is the pool's Transport, for the requests the lean path
// does not take.
func (p *ConnPool) transport(opt HTTPOptions) *http.Transport {
	p.setup(opt)
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.tr
}

// Refresh closes the idle connections and forgets the TLS sessions, so
// that the next checks connect afresh (DNS, route and certificate changes
// are then seen).
func (p *ConnPool) Refresh() {
	p.closeIdle()
	p.mu.Lock()
	tr, sessions := p.tr, p.sessions
	p.mu.Unlock()
	if tr != nil {
		tr.CloseIdleConnections()
		sessions.Reset()
	}
}

func (o *HTTPOptions) defaults() {
	if o.Timeout <= 0 {
		o.Timeout = DefaultHTTPTimeout
	}
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
	if o.MaxHeaderBytes <= 0 {
		o.MaxHeaderBytes = DefaultMaxHeaderBytes
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = DefaultMaxRedirects
	}
	if o.Method == "" {
		o.Method = http.MethodGet
	}
}

// Phases are the httptrace timings of the last request made (after redirects).
type Phases struct {
	DNS       time.Duration `json:"dns_ms"`
	Connect   time.Duration `json:"connect_ms"`
	TLS       time.Duration `json:"tls_ms"`
	FirstByte time.Duration `json:"first_byte_ms"`
}

// HTTPResult is what one GET saw.
type HTTPResult struct {
	URL           string
	FinalURL      string
	Status        int
	Proto         string
	Header        http.Header
	Body          []byte
	BodyTruncated bool
	Redirects     int
	RemoteAddr    string
	CertNames     []string    // the names the final response's certificate is for (https only)
	Proxy         string      // proxy used, credentials removed; "" direct
	ProxyStatus   int         // status of a failed CONNECT, 0 when none
	ProxyHeader   http.Header // headers of that CONNECT answer (who generated it)
	// TLSIssuers are the issuers of the certificates the site presented,
	// leaf first, then the subject of the root it verified to (https
	// only): an inspecting network's authority shows here even when the
	// site works (checks.InterceptionProduct).
	TLSIssuers []string
	RetryAfter time.Duration
	Date       time.Time     // the server's Date header, for clock-skew checks
	Skew       time.Duration // local clock minus Date when the headers arrived; 0 without a Date
	Phases     Phases
	// Stage is how far a failed request got (StageConnect, StageTLS,
	// StageWaiting); "" when it got an answer or failed before connecting.
	Stage Stage
	// Waited is how long a request that was sent waited for the first
	// byte of its answer before it failed (StageWaiting only).
	Waited  time.Duration
	Err     ErrKind
	Error   string
	Elapsed time.Duration
}

// Answered reports whether an HTTP response (any status) came back.
func (r HTTPResult) Answered() bool { return r.Status > 0 }

// OK reports a usable answer: a response below 500.
func (r HTTPResult) OK() bool { return r.Err == ErrNone && r.Status > 0 && r.Status < 500 }

// HTTP performs one GET of target with phase timings, capped body, headers
// and redirects. Without opt.Pool it never reuses connections: each probe
// sees the network as a fresh browser tab would.
func HTTP(ctx context.Context, target *url.URL, opt HTTPOptions) HTTPResult {
	opt.defaults()
	start := time.Now()
	res := HTTPResult{URL: target.String()}
	if opt.Proxy != nil {
		res.Proxy = Redact(opt.Proxy)
	}
	if leanFits(target, opt) {
		lean := res
		if err := opt.Pool.leanHTTP(ctx, target, opt, &lean, start); !errors.Is(err, errFallback) {
			return lean
		}
	}
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()

	var mu sync.Mutex // trace callbacks run on transport goroutines
	var t struct {
		dns, conn, tls, wrote time.Time
		connDone, tlsDone     bool
	}
	trace := &httptrace.ClientTrace{
		DNSStart: func(httptrace.DNSStartInfo) { mu.Lock(); t.dns = time.Now(); mu.Unlock() },
		DNSDone: func(httptrace.DNSDoneInfo) {
			mu.Lock()
			res.Phases.DNS = time.Since(t.dns)
			mu.Unlock()
		},
		ConnectStart: func(string, string) { mu.Lock(); t.conn = time.Now(); mu.Unlock() },
		ConnectDone: func(_, _ string, err error) {
			mu.Lock()
			res.Phases.Connect = time.Since(t.conn)
			t.connDone = err == nil
			mu.Unlock()
		},
		TLSHandshakeStart: func() { mu.Lock(); t.tls = time.Now(); mu.Unlock() },
		TLSHandshakeDone: func(_ tls.ConnectionState, err error) {
			mu.Lock()
			res.Phases.TLS = time.Since(t.tls)
			t.tlsDone = err == nil
			mu.Unlock()
		},
		GotConn: func(info httptrace.GotConnInfo) {
			mu.Lock()
			t.connDone, t.tlsDone = true, true // a reused connection is past both
			res.RemoteAddr = info.Conn.RemoteAddr().String()
			mu.Unlock()
		},
		WroteRequest: func(httptrace.WroteRequestInfo) { mu.Lock(); t.wrote = time.Now(); mu.Unlock() },
		GotFirstResponseByte: func() {
			mu.Lock()
			if !t.wrote.IsZero() {
				res.Phases.FirstByte = time.Since(t.wrote)
			}
			mu.Unlock()
		},
	}

	pin := opt.DialAddr
	if opt.Proxy != nil {
		pin = netip.Addr{} // through a proxy the proxy resolves the host
	}
	var rt http.RoundTripper
	if opt.Pool != nil && opt.Proxy == nil && !opt.DialAddr.IsValid() {
		rt = opt.Pool.transport(opt)
	} else {
		tr := &http.Transport{
			DialContext:            pinnedDialMSS(pin, opt.MSS),
			TLSClientConfig:        opt.TLSConfig,
			DisableKeepAlives:      true,
			DisableCompression:     true, // we look at raw error pages and cap their size
			MaxResponseHeaderBytes: opt.MaxHeaderBytes,
			TLSHandshakeTimeout:    opt.Timeout,
			ResponseHeaderTimeout:  opt.Timeout,
			OnProxyConnectResponse: func(_ context.Context, _ *url.URL, _ *http.Request, resp *http.Response) error {
				if resp.StatusCode != http.StatusOK {
					mu.Lock()
					res.ProxyStatus = resp.StatusCode
					res.ProxyHeader = resp.Header.Clone()
					mu.Unlock()
				}
				return nil
			},
		}
		if opt.Proxy != nil {
			tr.Proxy = http.ProxyURL(opt.Proxy)
		}
		defer tr.CloseIdleConnections()
		rt = tr
	}
	client := &http.Client{
		Transport: rt,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > opt.MaxRedirects {
				return fmt.Errorf("stopped after %d redirects", opt.MaxRedirects)
			}
			mu.Lock()
			res.Redirects = len(via)
			mu.Unlock()
			return nil
		},
	}

	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), opt.Method, target.String(), nil)
	if err != nil {
		return res.fail(start, fmt.Errorf("build request for %s: %w", Redact(target), err))
	}
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set("Accept", "text/html,application/json;q=0.9,*/*;q=0.8")
	req.Header.Set("Cache-Control", "no-cache")

	resp, err := client.Do(req)
	if err != nil {
		mu.Lock()
		defer mu.Unlock()
		if res.ProxyStatus != 0 {
			res.Err = ErrProxy
			res.Error = fmt.Sprintf("proxy answered the tunnel request with %d %s", res.ProxyStatus, http.StatusText(res.ProxyStatus))
			res.Elapsed = time.Since(start)
			return res
		}
		res.Stage, res.Waited = failedStage(t.conn, t.tls, t.wrote, t.connDone, t.tlsDone)
		return res.fail(start, unwrapURLError(err))
	}
	received := time.Now() // before the body: Date was written with the headers
	defer resp.Body.Close()
	body, readErr := io.ReadAll(io.LimitReader(resp.Body, opt.MaxBody+1))

	mu.Lock()
	defer mu.Unlock()
	res.Status = resp.StatusCode
	res.Proto = resp.Proto
	res.Header = resp.Header
	res.FinalURL = resp.Request.URL.String()
	res.TLSIssuers = tlsIssuers(resp.TLS)
	if int64(len(body)) > opt.MaxBody {
		body = body[:opt.MaxBody]
		res.BodyTruncated = true
	}
	res.Body = body
	res.CertNames = leafNames(resp.TLS)
	res.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	res.Date, res.Skew = ServerClock(resp.Header, received)
	if readErr != nil && !errors.Is(readErr, io.EOF) {
		// A status line arrived but the body broke off: keep the status,
		// note the error; the verdict still has the status to go on.
		res.Error = fmt.Sprintf("reading body: %v", readErr)
	}
	res.Elapsed = time.Since(start)
	return res
}

func (r HTTPResult) fail(start time.Time, err error) HTTPResult {
	r.Err = Classify(err)
	r.Error = err.Error()
	r.Elapsed = time.Since(start)
	return r
}

// unwrapURLError drops net/http's `Get "URL": ` prefix, which repeats the
// URL (and could carry a query string into reports).
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// parseRetryAfter reads both forms of Retry-After (seconds or an HTTP date).
// Absurd values are capped at a day so a hostile header cannot park a site.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0
		}
		if secs > 86400 {
			secs = 86400
		}
		d = time.Duration(secs) * time.Second
	} else if errors.Is(err, strconv.ErrRange) {
		if v[0] == '-' {
			return 0
		}
		d = 24 * time.Hour // more seconds than int64 holds: capped like any absurd value
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	if d < 0 {
		return 0
	}
	if d > 24*time.Hour {
		d = 24 * time.Hour
	}
	return d
}

// Redact renders a URL without credentials, query or fragment: safe to
// show, log or put into a diagnostic report.
func Redact(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	c.RawQuery = ""
	c.ForceQuery = false
	c.Fragment = ""
	c.RawFragment = ""
	return c.String()
}

// phasesJSON is Phases in milliseconds, as the JSON names say.
type phasesJSON struct {
	DNS       float64 `json:"dns_ms"`
	Connect   float64 `json:"connect_ms"`
	TLS       float64 `json:"tls_ms"`
	FirstByte float64 `json:"first_byte_ms"`
}

func toMS(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func fromMS(ms float64) time.Duration { return time.Duration(ms * float64(time.Millisecond)) }

// MarshalJSON writes the timings in milliseconds (to the microsecond).
func (p Phases) MarshalJSON() ([]byte, error) {
	return json.Marshal(phasesJSON{toMS(p.DNS), toMS(p.Connect), toMS(p.TLS), toMS(p.FirstByte)})
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (p *Phases) UnmarshalJSON(b []byte) error {
	var j phasesJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("phases: %w", err)
	}
	*p = Phases{fromMS(j.DNS), fromMS(j.Connect), fromMS(j.TLS), fromMS(j.FirstByte)}
	return nil
}
