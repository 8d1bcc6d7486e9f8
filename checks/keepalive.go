package checks

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync"
	"time"
)

// The lean keep-alive path of routine checks (ConnPool).
//
// Why not http.Transport's own keep-alive: every idle persistConn holds a
// read-loop and a write-loop goroutine and two bufio buffers, so a
// thousand kept connections cost about 25 MB and two thousand goroutines
// for sockets that sit idle 30 s between checks. Here an idle connection
// is a socket and a small struct: no goroutine watches it, and the read
// buffer is lent from a sync.Pool only while a check runs. What the read
// loop did while idle (noticing that the server closed or spoke) is done
// when the connection is taken: a non-blocking peek (unix), and, if the
// request still meets a closed connection, one redial (GET is idempotent).
//
// The real-world limit: servers close idle keep-alive connections after a
// few seconds to a minute. nginx's keepalive_timeout defaults to 75 s
// (https://nginx.org/en/docs/http/ngx_http_core_module.html#keepalive_timeout),
// Apache httpd 2.4's KeepAliveTimeout to 5 s (15 s in 1.x and 2.0;
// https://httpd.apache.org/docs/2.4/mod/core.html#keepalivetimeout). At a
// 30 s interval nginx-fronted hosts keep their connection, at 60 s most
// hosts have closed it by the next check; those still save the full
// handshake through the TLS session tickets (sessionCache), and the
// closed connection costs only the peek that finds it closed.
//
// Anything unusual goes to the Transport path instead: a proxy, a pinned
// address, an MSS clamp, a method other than GET, a 1xx answer, or a TLS
// server that refuses the "http/1.1" ALPN offer.

// Defaults of the lean pool.
const (
	defaultMaxIdle        = 2048 // one idle connection per routine-checked host, up to this
	defaultIdleTimeout    = 90 * time.Second
	maxIdlePerHost        = 4 // checks of many sites on one host may overlap
	maxRedirectBodyDrain  = 2 << 10
	leanReadBufferSize    = 4 << 10
	leanNoALPNHostsMemory = 1024
)

// poolKey names a host's connections without building a string per check.
type poolKey struct {
	https bool
	host  string // url.URL.Host as written (with or without the port)
}

// keptConn is one connection of the lean path, idle or in use.
type keptConn struct {
	raw    net.Conn // the TCP connection
	conn   net.Conn // raw, or the *tls.Conn over it
	remote string   // RemoteAddr, formatted once
	// The certificate facts of a TLS connection, worked out once.
	certNames, issuers []string
	reused             bool
	gen                int // the pool's generation when dialled (see Refresh)
	idleSince          time.Time
	next               *keptConn // next idle connection of the same host
}

func (k *keptConn) close() { k.conn.Close() }

// http11 is the only protocol the lean path offers in ALPN (read only).
var http11 = []string{"http/1.1"}

// leanHeader is the request header of every lean request without a
// Referer; (*http.Request).Write only reads it, so it is shared.
var leanHeader = http.Header{
	"User-Agent":    {UserAgent},
	"Accept":        {"text/html,application/json;q=0.9,*/*;q=0.8"},
	"Cache-Control": {"no-cache"},
}

var (
	readerPool = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, leanReadBufferSize) }}
	writePool  = sync.Pool{New: func() any { return new(bytes.Buffer) }}
	bodyPool   = sync.Pool{New: func() any { b := make([]byte, DefaultMaxBody+1); return &b }}
)

// errFallback says the lean path cannot handle this request: use the
// Transport path.
var errFallback = errors.New("lean path: use the transport")

// leanFits reports whether a request can take the lean path at all.
func leanFits(target *url.URL, opt HTTPOptions) bool {
	return opt.Pool != nil && !opt.Pool.viaTransport && opt.Proxy == nil && !opt.DialAddr.IsValid() && opt.MSS <= 0 &&
		opt.Method == http.MethodGet && (target.Scheme == "http" || target.Scheme == "https")
}

// take lends an idle connection of key, or nil. Expired connections and
// connections the server closed or wrote to while idle are dropped.
func (p *ConnPool) take(key poolKey, now time.Time) *keptConn {
	var drop []*keptConn
	defer func() {
		for _, k := range drop {
			k.close()
		}
	}()
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		k := p.idle[key]
		if k == nil {
			return nil
		}
		p.idle[key] = k.next
		if k.next == nil {
			delete(p.idle, key)
		}
		k.next = nil
		p.nidle--
		if now.Sub(k.idleSince) > p.idleTimeout() || stale(k.raw) {
			drop = append(drop, k)
			continue
		}
		k.reused = true
		return k
	}
}

