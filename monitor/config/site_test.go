package config

import (
	"errors"
	"strings"
	"testing"
)

func TestSiteLookupNormalises(t *testing.T) {
	c := Config{Sites: []Site{{URL: "https://a.test/", Name: "A"}, {URL: "B.test:8443/x", Name: "B"}}}
	cases := []struct {
		raw  string
		want string
		ok   bool
	}{
		{"a.test", "A", true},
		{"https://a.test", "A", true},
		{"HTTPS://A.TEST/", "A", true},
		{"https://b.test:8443/x", "B", true},
		{"http://a.test/", "", false},
		{"c.test", "", false},
		{"ftp://a.test", "", false},
	}
	for _, tc := range cases {
		s, ok := c.Site(tc.raw)
		if ok != tc.ok || s.Name != tc.want {
			t.Errorf("Site(%q) = %q, %v; want %q, %v", tc.raw, s.Name, ok, tc.want, tc.ok)
		}
	}
}

func TestDuplicateSitesRejected(t *testing.T) {
	data := `interval = "60s"
[[sites]]
url = "a.test"

[[sites]]
url = "b.test"

[[sites]] # again
url = "https://a.test/"
`
	_, err := ParseConfig([]byte(data))
	var dup *DuplicateSiteError
	if !errors.As(err, &dup) {
		t.Fatalf("got %v, want a duplicate-site error", err)
	}
	msg := err.Error()
	for _, want := range []string{`sites[0] "a.test" (line 2)`, `sites[2] "https://a.test/" (line 8)`, "https://a.test/"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q does not say %q", msg, want)
		}
	}
	// Inline arrays have no table headers: positions and spellings only.
	_, err = ParseConfig([]byte(`sites = [{url = "a.test"}, {url = "A.test"}]`))
	if err == nil || strings.Contains(err.Error(), "line") || !strings.Contains(err.Error(), `sites[1] "A.test"`) {
		t.Fatalf("inline: %v", err)
	}
	c := DefaultConfig()
	c.Sites = append(c.Sites, Site{URL: "github.com/"})
	if err := c.Validate(); err == nil {
		t.Fatal("Validate accepts github.com twice")
	}
}

func TestSiteName(t *testing.T) {
	cases := []struct{ name, raw, want string }{
		{"ChatGPT", "https://chatgpt.com/", "ChatGPT"},
		{"  ", "https://chatgpt.com/", "chatgpt.com"},
		{"", "https://chatgpt.com", "chatgpt.com"},
		{"", "https://shop.test:8443/", "shop.test:8443"},
		{"", "https://docs.test/guide/", "docs.test/guide"},
		{"", "not a url", "not a url"},
	}
	for _, c := range cases {
		if got := SiteName(c.name, c.raw); got != c.want {
			t.Errorf("SiteName(%q, %q) = %q, want %q", c.name, c.raw, got, c.want)
		}
	}
	if got := (Site{URL: "https://a.test/x"}).DisplayName(); got != "a.test/x" {
		t.Errorf("DisplayName = %q", got)
	}
}
