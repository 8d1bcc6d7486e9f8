package gpstub

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Live is the scenario in which the pretend probes really fetch the
// target, from where the stand-in runs (the lab's "internet" namespace),
// and the probe in the user's network fetches it through UserProxy (the
// lab ISP's proxy), so its requests take the user's provider's path:
// a block at the provider fails there and nowhere else.
const Live = "live"

// LiveTimeout bounds one probe's request, as Globalping's own limit does.
const LiveTimeout = 5 * time.Second

// LiveProbes configure the live scenario.
type LiveProbes struct {
	UserProxy *url.URL    // nil: the user's probe fetches directly too
	TLS       *tls.Config // nil: the system roots (SSL_CERT_FILE in the lab)
}

type liveResult struct {
	done    chan struct{}
	results []map[string]any
}

func (l *LiveProbes) client(viaProxy bool) *http.Client {
	tr := &http.Transport{TLSClientConfig: l.TLS, DisableKeepAlives: true}
	if viaProxy && l.UserProxy != nil {
		tr.Proxy = http.ProxyURL(l.UserProxy)
	}
	return &http.Client{Timeout: LiveTimeout, Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// run fetches proto://target:port/path from every probe at once.
func (l *LiveProbes) run(m *measurement, body createBody, userASN int) *liveResult {
	lr := &liveResult{done: make(chan struct{}), results: make([]map[string]any, len(m.probes))}
	proto := "https"
	if body.MeasurementOptions.Protocol == "HTTP" {
		proto = "http"
	}
	path := body.MeasurementOptions.Request.Path
	if path == "" {
		path = "/"
	}
	target := fmt.Sprintf("%s://%s:%d%s", proto, m.target, m.port, path)
	var wg sync.WaitGroup
	for i, p := range m.probes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lr.results[i] = l.fetch(target, p.ASN == userASN, i)
		}()
	}
	go func() { wg.Wait(); close(lr.done) }()
	return lr
}

func (l *LiveProbes) fetch(target string, user bool, i int) map[string]any {
	ctx, cancel := context.WithTimeout(context.Background(), LiveTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, target, nil)
	if err != nil {
		return map[string]any{"status": "failed", "rawOutput": err.Error()}
	}
	start := time.Now()
	resp, err := l.client(user).Do(req)
	if err != nil {
		return map[string]any{"status": "failed", "rawOutput": err.Error()}
	}
	resp.Body.Close()
	ms := time.Since(start).Milliseconds()
	return map[string]any{
		"status": "finished", "rawOutput": fmt.Sprintf("HTTP/1.1 %d\n", resp.StatusCode),
		"statusCode": resp.StatusCode, "statusCodeName": http.StatusText(resp.StatusCode),
		"headers": map[string]string{}, "rawHeaders": "", "rawBody": nil, "resolvedAddress": "",
		"timings": map[string]any{"total": ms, "dns": nil, "tcp": nil, "tls": nil, "firstByte": nil, "download": nil},
		"tls":     nil,
	}
}
