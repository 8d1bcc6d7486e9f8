package verdict

import (
	"strings"
	"testing"
)

// Redaction is a privacy promise: the report is meant to be pasted into a
// ticket, so nothing that commonly carries a secret may survive it.

func TestRedactURL(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "https://shop.gw.test/a/b", "https://shop.gw.test/a/b"},
		{"query", "https://shop.gw.test/login?token=T1&next=%2F", "https://shop.gw.test/login"},
		{"fragment", "https://shop.gw.test/app#access_token=T2", "https://shop.gw.test/app"},
		{"user and password", "https://alice:s3cret@shop.gw.test/", "https://shop.gw.test/"},
		{"user only (a token as user)", "https://ghp_T3@shop.gw.test/repo", "https://shop.gw.test/repo"},
		{"everything", "https://alice:s3cret@shop.gw.test:8443/inbox?session=T4#msg", "https://shop.gw.test:8443/inbox"},
		{"empty query kept out", "http://192.0.2.7:8080/?", "http://192.0.2.7:8080/"},
		{"IPv6 host", "http://[2001:db8::1]:8080/p?k=T5#f", "http://[2001:db8::1]:8080/p"},
		{"IPv6 host with credentials", "https://u:p@[2001:db8::1]/", "https://[2001:db8::1]/"},
		{"proxy URL", "socks5://alice:s3cret@198.51.100.80:1080", "socks5://198.51.100.80:1080"},
		{"scheme case", "HTTPS://alice:s3cret@shop.gw.test/?a=T6", "https://shop.gw.test/"},
		{"no scheme", "shop.gw.test/reset?token=T7", "shop.gw.test/reset"},
		{"unparsable", "http://[::1", "[unparsable URL removed]"},
		{"unparsable with secret", "http://alice:s3cret@[::1/?t=T8", "[unparsable URL removed]"},
		{"empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := RedactURL(tc.in); got != tc.want {
				t.Errorf("RedactURL(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestRedactText(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"no URL", "dial tcp 203.0.113.20:443: connect: connection refused", "dial tcp 203.0.113.20:443: connect: connection refused"},
		{"Go error quoting the URL", `Get "https://shop.gw.test/?token=T1": context deadline exceeded`, `Get "https://shop.gw.test/": context deadline exceeded`},
		{"redirect target", "302 to http://192.0.2.1/login?mac=aa:bb:cc&sig=T2 (captive)", "302 to http://192.0.2.1/login (captive)"},
		{"two URLs", "https://a.example/?k=T3 then https://b.example/#T4", "https://a.example/ then https://b.example/"},
		{"URL nested in a query", "to https://sso.example/?next=https://shop.gw.test/?t=T5", "to https://sso.example/"},
		{"proxy credentials", "proxyconnect tcp: via http://alice:s3cret@198.51.100.80:3128 refused", "proxyconnect tcp: via http://198.51.100.80:3128 refused"},
		// The match runs to the next space, so a colon after the port makes
		// the URL unparsable: it goes whole, secret and all.
		{"unparsable in text", "dial http://alice:s3cret@198.51.100.80:3128: refused", "dial [unparsable URL removed] refused"},
		{"IPv6 URL in an error", `Get "https://[2001:db8::1]:443/x?k=T6": EOF`, `Get "https://[2001:db8::1]:443/x": EOF`},
		{"in angle brackets", "see <https://status.example/?u=T7>", "see <https://status.example/>"},
		{"in single quotes", "location 'https://shop.gw.test/#T8'", "location 'https://shop.gw.test/'"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := redactText(tc.in); got != tc.want {
				t.Errorf("redactText(%q)\n = %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

// Every field Report prints that can carry text from the network or the
// user's config goes through redaction; what is left is still useful.
func TestReportDoesNotLeak(t *testing.T) {
	v := Verdict{
		URL:       "https://alice:s3cret@shop.gw.test/inbox?session=T1#msg",
		Side:      SideUser,
		Hop:       HopCaptive,
		Rule:      "captive-portal",
		Summary:   "This network wants you to sign in first (captive portal at http://192.0.2.1/login?mac=T2).",
		Error:     `Get "https://shop.gw.test/inbox?session=T1": net/http: TLS handshake timeout`,
		PortalURL: "http://192.0.2.1/login?mac=T2#T3",
		Evidence: []Step{
			{Check: "canary", Detail: "302 to http://192.0.2.1/login?mac=T2", MS: 3},
			{Check: "proxy", OK: true, Detail: "http://bob:hunter2@198.51.100.80:3128 accepts connections", MS: 1},
			{Check: "http", Detail: `Get "https://[2001:db8::1]/?k=T4": EOF`, MS: 12},
		},
		Warnings: []string{"redirected via https://sso.example/cb?code=T5"},
		Fixes:    Fixes(FixOpenPortal),
	}
	r := Report(v)
	for _, secret := range []string{"alice", "s3cret", "session", "T1", "msg", "mac=", "T2", "T3", "bob", "hunter2", "T4", "code=", "T5"} {
		if strings.Contains(r, secret) {
			t.Errorf("report leaks %q:\n%s", secret, r)
		}
	}
	for _, keep := range []string{
		"URL: https://shop.gw.test/inbox",
		// The match runs to the next space: with the query go the ")."
		// after it. Cosmetic, and on the safe side.
		"captive portal at http://192.0.2.1/login\n",
		"Network login page: http://192.0.2.1/login",
		"http://198.51.100.80:3128 accepts connections",
		"https://[2001:db8::1]/",
		"TLS handshake timeout",
		"side user, hop captive-portal",
		"[FAIL] canary (3 ms)",
	} {
		if !strings.Contains(r, keep) {
			t.Errorf("report lacks %q:\n%s", keep, r)
		}
	}
}