// give returns a connection that ended a clean exchange to the idle set,
// or closes it when the set is full.
func (p *ConnPool) give(key poolKey, k *keptConn, now time.Time) {
	if err := k.conn.SetDeadline(time.Time{}); err != nil {
		k.close()
		return
	}
	var drop []*keptConn
	p.mu.Lock()
	if k.gen != p.gen {
		// Dialled before a Refresh (a network change): not kept.
		p.mu.Unlock()
		k.close()
		return
	}
	if now.Sub(p.swept) > p.idleTimeout()/4 {
		drop = p.sweepLocked(now)
	}
	n := 0
	for c := p.idle[key]; c != nil; c = c.next {
		n++
	}
	if p.nidle >= p.maxIdle() || n >= maxIdlePerHost {
		drop = append(drop, k)
	} else {
		if p.idle == nil {
			p.idle = map[poolKey]*keptConn{}
		}
		k.idleSince, k.next = now, p.idle[key]
		p.idle[key] = k
		p.nidle++
	}
	p.mu.Unlock()
	for _, c := range drop {
		c.close()
	}
}

// sweepLocked unlinks the connections idle for longer than the timeout:
// no goroutine watches them, so the next give does.
func (p *ConnPool) sweepLocked(now time.Time) []*keptConn {
	p.swept = now
	var drop []*keptConn
	for key, head := range p.idle {
		var keep *keptConn
		for c := head; c != nil; {
			next := c.next
			if now.Sub(c.idleSince) > p.idleTimeout() {
				drop = append(drop, c)
				p.nidle--
			} else {
				c.next, keep = keep, c
			}
			c = next
		}
		if keep == nil {
			delete(p.idle, key)
		} else {
			p.idle[key] = keep
		}
	}
	return drop
}

// closeIdle closes every idle lean connection.
func (p *ConnPool) closeIdle() {
	p.mu.Lock()
	idle := p.idle
	p.idle, p.nidle, p.noALPN = nil, 0, nil
	p.gen++
	p.mu.Unlock()
	for _, head := range idle {
		for c := head; c != nil; c = c.next {
			c.close()
		}
	}
}

// IdleConns is the number of idle lean connections (for tests and metrics).
func (p *ConnPool) IdleConns() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.nidle
}

func (p *ConnPool) maxIdle() int {
	if p.MaxIdle > 0 {
		return p.MaxIdle
	}
	return defaultMaxIdle
}

func (p *ConnPool) idleTimeout() time.Duration {
	if p.IdleTimeout > 0 {
		return p.IdleTimeout
	}
	return defaultIdleTimeout
}

func (p *ConnPool) refusesALPN(key poolKey) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, ok := p.noALPN[key]
	return ok
}

func (p *ConnPool) markNoALPN(key poolKey) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.noALPN == nil {
		p.noALPN = map[poolKey]struct{}{}
	}
	if len(p.noALPN) < leanNoALPNHostsMemory {
		p.noALPN[key] = struct{}{}
	}
}

// marks are the moments failedStage needs.
type marks struct {
	conn, tls, wrote  time.Time
	connDone, tlsDone bool
}

