package checks

import (
	"bytes"
	"fmt"
	"math/bits"
	"net/netip"
	"slices"
	"strings"
	"unicode/utf8"
)

// maxTitle bounds the page title kept: enough to recognise a page.
const maxTitle = 120

// PageSig is what identifies the page an address served for a site: the
// address, the status, the certificate's names, the page title and the
// size's order of magnitude. Two edges of one CDN serve the same title and
// certificate; a filter's block page or a provider's search page does not.
type PageSig struct {
	Addr       netip.Addr `json:"addr"`
	Status     int        `json:"status"`
	CertNames  []string   `json:"cert_names,omitempty"`
	Title      string     `json:"title,omitempty"`
	SizeBucket int        `json:"size_bucket"` // bits.Len of the body length: doubling sizes, not bytes
}

// PageSignature reads the signature of an answered request.
func PageSignature(h HTTPResult) PageSig {
	s := PageSig{Status: h.Status, CertNames: slices.Clone(h.CertNames), Title: PageTitle(h.Body), SizeBucket: bits.Len(uint(len(h.Body)))}
	if ap, err := netip.ParseAddrPort(h.RemoteAddr); err == nil {
		s.Addr = ap.Addr().Unmap()
	}
	slices.Sort(s.CertNames)
	return s
}

// PageTitle is the text of the first <title> element of an HTML body,
// whitespace collapsed, at most maxTitle characters; "" without one.
func PageTitle(body []byte) string {
	start, end, ok := titleBounds(bytes.ToLower(body))
	if !ok {
		return ""
	}
	t := strings.Join(strings.Fields(string(body[start:end])), " ")
	if !utf8.ValidString(t) {
		t = strings.ToValidUTF8(t, "")
	}
	if r := []rune(t); len(r) > maxTitle {
		t = string(r[:maxTitle])
	}
	return t
}

// titleBounds finds the text of the first <title> element in a
// lowercased body: lower[start:end]; ok is false without a whole one.
// The fingerprint (pageTitle) and the page signature (PageTitle) read
// the title through it.
func titleBounds(lower []byte) (start, end int, ok bool) {
	i := bytes.Index(lower, []byte("<title"))
	if i < 0 {
		return 0, 0, false
	}
	j := bytes.IndexByte(lower[i:], '>')
	if j < 0 {
		return 0, 0, false
	}
	start = i + j + 1
	n := bytes.Index(lower[start:], []byte("</title"))
	if n < 0 {
		return 0, 0, false
	}
	return start, start + n, true
}

// PageDiffers lists what tells page b from page a apart, as phrases; nil
// when they look like the same site. The status class, the title, and
// (without a title on either side) a size more than four times off
// decide. Certificate names alone do not: a site on two CDNs has two
// certificates for the same page; they are only mentioned beside a
// decisive difference.
func PageDiffers(a, b PageSig) []string {
	var out []string
	if a.Status/100 != b.Status/100 {
		out = append(out, fmt.Sprintf("status %d instead of %d", b.Status, a.Status))
	}
	switch {
	case a.Title != b.Title:
		out = append(out, fmt.Sprintf("title %s instead of %s", titleWords(b.Title), titleWords(a.Title)))
	case a.Title == "" && abs(a.SizeBucket-b.SizeBucket) > 2:
		out = append(out, fmt.Sprintf("a page of about %s instead of %s", sizeWords(b.SizeBucket), sizeWords(a.SizeBucket)))
	}
	if len(out) > 0 && len(a.CertNames) > 0 && len(b.CertNames) > 0 && !slices.Equal(a.CertNames, b.CertNames) {
		out = append(out, fmt.Sprintf("a certificate for %s instead of %s", strings.Join(b.CertNames, ", "), strings.Join(a.CertNames, ", ")))
	}
	return out
}

// titleWords quotes a title, or says there is none.
func titleWords(t string) string {
	if t == "" {
		return "no title"
	}
	return fmt.Sprintf("%q", t)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// sizeWords says a size bucket as the bytes it starts at.
func sizeWords(bucket int) string {
	if bucket == 0 {
		return "nothing"
	}
	n := 1 << (bucket - 1)
	if n >= 1024 {
		return fmt.Sprintf("%d KiB", n/1024)
	}
	return fmt.Sprintf("%d bytes", n)
}
