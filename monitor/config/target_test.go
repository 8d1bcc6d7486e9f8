package config

import (
	"strings"
	"testing"
)

func TestParseTarget(t *testing.T) {
	cases := []struct{ in, want, err string }{
		{"chatgpt.com", "https://chatgpt.com/", ""},
		{"  https://ChatGPT.com/c/abc?x=1 ", "https://chatgpt.com/c/abc?x=1", ""},
		{"http://203.0.113.20:8080", "http://203.0.113.20:8080/", ""},
		{"shop.gw.test:8443/x", "https://shop.gw.test:8443/x", ""},
		{"[2001:db8::1]", "https://[2001:db8::1]/", ""},
		{"bücher.example", "https://xn--bcher-kva.example/", ""},
		{"https://bad\xffhost.test", "", "not valid UTF-8"},
		{"", "", "empty URL"},
		{"ftp://example.com", "", "only http:// and https://"},
		{"mailto:someone", "", "only http:// and https://"},
		{"javascript:alert(1)", "", "only http:// and https://"},
		{"https://", "", "no host"},
		{"https://exa mple.com", "", "spaces"},
		{"https://example.com:99999", "", "invalid port"},
		{"https://bad!host.com", "", "not a valid domain name"},
		{"https://a..b", "", "empty or over-long label"},
	}
	for _, c := range cases {
		u, err := ParseTarget(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParseTarget(%q) = %v, %v; want error with %q", c.in, u, err, c.err)
			}
			continue
		}
		if err != nil || u.String() != c.want {
			t.Errorf("ParseTarget(%q) = %v, %v; want %s", c.in, u, err, c.want)
		}
	}
}

func TestParseResolver(t *testing.T) {
	cases := []struct{ in, want string }{
		{"203.0.113.53", "203.0.113.53:53"},
		{"203.0.113.53:5353", "203.0.113.53:5353"},
		{"2001:db8::53", "[2001:db8::53]:53"},
		{"[2001:db8::53]:5353", "[2001:db8::53]:5353"},
		{"dns.example", ""},
		{"203.0.113.53:0", ""},
	}
	for _, c := range cases {
		got, err := ParseResolver(c.in)
		if (err != nil) != (c.want == "") || got != c.want {
			t.Errorf("ParseResolver(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

// FuzzParseTarget: whatever is typed, the result is an error or an http(s)
// URL with a host. Seeds in testdata/fuzz/FuzzParseTarget.
func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"chatgpt.com", "https://a.test/x?y#z", "http://[::1]:80", "ftp://x", "a:b", "%zz", "https://user:pw@host.test"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseTarget(s)
		if err != nil {
			return
		}
		if u.Scheme != "http" && u.Scheme != "https" {
			t.Fatalf("%q gave scheme %q", s, u.Scheme)
		}
		if u.Hostname() == "" {
			t.Fatalf("%q gave no host", s)
		}
		if _, err := ParseTarget(u.String()); err != nil {
			t.Fatalf("%q → %q does not parse again: %v", s, u, err)
		}
	})
}