// leanHTTP does what HTTP does, over the pool's goroutine-free
// connections. It returns errFallback when the Transport path must do the
// request instead; res then holds nothing of value.
//
// It makes no context of its own for the timeout (a timer per check): the
// connection's deadline is the timeout, and ctx is watched only for the
// caller's cancel; a dial gets a context with the deadline.
func (p *ConnPool) leanHTTP(ctx context.Context, target *url.URL, opt HTTPOptions, res *HTTPResult, start time.Time) error {
	p.setup(opt)
	deadline := start.Add(opt.Timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	u, referer := target, ""
	var m marks
	for {
		key := poolKey{https: u.Scheme == "https", host: u.Host}
		if key.https && p.refusesALPN(key) {
			return errFallback
		}
		ex, err := p.exchange(ctx, deadline, key, u, referer, opt, res, &m)
		if errors.Is(err, errFallback) {
			return err
		}
		if err != nil {
			res.Stage, res.Waited = failedStage(m.conn, m.tls, m.wrote, m.connDone, m.tlsDone)
			*res = res.fail(start, err)
			return nil
		}
		resp := ex.resp
		if loc := resp.Header.Get("Location"); loc != "" && isRedirect(resp.StatusCode) {
			next, perr := u.Parse(loc)
			p.finish(key, ex, maxRedirectBodyDrain, nil)
			if perr != nil {
				*res = res.fail(start, fmt.Errorf("failed to parse Location header %q: %v", loc, perr))
				return nil
			}
			if next.Scheme != "http" && next.Scheme != "https" {
				// The Transport's words for a scheme it cannot fetch.
				*res = res.fail(start, fmt.Errorf("unsupported protocol scheme %q", next.Scheme))
				return nil
			}
			// The Client's CheckRedirect semantics: via holds every
			// request so far, this redirect's included.
			if via := res.Redirects + 1; via > opt.MaxRedirects {
				*res = res.fail(start, fmt.Errorf("stopped after %d redirects", opt.MaxRedirects))
				return nil
			}
			res.Redirects++
			referer = refererFor(u, next)
			u = next
			continue
		}
		res.Status = resp.StatusCode
		res.Proto = resp.Proto
		res.Header = resp.Header
		res.FinalURL = res.URL
		if u != target {
			res.FinalURL = u.String()
		}
		res.RemoteAddr = ex.kc.remote
		res.CertNames, res.TLSIssuers = ex.kc.certNames, ex.kc.issuers
		res.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), ex.received)
		res.Date, res.Skew = ServerClock(resp.Header, ex.received)
		p.finish(key, ex, opt.MaxBody, res)
		res.Elapsed = time.Since(start)
		return nil
	}
}

