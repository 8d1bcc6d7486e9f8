package checks

import (
	"strings"
	"testing"
)

func TestPageTitle(t *testing.T) {
	for _, tt := range []struct{ body, want string }{
		{"<html><head><title>Shop</title></head>", "Shop"},
		{"<TITLE lang=en>\n  Blocked   by\tPi-hole </TITLE>", "Blocked by Pi-hole"},
		{"<title>never closed", ""},
		{"no title", ""},
		{"<title>" + strings.Repeat("é", 200) + "</title>", strings.Repeat("é", maxTitle)},
	} {
		if got := PageTitle([]byte(tt.body)); got != tt.want {
			t.Errorf("PageTitle(%.30q) = %q, want %q", tt.body, got, tt.want)
		}
	}
}

func TestPageSignature(t *testing.T) {
	s := PageSignature(HTTPResult{Status: 200, RemoteAddr: "[::ffff:203.0.113.10]:443", CertNames: []string{"www.gw.test", "shop.gw.test"}, Body: []byte("<title>Shop</title>")})
	if s.Addr.String() != "203.0.113.10" || s.Title != "Shop" || s.CertNames[0] != "shop.gw.test" || s.SizeBucket != 5 {
		t.Errorf("PageSignature = %+v", s)
	}
}

// Two CDN edges serving the same page differ in address and maybe in
// certificate, never in title: the same site. A block page differs in
// title or status, or (without titles) in size by more than four times.
func TestPageDiffers(t *testing.T) {
	shop := PageSig{Status: 200, Title: "Shop", CertNames: []string{"shop.gw.test"}, SizeBucket: 12}
	for _, tt := range []struct {
		name string
		b    PageSig
		says string // "" = the same site
	}{
		{"other edge", PageSig{Status: 200, Title: "Shop", CertNames: []string{"shop.gw.test"}, SizeBucket: 13}, ""},
		{"other CDN's certificate", PageSig{Status: 200, Title: "Shop", CertNames: []string{"*.cdn.example"}, SizeBucket: 12}, ""},
		{"block page", PageSig{Status: 200, Title: "Blocked", CertNames: []string{"blocked.example"}, SizeBucket: 9}, `title "Blocked" instead of "Shop"; a certificate for blocked.example`},
		{"forbidden", PageSig{Status: 403, Title: "Shop", SizeBucket: 12}, "status 403 instead of 200"},
	} {
		got := strings.Join(PageDiffers(shop, tt.b), "; ")
		if (tt.says == "") != (got == "") || !strings.Contains(got, tt.says) {
			t.Errorf("%s: PageDiffers = %q, want %q", tt.name, got, tt.says)
		}
	}
	untitled := PageSig{Status: 200, SizeBucket: 12}
	if got := strings.Join(PageDiffers(untitled, PageSig{Status: 200, Title: "Website blocked", SizeBucket: 12}), "; "); got != `title "Website blocked" instead of no title` {
		t.Errorf("a title where the site has none: %q", got)
	}
	for _, tt := range []struct {
		bucket int
		differ bool
	}{{14, false}, {10, false}, {15, true}, {9, true}} {
		b := untitled
		b.SizeBucket = tt.bucket
		if got := len(PageDiffers(untitled, b)) > 0; got != tt.differ {
			t.Errorf("untitled, bucket 12 vs %d: differ %v, want %v", tt.bucket, got, tt.differ)
		}
	}
}
