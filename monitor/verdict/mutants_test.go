package verdict

import (
	"net/http"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/checks"
)

// Cases that pin conditions no other fixture separates (each killed a
// survivor of `make mutation`).

// clock-wrong also reads the separate TLS probe: a generic TLS failure of
// the site request whose chain the probe found expired, with the clock a
// year off, is the clock; the same with an authority failure is not.
func TestClockWrongReadsTheTLSProbe(t *testing.T) {
	for _, tt := range []struct {
		probe checks.ErrKind
		want  string
	}{
		{checks.ErrTLSExpired, "clock-wrong"},
		{checks.ErrTLSAuthority, "tls-invalid"},
	} {
		e := healthy()
		e.HTTP = failure(checks.ErrTLS, "tls: failed to verify certificate")
		e.TLS = &checks.TLSResult{Err: tt.probe, Detail: "chain checked by hand"}
		e.Net.Clocks = []ClockReading{{Source: "canary 203.0.113.30", Skew: 400 * 24 * time.Hour}}
		if v := Decide(e); v.Rule != tt.want {
			t.Errorf("TLS probe %s: rule %s, want %s (%s)", tt.probe, v.Rule, tt.want, v.Summary)
		}
	}
}

// proxy-refused needs the proxy's own 4xx answer: not a request that was
// never awaited, nor one that failed otherwise.
func TestProxyRefusedNeedsA4xxAnswer(t *testing.T) {
	for name, build := range map[string]func(e *Evidence){
		"site not awaited": func(e *Evidence) {
			e.HTTP, e.SiteNotAwaited = nil, "site request not awaited: test"
		},
		"timed out through the proxy": func(e *Evidence) {
			e.HTTP = failure(checks.ErrTimeout, "context deadline exceeded")
		},
	} {
		t.Run(name, func(t *testing.T) {
			e := healthy()
			withProxy(e, true)
			e.FP = checks.Fingerprint{Vendor: "Squid", GeneratedBy: checks.RoleProxy}
			build(e)
			if v := Decide(e); v.Rule == "proxy-refused" {
				t.Errorf("proxy-refused without a 4xx answer: %s", v.Summary)
			}
		})
	}
}

// proxyErrorName keeps Squid's error names (capitals, digits, "_") and
// drops anything else a hostile header could carry.
func TestProxyErrorName(t *testing.T) {
	for _, tt := range []struct{ header, want string }{
		{"ERR_ACCESS_DENIED 0", ", ERR_ACCESS_DENIED"},
		{"ERR_TLS13_FAIL 71", ", ERR_TLS13_FAIL"},
		{"ERR_<script> 0", ""},
		{"err_lowercase", ""},
		{"ERR_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", ""},
		{"", ""},
	} {
		e := healthy()
		e.HTTP = response(403, http.Header{"X-Squid-Error": {tt.header}}, "denied")
		if got := proxyErrorName(e); got != tt.want {
			t.Errorf("X-Squid-Error %q: %q, want %q", tt.header, got, tt.want)
		}
	}
}
