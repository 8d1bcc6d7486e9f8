package checks

import (
	"context"
	"net/url"
	"reflect"
	"testing"
	"time"
)

func TestBypassMatch(t *testing.T) {
	list := []string{"*.corp.example", "intranet.example", ".dev.example", "169.254/16", "10.0.0.0/8", "192.0.2.7", "2001:db8::/32", "<local>", "198.51.*"}
	tests := []struct {
		host   string
		simple bool
		want   bool
	}{
		{"www.corp.example", false, true},
		{"corp.example", false, false}, // "*." needs a label before the domain
		{"intranet.example", false, true},
		{"wiki.intranet.example", false, true},
		{"dev.example", false, true},
		{"a.dev.example", false, true},
		{"169.254.10.1", false, true},
		{"10.1.2.3", false, true},
		{"192.0.2.7", false, true},
		{"192.0.2.8", false, false},
		{"2001:db8::5", false, true},
		{"printer", false, true}, // <local>
		{"198.51.100.4", false, true},
		{"site.example", false, false},
		{"INTRANET.example.", false, true},
	}
	for _, tc := range tests {
		if got := bypassMatch(tc.host, list, tc.simple); got != tc.want {
			t.Errorf("bypassMatch(%q) = %v, want %v", tc.host, got, tc.want)
		}
	}
	if !bypassMatch("printer", nil, true) {
		t.Error("simple host name not bypassed with ExcludeSimpleHostnames")
	}
	if bypassMatch("printer", nil, false) {
		t.Error("simple host name bypassed without a rule")
	}
	if !bypassMatch("anything.example", []string{"*"}, false) {
		t.Error("* does not match everything")
	}
}

func TestGlobMatch(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true},
		{"*", "abc", true},
		{"*.example", "a.example", true},
		{"*.example", "example", false},
		{"a*c", "abbbc", true},
		{"a*c", "abbbd", false},
		{"*a*b*", "xxaxxbxx", true},
		{"10.*.1", "10.2.3.1", true},
		{"abc", "abc", true},
		{"abc", "abcd", false},
		{"**", "x", true},
	}
	for _, tc := range tests {
		if got := globMatch(tc.pattern, tc.s); got != tc.want {
			t.Errorf("globMatch(%q, %q) = %v, want %v", tc.pattern, tc.s, got, tc.want)
		}
	}
}

func proxyTestURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func TestSettingFor(t *testing.T) {
	cfg := sysProxyConfig{
		Source: srcGNOME,
		HTTP:   proxyTestURL("http://proxy.example:8080"),
		HTTPS:  proxyTestURL("http://secure-proxy.example:3128"),
		Bypass: []string{"*.corp.example"},
	}
	socksOnly := sysProxyConfig{Source: srcMacOS, SOCKS: proxyTestURL("socks5://192.0.2.9:1080")}
	pac := sysProxyConfig{Source: srcWindows, PAC: "http://wpad.example/proxy.pac"}
	tests := []struct {
		name       string
		cfg        sysProxyConfig
		target     string
		wantURL    string
		wantSource string
		bypassed   bool
	}{
		{"https", cfg, "https://site.example/", "http://secure-proxy.example:3128", srcGNOME, false},
		{"http", cfg, "http://site.example/", "http://proxy.example:8080", srcGNOME, false},
		{"bypass list", cfg, "https://wiki.corp.example/", "http://secure-proxy.example:3128", srcGNOME, true},
		{"loopback", cfg, "https://127.0.0.1:8443/", "http://secure-proxy.example:3128", srcGNOME, true},
		{"socks fallback", socksOnly, "https://site.example/", "socks5://192.0.2.9:1080", srcMacOS, false},
		{"pac not evaluated", pac, "https://site.example/", "", srcWindows + " (automatic proxy configuration, not evaluated)", false},
		{"nothing", sysProxyConfig{}, "https://site.example/", "", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.cfg.settingFor(proxyTestURL(tc.target))
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

// proxyURLs renders a config's proxies for comparison.
func proxyURLs(c sysProxyConfig) [3]string {
	var out [3]string
	for i, u := range []*url.URL{c.HTTP, c.HTTPS, c.SOCKS} {
		if u != nil {
			out[i] = u.String()
		}
	}
	return out
}

func TestParseGSettingsProxy(t *testing.T) {
	tests := []struct {
		file     string
		want     [3]string
		bypass   []string
		pac      string
		userInfo bool
	}{
		{
			file:     "proxy/gsettings_manual.txt",
			want:     [3]string{"http://alice:s3cr3t@proxy.example:8080", "http://secure-proxy.example:3128", ""},
			bypass:   []string{"localhost", "127.0.0.0/8", "::1", "*.corp.example", "10.0.0.0/8"},
			userInfo: true,
		},
		{file: "proxy/gsettings_none.txt"},
		{
			file: "proxy/gsettings_httponly.txt",
			want: [3]string{"http://proxy.example:3128", "http://proxy.example:3128", "socks5://socks.example:1080"},
		},
		{file: "proxy/gsettings_auto.txt", pac: "http://wpad.example/wpad.dat"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			cfg := parseGSettingsProxy(sampleFile(t, tc.file))
			if cfg.Source != srcGNOME {
				t.Errorf("source %q", cfg.Source)
			}
			if got := proxyURLs(cfg); got != tc.want {
				t.Errorf("proxies %q, want %q", got, tc.want)
			}
			if !reflect.DeepEqual(cfg.Bypass, tc.bypass) {
				t.Errorf("bypass %q, want %q", cfg.Bypass, tc.bypass)
			}
			if cfg.PAC != tc.pac {
				t.Errorf("pac %q, want %q", cfg.PAC, tc.pac)
			}
			if tc.userInfo && proxyDisplay(cfg.HTTP) != "http://proxy.example:8080" {
				t.Errorf("display %q keeps credentials", proxyDisplay(cfg.HTTP))
			}
		})
	}
}

func TestGVariant(t *testing.T) {
	strs := []struct {
		in, want string
	}{
		{"'manual'", "manual"},
		{`"it's"`, "it's"},
		{`'a\'b'`, "a'b"},
		{"''", ""},
		{"8080", "8080"},
		{"true", "true"},
		{"@s 'x'", "x"},
		{"'unterminated", "unterminated"},
	}
	for _, tc := range strs {
		if got := gvString(tc.in); got != tc.want {
			t.Errorf("gvString(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	arrays := []struct {
		in   string
		want []string
	}{
		{"['localhost', '127.0.0.0/8', '::1']", []string{"localhost", "127.0.0.0/8", "::1"}},
		{"@as []", nil},
		{"[]", nil},
		{`['a, b', "c"]`, []string{"a, b", "c"}},
		{"['x', bogus]", []string{"x"}},
	}
	for _, tc := range arrays {
		if got := gvStrings(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("gvStrings(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseScutilProxy(t *testing.T) {
	tests := []struct {
		file   string
		want   [3]string
		bypass []string
		simple bool
		pac    string
	}{
		{
			file:   "proxy/scutil_manual.txt",
			want:   [3]string{"http://proxy.example:8080", "http://secure-proxy.example:3128", ""},
			bypass: []string{"*.local", "169.254/16", "intranet.example"},
			simple: true,
		},
		{file: "proxy/scutil_none.txt", bypass: []string{"*.local", "169.254/16"}},
		{file: "proxy/scutil_pac.txt", pac: "http://wpad.example/proxy.pac"},
		{file: "proxy/scutil_socks.txt", want: [3]string{"", "", "socks5://192.0.2.9:1080"}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			cfg := parseScutilProxy(sampleFile(t, tc.file))
			if got := proxyURLs(cfg); got != tc.want {
				t.Errorf("proxies %q, want %q", got, tc.want)
			}
			if !reflect.DeepEqual(cfg.Bypass, tc.bypass) || cfg.BypassSimple != tc.simple {
				t.Errorf("bypass %q simple=%v, want %q simple=%v", cfg.Bypass, cfg.BypassSimple, tc.bypass, tc.simple)
			}
			if cfg.PAC != tc.pac || cfg.Source != srcMacOS {
				t.Errorf("pac %q source %q", cfg.PAC, cfg.Source)
			}
		})
	}
}

func TestParseWinProxy(t *testing.T) {
	tests := []struct {
		name                      string
		enabled                   bool
		server, override, autoCfg string
		want                      [3]string
		bypass                    []string
	}{
		{"disabled", false, "proxy.example:8080", "", "", [3]string{}, nil},
		{"one for all", true, "proxy.example:8080", "<local>;*.corp.example", "", [3]string{"http://proxy.example:8080", "http://proxy.example:8080", ""}, []string{"<local>", "*.corp.example"}},
		{"per protocol", true, "http=p1.example:80;https=p2.example:443;socks=192.0.2.9:1080", "", "", [3]string{"http://p1.example:80", "http://p2.example:443", "socks4://192.0.2.9:1080"}, nil},
		{"with schemes", true, "https=https://p2.example:8443", "", "", [3]string{"", "https://p2.example:8443", ""}, nil},
		{"garbage skipped", true, "http=;https=[bad;ftp=f.example:21", " ; ", "", [3]string{}, nil},
		{"pac kept while off", false, "", "", "http://wpad.example/proxy.pac", [3]string{}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := parseWinProxy(tc.enabled, tc.server, tc.override, tc.autoCfg)
			if got := proxyURLs(cfg); got != tc.want {
				t.Errorf("proxies %q, want %q", got, tc.want)
			}
			if !reflect.DeepEqual(cfg.Bypass, tc.bypass) {
				t.Errorf("bypass %q, want %q", cfg.Bypass, tc.bypass)
			}
			if cfg.PAC != tc.autoCfg || cfg.Source != srcWindows {
				t.Errorf("pac %q source %q", cfg.PAC, cfg.Source)
			}
		})
	}
}

func TestValidProxyValue(t *testing.T) {
	tests := map[string]bool{
		"proxy.example:3128":           true,
		"http://proxy.example:3128":    true,
		"http://proxy.example:3128/":   true,
		"socks5://192.0.2.9:1080":      true,
		"http://u:p@proxy.example:1":   true,
		"http://alice:s3cret@[bad":     false,
		"http://":                      false,
		"http://proxy.example:port":    false,
		"http://proxy.example:80/path": false,
	}
	for in, want := range tests {
		if got := validProxyValue(in); got != want {
			t.Errorf("validProxyValue(%q) = %v, want %v", in, got, want)
		}
	}
}

// Reading this machine's settings sends nothing and must end in time,
// whatever the desktop (or its absence), with a result that hangs
// together: proxies only under the source that named them, a failure only
// with the source that failed and without proxies.
func TestSystemProxyConfigRuns(t *testing.T) {
	const limit = 2 * time.Second
	start := time.Now()
	cfg, err := systemProxyConfig(context.Background(), limit)
	took := time.Since(start)
	// Never log the URLs themselves: they may hold the user's password.
	t.Logf("source %q: http %q https %q socks %q pac %q, err %v, in %v",
		cfg.Source, proxyDisplay(cfg.HTTP), proxyDisplay(cfg.HTTPS), proxyDisplay(cfg.SOCKS), cfg.PAC, err, took)
	if took > limit+time.Second {
		t.Errorf("took %v with a %v limit", took, limit)
	}
	checkSysProxyConsistent(t, cfg, err)
}

func checkSysProxyConsistent(t *testing.T, cfg sysProxyConfig, err error) {
	t.Helper()
	switch cfg.Source {
	case "", srcGNOME, srcMacOS, srcWindows:
	default:
		t.Errorf("unknown source %q", cfg.Source)
	}
	some := cfg.HTTP != nil || cfg.HTTPS != nil || cfg.SOCKS != nil || cfg.PAC != "" || len(cfg.Bypass) > 0
	if some && cfg.Source == "" {
		t.Errorf("proxy settings without a source: %+v", cfg)
	}
	if err != nil && cfg.Source == "" {
		t.Errorf("error %v without the source that failed", err)
	}
	if err != nil && some {
		t.Errorf("error %v, yet settings returned: %+v", err, cfg)
	}
}
