package checks

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/http/httpproxy"
)

// ProxyOptions configure proxy discovery.
type ProxyOptions struct {
	Getenv     func(string) string // nil = os.Getenv
	Timeout    time.Duration       // bounds reading OS settings and the connect test; default 1s
	SkipSystem bool                // consult the environment only (tests)
	// Cache, when set, keeps the OS proxy settings for a while: reading
	// them can start a process (gsettings), which a monitor of many
	// sites must not do for every check.
	Cache *ProxyCache
}

// ProxyCache remembers the OS proxy settings for TTL, and past it while
// the settings' files are unchanged (on Linux, dconf's databases). Safe
// for concurrent use; Forget drops them (the network changed).
type ProxyCache struct {
	TTL time.Duration // default 30s

	mu    sync.Mutex
	cfg   sysProxyConfig
	err   error
	at    time.Time
	stamp string
}

// Forget makes the next lookup read the OS settings again.
func (c *ProxyCache) Forget() {
	c.mu.Lock()
	c.at = time.Time{}
	c.mu.Unlock()
}

func (c *ProxyCache) get(ctx context.Context, timeout time.Duration) (sysProxyConfig, error) {
	ttl := c.TTL
	if ttl <= 0 {
		ttl = 30 * time.Second
	}
	c.mu.Lock()
	defer c.mu.Unlock() // held while reading, so concurrent checks read once
	if !c.at.IsZero() && time.Since(c.at) < ttl {
		return c.cfg, c.err
	}
	stamp := systemProxyStamp()
	if !c.at.IsZero() && c.err == nil && stamp != "" && stamp == c.stamp {
		c.at = time.Now() // nothing the settings are read from has changed
		return c.cfg, c.err
	}
	c.cfg, c.err = systemProxyConfig(ctx, timeout)
	if ctx.Err() != nil {
		return c.cfg, c.err // a cancelled read says nothing about the settings: not kept
	}
	c.at, c.stamp = time.Now(), stamp
	return c.cfg, c.err
}

// ProxySetting is the proxy a request to the target would use.
type ProxySetting struct {
	// URL is the configured proxy, nil for direct. It may carry
	// credentials: show ProxyResult.Display or Redact(URL) instead.
	URL      *url.URL
	Source   string // "env HTTPS_PROXY", "GNOME settings", "macOS network settings", "Windows Internet Settings"
	Bypassed bool   // a proxy is configured but NO_PROXY or the bypass list exempts the target
}

// ProxyResult is what the proxy probe found.
type ProxyResult struct {
	Setting   ProxySetting
	Display   string // the proxy URL without credentials
	Reachable bool   // a TCP connection to the proxy succeeded; tried only when a proxy applies
	Err       ErrKind
	Detail    string
	Elapsed   time.Duration
}

// errInvalidProxy stands in for URL parse errors, whose text would
// repeat the proxy URL and with it any password.
var errInvalidProxy = errors.New("invalid proxy address")

// ProxyFor says which proxy a request to target would use: the
// environment first, with Go's semantics (HTTPS_PROXY for https, HTTP_PROXY
// for http, NO_PROXY, loopback always direct), then the OS settings.
func ProxyFor(ctx context.Context, target *url.URL, opt ProxyOptions) (ProxySetting, error) {
	if target == nil {
		return ProxySetting{}, errors.New("proxy lookup: no target URL")
	}
	getenv := opt.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	if s, found, err := envProxy(target, getenv); found || err != nil {
		return s, err
	}
	if opt.SkipSystem {
		return ProxySetting{}, nil
	}
	if opt.Timeout <= 0 {
		opt.Timeout = time.Second
	}
	var cfg sysProxyConfig
	var err error
	if opt.Cache != nil {
		cfg, err = opt.Cache.get(ctx, opt.Timeout)
	} else {
		cfg, err = systemProxyConfig(ctx, opt.Timeout)
	}
	if err != nil {
		return ProxySetting{Source: cfg.Source}, fmt.Errorf("read %s: %w", cfg.Source, err)
	}
	return cfg.settingFor(target), nil
}