// isRedirect is the Client's set of statuses it follows for a GET.
func isRedirect(code int) bool {
	switch code {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// refererFor is the Client's Referer on a redirect: none from https to
// http, and never the credentials.
func refererFor(last, next *url.URL) string {
	if last.Scheme == "https" && next.Scheme == "http" {
		return ""
	}
	if last.User != nil {
		c := *last
		c.User = nil
		return c.String()
	}
	return last.String()
}

// exchanged is one request's answer, its headers read, the body not yet.
type exchanged struct {
	kc       *keptConn
	br       *bufio.Reader
	lim      *capReader
	resp     *http.Response
	stop     func() bool
	received time.Time
}

// exchange sends one GET of u and reads the answer's headers, on a kept
// connection when there is one, redialling once when the kept
// connection turns out closed before any byte of the answer.
func (p *ConnPool) exchange(ctx context.Context, deadline time.Time, key poolKey, u *url.URL, referer string, opt HTTPOptions, res *HTTPResult, m *marks) (*exchanged, error) {
	req := &http.Request{Method: http.MethodGet, URL: u, Host: u.Host, Header: leanHeader, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}
	if referer != "" {
		req.Header = leanHeader.Clone()
		req.Header.Set("Referer", referer)
	}
	wb := writePool.Get().(*bytes.Buffer)
	defer writePool.Put(wb)
	wb.Reset()
	if !writePlainGet(wb, u, referer) {
		if err := req.Write(wb); err != nil {
			return nil, fmt.Errorf("writing the request for %s: %w", Redact(u), err)
		}
	}
	for attempt := 0; ; attempt++ {
		*m = marks{}
		kc := p.take(key, time.Now())
		if kc != nil {
			m.connDone, m.tlsDone = true, true // a reused connection is past both
		} else {
			var err error
			if kc, err = p.dial(ctx, deadline, key, u, res, m); err != nil {
				return nil, err
			}
		}
		ex, err := p.send(ctx, deadline, kc, req, wb.Bytes(), opt, res, m)
		if err == nil || !kc.reused || attempt > 0 || ctx.Err() != nil || !time.Now().Before(deadline) || errors.Is(err, errFallback) || !closedBeforeAnswer(err) {
			return ex, err
		}
		// The kept connection was closed under us: once more, afresh.
	}
}

// closedBeforeAnswer reports an error of a kept connection the server had
// closed: nothing of the answer came, so sending again is safe.
func closedBeforeAnswer(err error) bool {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return false
	}
	return true
}

// send writes the request on kc and reads the answer's headers. On an
// error kc is closed.
func (p *ConnPool) send(ctx context.Context, deadline time.Time, kc *keptConn, req *http.Request, wire []byte, opt HTTPOptions, res *HTTPResult, m *marks) (ex *exchanged, err error) {
	if err := kc.conn.SetDeadline(deadline); err != nil {
		kc.close()
		return nil, fmt.Errorf("setting the deadline: %w", err)
	}
	// A caller's cancel interrupts a blocked read or write.
	stop := context.AfterFunc(ctx, func() { kc.conn.SetDeadline(time.Unix(1, 0)) }) //nolint:errcheck // best effort wake-up
	br := readerPool.Get().(*bufio.Reader)
	lim := &capReader{r: kc.conn, n: opt.MaxHeaderBytes, max: opt.MaxHeaderBytes}
	br.Reset(lim)
	defer func() {
		if err != nil {
			stop()
			kc.close()
			br.Reset(nil)
			readerPool.Put(br)
			if errors.Is(err, errFallback) {
				return
			}
			// The connection's deadline may fire a moment before the
			// context's timer, and bufio then hands a cut line to the
			// parser ("malformed"): past the deadline, it is a timeout.
			c := ctx.Err()
			if c == nil && !time.Now().Before(deadline) {
				c = context.DeadlineExceeded
			}
			if c != nil {
				err = fmt.Errorf("%w (%v)", c, err)
			}
		}
	}()
	if _, err := kc.conn.Write(wire); err != nil {
		return nil, fmt.Errorf("writing the request: %w", err)
	}
	m.wrote = time.Now()
	if _, err := br.Peek(1); err != nil {
		return nil, fmt.Errorf("reading the answer: %w", err)
	}
	res.Phases.FirstByte = time.Since(m.wrote)
	resp, err := http.ReadResponse(br, req)
	if err != nil {
		return nil, fmt.Errorf("reading the answer: %w", err)
	}
	if resp.StatusCode < 200 {
		// 1xx (Early Hints, an unasked-for 100, 101): the Transport
		// knows what to do with them.
		return nil, errFallback
	}
	lim.n = math.MaxInt64 // the body has its own cap
	return &exchanged{kc: kc, br: br, lim: lim, resp: resp, stop: stop, received: time.Now()}, nil
}

// finish reads up to limit bytes of the body (into res.Body when res is
// set) and gives the connection back when the exchange ended cleanly.
func (p *ConnPool) finish(key poolKey, ex *exchanged, limit int64, res *HTTPResult) {
	bp := bodyPool.Get().(*[]byte)
	buf := *bp
	if int64(cap(buf)) < limit+1 {
		buf = make([]byte, limit+1)
	}
	buf = buf[:limit+1]
	n, readErr := 0, error(nil)
	for n < len(buf) {
		var k int
		k, readErr = ex.resp.Body.Read(buf[n:])
		n += k
		if readErr != nil {
			break
		}
	}
	complete := errors.Is(readErr, io.EOF) && n <= int(limit)
	if res != nil {
		kept := min(n, int(limit))
		res.Body = append(make([]byte, 0, kept), buf[:kept]...)
		res.BodyTruncated = n > int(limit)
		if readErr != nil && !errors.Is(readErr, io.EOF) {
			res.Error = fmt.Sprintf("reading body: %v", readErr)
		}
	}
	if cap(*bp) >= len(buf) {
		bodyPool.Put(bp)
	}
	reusable := complete && !ex.resp.Close && ex.br.Buffered() == 0 && ex.stop()
	ex.br.Reset(nil)
	readerPool.Put(ex.br)
	if !reusable {
		ex.stop()
		ex.kc.close()
		return
	}
	p.give(key, ex.kc, time.Now())
}

// capReader caps the bytes read from a connection; the cap is lifted once
// the headers are in (as the Transport's readLimit).
type capReader struct {
	r      io.Reader
	n, max int64
}

func (c *capReader) Read(b []byte) (int, error) {
	if c.n <= 0 {
		return 0, fmt.Errorf("net/http: server response headers exceeded %d bytes; aborted", c.max)
	}
	if int64(len(b)) > c.n {
		b = b[:c.n]
	}
	n, err := c.r.Read(b)
	c.n -= int64(n)
	return n, err
}

// dial opens a fresh connection for key, timing DNS, connect and TLS into
// res.Phases as the Transport's trace does.
func (p *ConnPool) dial(ctx context.Context, deadline time.Time, key poolKey, u *url.URL, res *HTTPResult, m *marks) (*keptConn, error) {
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	// A dual-stack dial races its attempts on goroutines, and a losing
	// attempt may report after the dial returned: the hooks write only
	// these, copied out once (later reports are ignored).
	var (
		mu                  sync.Mutex
		over                bool
		dnsStart, connStart time.Time
		dnsTook, connTook   time.Duration
		connOK              bool
	)
	trace := &httptrace.ClientTrace{
		DNSStart: func(httptrace.DNSStartInfo) { mu.Lock(); dnsStart = time.Now(); mu.Unlock() },
		DNSDone: func(httptrace.DNSDoneInfo) {
			mu.Lock()
			if !over {
				dnsTook = time.Since(dnsStart)
			}
			mu.Unlock()
		},
		ConnectStart: func(string, string) {
			mu.Lock()
			if !over {
				connStart = time.Now()
			}
			mu.Unlock()
		},
		ConnectDone: func(_, _ string, err error) {
			mu.Lock()
			if !over {
				connTook, connOK = time.Since(connStart), err == nil
			}
			mu.Unlock()
		},
	}
	addr := u.Host
	if u.Port() == "" {
		port := "80"
		if key.https {
			port = "443"
		}
		addr = net.JoinHostPort(u.Hostname(), port)
	}
	raw, err := p.dialer(httptrace.WithClientTrace(ctx, trace), "tcp", addr)
	mu.Lock()
	over = true
	res.Phases.DNS, res.Phases.Connect = dnsTook, connTook
	m.conn, m.connDone = connStart, connOK
	mu.Unlock()
	if err != nil {
		return nil, err
	}
	m.connDone = true
	p.mu.Lock()
	gen := p.gen
	p.mu.Unlock()
	kc := &keptConn{raw: raw, conn: raw, remote: raw.RemoteAddr().String(), gen: gen}
	if !key.https {
		return kc, nil
	}
	cfg := p.tlsBase.Clone()
	if cfg.ServerName == "" {
		cfg.ServerName = u.Hostname()
	}
	cfg.NextProtos = http11
	tc := tls.Client(raw, cfg)
	m.tls = time.Now()
	err = tc.HandshakeContext(ctx)
	res.Phases.TLS = time.Since(m.tls)
	if err != nil {
		raw.Close()
		if strings.Contains(err.Error(), "no application protocol") {
			p.markNoALPN(key)
			return nil, errFallback
		}
		return nil, err
	}
	m.tlsDone = true
	st := tc.ConnectionState()
	if st.NegotiatedProtocol != "" && st.NegotiatedProtocol != "http/1.1" {
		tc.Close()
		return nil, errFallback
	}
	kc.conn = tc
	kc.issuers, kc.certNames = tlsIssuers(&st), leafNames(&st)
	return kc, nil
}

// writePlainGet writes the bytes (*http.Request).Write writes for a GET
// with leanHeader (and Referer), for the common case of an ASCII host
// without a zone: Write's header sorting, transfer writer and fmt cost a
// sixth of a routine check. Anything else is left to Write (false).
func writePlainGet(w *bytes.Buffer, u *url.URL, referer string) bool {
	host := u.Host
	for i := 0; i < len(host); i++ {
		if c := host[i]; c >= 0x80 || c == '%' || c <= ' ' {
			return false // punycode or a zone to drop: Write knows how
		}
	}
	uri := u.RequestURI()
	if strings.ContainsAny(uri, " \r\n") || strings.ContainsAny(referer, "\r\n") {
		return false
	}
	w.WriteString("GET ")
	w.WriteString(uri)
	w.WriteString(" HTTP/1.1\r\nHost: ")
	w.WriteString(host)
	w.WriteString("\r\nUser-Agent: " + UserAgent + "\r\nAccept: text/html,application/json;q=0.9,*/*;q=0.8\r\nCache-Control: no-cache\r\n")
	if referer != "" {
		w.WriteString("Referer: ")
		w.WriteString(referer)
		w.WriteString("\r\n")
	}
	w.WriteString("\r\n")
	return true
}
