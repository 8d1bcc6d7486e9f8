package checks

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

func envFromMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestProxyForEnv(t *testing.T) {
	tests := []struct {
		name       string
		env        map[string]string
		target     string
		wantURL    string // "" = direct
		wantSource string
		bypassed   bool
		wantErr    bool
	}{
		{"none", nil, "https://site.example/", "", "", false, false},
		{"https proxy", map[string]string{"HTTPS_PROXY": "http://proxy.example:3128"}, "https://site.example/", "http://proxy.example:3128", "env HTTPS_PROXY", false, false},
		{"lower case", map[string]string{"https_proxy": "http://proxy.example:3128"}, "https://site.example/", "http://proxy.example:3128", "env https_proxy", false, false},
		{"upper case wins", map[string]string{"HTTPS_PROXY": "http://a.example:1", "https_proxy": "http://b.example:2"}, "https://site.example/", "http://a.example:1", "env HTTPS_PROXY", false, false},
		{"http proxy not used for https", map[string]string{"HTTP_PROXY": "http://proxy.example:3128"}, "https://site.example/", "", "", false, false},
		{"http proxy for http", map[string]string{"HTTP_PROXY": "http://proxy.example:3128"}, "http://site.example/", "http://proxy.example:3128", "env HTTP_PROXY", false, false},
		{"scheme added", map[string]string{"HTTPS_PROXY": "proxy.example:3128"}, "https://site.example/", "http://proxy.example:3128", "env HTTPS_PROXY", false, false},
		{"socks", map[string]string{"HTTPS_PROXY": "socks5://192.0.2.9:1080"}, "https://site.example/", "socks5://192.0.2.9:1080", "env HTTPS_PROXY", false, false},
		{"no_proxy domain and subdomains", map[string]string{"HTTPS_PROXY": "http://proxy.example:3128", "NO_PROXY": "site.example"}, "https://www.site.example/", "http://proxy.example:3128", "env HTTPS_PROXY", true, false},
		{"no_proxy leading dot skips the apex", map[string]string{"HTTPS_PROXY": "http://proxy.example:3128", "no_proxy": ".site.example"}, "https://site.example/", "http://proxy.example:3128", "env HTTPS_PROXY", false, false},
		{"no_proxy star", map[string]string{"HTTPS_PROXY": "http://proxy.example:3128", "NO_PROXY": "*"}, "https://site.example/", "http://proxy.example:3128", "env HTTPS_PROXY", true, false},
		{"no_proxy cidr", map[string]string{"HTTPS_PROXY": "http://proxy.example:3128", "NO_PROXY": "other.example, 192.0.2.0/24"}, "https://192.0.2.7/", "http://proxy.example:3128", "env HTTPS_PROXY", true, false},
		{"no_proxy with port", map[string]string{"HTTPS_PROXY": "http://proxy.example:3128", "NO_PROXY": "site.example:8443"}, "https://site.example/", "http://proxy.example:3128", "env HTTPS_PROXY", false, false},
		{"loopback always direct", map[string]string{"HTTPS_PROXY": "http://proxy.example:3128"}, "https://127.0.0.1:8443/", "http://proxy.example:3128", "env HTTPS_PROXY", true, false},
		{"localhost always direct", map[string]string{"HTTP_PROXY": "http://proxy.example:3128"}, "http://localhost/", "http://proxy.example:3128", "env HTTP_PROXY", true, false},
		{"invalid", map[string]string{"HTTPS_PROXY": "http://alice:s3cret@[bad"}, "https://site.example/", "", "env HTTPS_PROXY", false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			target, _ := url.Parse(tc.target)
			s, err := ProxyFor(context.Background(), target, ProxyOptions{Getenv: envFromMap(tc.env), SkipSystem: true})
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v", err)
			}
			if err != nil && (strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "alice")) {
				t.Errorf("error leaks credentials: %v", err)
			}
			got := ""
			if s.URL != nil {
				got = s.URL.String()
			}
			if got != tc.wantURL || s.Source != tc.wantSource || s.Bypassed != tc.bypassed {
				t.Errorf("got %q from %q bypassed=%v; want %q from %q bypassed=%v", got, s.Source, s.Bypassed, tc.wantURL, tc.wantSource, tc.bypassed)
			}
		})
	}
}