// envProxy applies the proxy environment variables; found is false when
// none of them names a proxy for the target's scheme.
func envProxy(target *url.URL, getenv func(string) string) (s ProxySetting, found bool, err error) {
	httpName, httpVal := firstEnv(getenv, "HTTP_PROXY", "http_proxy")
	httpsName, httpsVal := firstEnv(getenv, "HTTPS_PROXY", "https_proxy")
	_, noVal := firstEnv(getenv, "NO_PROXY", "no_proxy")
	name, val := httpName, httpVal
	if target.Scheme == "https" {
		name, val = httpsName, httpsVal
	}
	if val == "" {
		return ProxySetting{}, false, nil
	}
	s.Source = "env " + name
	if !validProxyValue(val) {
		return s, true, fmt.Errorf("%s: %w", s.Source, errInvalidProxy)
	}
	cfg := httpproxy.Config{HTTPProxy: httpVal, HTTPSProxy: httpsVal, NoProxy: noVal}
	u, err := cfg.ProxyFunc()(target)
	if err != nil {
		return s, true, fmt.Errorf("%s: %w", s.Source, errInvalidProxy)
	}
	if u != nil {
		s.URL = u
		return s, true, nil
	}
	// Exempted: still report which proxy was skipped. The probe host is
	// never resolved or contacted; it only makes httpproxy answer.
	cfg.NoProxy = ""
	u, err = cfg.ProxyFunc()(&url.URL{Scheme: target.Scheme, Host: "gatewatch.invalid"})
	if err != nil || u == nil {
		return s, true, fmt.Errorf("%s: %w", s.Source, errInvalidProxy)
	}
	s.URL, s.Bypassed = u, true
	return s, true, nil
}

// validProxyValue rejects what httpproxy would mangle: it retries a
// failed parse with "http://" prepended, which turns "http://[bad" into a
// proxy on host "http:".
func validProxyValue(v string) bool {
	if !strings.Contains(v, "://") {
		v = "http://" + v
	}
	u, err := url.Parse(v)
	return err == nil && u.Hostname() != "" && (u.Path == "" || u.Path == "/")
}

// proxyDisplay shows where the proxy is and nothing else: no user,
// password, path or query.
func proxyDisplay(u *url.URL) string {
	if u == nil {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

func firstEnv(getenv func(string) string, names ...string) (string, string) {
	for _, n := range names {
		if v := getenv(n); v != "" {
			return n, v
		}
	}
	return "", ""
}

// Proxy finds the proxy for target and, when one applies, checks that it
// accepts TCP connections. It never sends a request through the proxy.
func Proxy(ctx context.Context, target *url.URL, opt ProxyOptions) (res ProxyResult) {
	start := time.Now()
	if opt.Timeout <= 0 {
		opt.Timeout = time.Second
	}
	s, err := ProxyFor(ctx, target, opt)
	res = ProxyResult{Setting: s, Display: proxyDisplay(s.URL)}
	defer func() { res.Elapsed = time.Since(start) }() // on every return path
	switch {
	case err != nil:
		res.Err = Classify(err)
		if res.Err == ErrOther {
			res.Err = ErrProxy
		}
		res.Detail = "proxy settings unusable: " + err.Error()
		return res
	case s.URL == nil:
		res.Detail = "no proxy: direct connection"
		if s.Source != "" {
			res.Detail += " (" + s.Source + ")"
		}
		return res
	case s.Bypassed:
		res.Detail = fmt.Sprintf("proxy %s (%s) is bypassed for %s", res.Display, s.Source, target.Hostname())
		return res
	}
	addr := proxyHostPort(s.URL)
	dctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	c, err := newDialer().DialContext(dctx, "tcp", addr)
	if err != nil {
		res.Err = Classify(err)
		res.Detail = fmt.Sprintf("proxy %s (%s) does not accept connections: %s", res.Display, s.Source, dialReason(err))
		return res
	}
	c.Close()
	res.Reachable = true
	res.Detail = fmt.Sprintf("proxy %s (%s) accepts connections", res.Display, s.Source)
	return res
}

// proxyHostPort adds the scheme's default port when the URL has none.
func proxyHostPort(u *url.URL) string {
	if u.Port() != "" {
		return u.Host
	}
	port := "80"
	switch strings.ToLower(u.Scheme) {
	case "https":
		port = "443"
	case "socks5", "socks5h", "socks4", "socks4a", "socks":
		port = "1080"
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// dialReason keeps the part of a dial error after the address, which
// names the cause ("connection refused", "i/o timeout").
func dialReason(err error) string {
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return oe.Err.Error()
	}
	return err.Error()
}