func TestProxyForNilTarget(t *testing.T) {
	if _, err := ProxyFor(context.Background(), nil, ProxyOptions{SkipSystem: true}); err == nil {
		t.Error("nil target accepted")
	}
}

// The only proxy ever contacted is a loopback listener; the target is
// never contacted at all.
func TestProxyProbe(t *testing.T) {
	open := loopbackListener(t)
	closed := loopbackClosedPort(t)
	target, _ := url.Parse("https://site.example/path")
	tests := []struct {
		name        string
		env         map[string]string
		wantReach   bool
		wantErr     ErrKind
		wantDisplay string
		wantDetail  string
	}{
		{
			name:        "accepts",
			env:         map[string]string{"HTTPS_PROXY": fmt.Sprintf("http://alice:s3cret@127.0.0.1:%d", open)},
			wantReach:   true,
			wantDisplay: fmt.Sprintf("http://127.0.0.1:%d", open),
			wantDetail:  fmt.Sprintf("proxy http://127.0.0.1:%d (env HTTPS_PROXY) accepts connections", open),
		},
		{
			name:        "refused",
			env:         map[string]string{"HTTPS_PROXY": fmt.Sprintf("http://alice:s3cret@127.0.0.1:%d", closed)},
			wantErr:     ErrRefused,
			wantDisplay: fmt.Sprintf("http://127.0.0.1:%d", closed),
			wantDetail:  "does not accept connections: connect: connection refused",
		},
		{
			name:       "direct",
			wantDetail: "no proxy: direct connection",
		},
		{
			name:        "bypassed",
			env:         map[string]string{"HTTPS_PROXY": fmt.Sprintf("http://127.0.0.1:%d", closed), "NO_PROXY": "site.example"},
			wantDisplay: fmt.Sprintf("http://127.0.0.1:%d", closed),
			wantDetail:  "is bypassed for site.example",
		},
		{
			name:       "invalid",
			env:        map[string]string{"HTTPS_PROXY": "http://alice:s3cret@[bad"},
			wantErr:    ErrProxy,
			wantDetail: "proxy settings unusable: env HTTPS_PROXY: invalid proxy address",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := Proxy(context.Background(), target, ProxyOptions{Getenv: envFromMap(tc.env), SkipSystem: true})
			if res.Reachable != tc.wantReach || res.Err != tc.wantErr || res.Display != tc.wantDisplay || !strings.Contains(res.Detail, tc.wantDetail) {
				t.Errorf("got reachable=%v err=%q display=%q detail=%q\nwant reachable=%v err=%q display=%q detail~%q",
					res.Reachable, res.Err, res.Display, res.Detail, tc.wantReach, tc.wantErr, tc.wantDisplay, tc.wantDetail)
			}
			if res.Elapsed <= 0 {
				t.Error("elapsed not set")
			}
			for _, s := range []string{res.Display, res.Detail} {
				if strings.Contains(s, "s3cret") || strings.Contains(s, "alice") {
					t.Errorf("credentials shown: %q", s)
				}
			}
		})
	}
}

func TestProxyCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	target, _ := url.Parse("https://site.example/")
	res := Proxy(ctx, target, ProxyOptions{Getenv: envFromMap(map[string]string{"HTTPS_PROXY": fmt.Sprintf("http://127.0.0.1:%d", loopbackListener(t))}), SkipSystem: true})
	if res.Reachable || res.Err != ErrCanceled {
		t.Errorf("got reachable=%v err=%q detail=%q", res.Reachable, res.Err, res.Detail)
	}
}

func TestProxyHostPort(t *testing.T) {
	tests := map[string]string{
		"http://proxy.example":          "proxy.example:80",
		"https://proxy.example":         "proxy.example:443",
		"socks5://proxy.example":        "proxy.example:1080",
		"socks4://proxy.example":        "proxy.example:1080",
		"http://proxy.example:3128":     "proxy.example:3128",
		"http://[2001:db8::1]":          "[2001:db8::1]:80",
		"http://u:p@[2001:db8::1]:8080": "[2001:db8::1]:8080",
	}
	for in, want := range tests {
		u, _ := url.Parse(in)
		if got := proxyHostPort(u); got != want {
			t.Errorf("proxyHostPort(%s) = %s, want %s", in, got, want)
		}
	}
}
