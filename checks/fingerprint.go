package checks

import (
	"bytes"
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Role says which hop of the path produced a response.
type Role string

const (
	RoleUnknown Role = ""
	RoleEdge    Role = "edge"   // a CDN/edge network generated the page itself (it could not get a valid answer from the origin)
	RoleOrigin  Role = "origin" // the site's own servers generated it (origin web server, its reverse proxy or load balancer), possibly relayed by a CDN
	RoleProxy   Role = "proxy"  // a forward HTTP proxy on the user's side generated it
	RoleFilter  Role = "filter" // a network filter (security appliance, secure web gateway) blocked the request with its own page (fingerprint_appliance.go)
)

// Fingerprint names the software on the path of one HTTP response and which
// hop generated it.
type Fingerprint struct {
	Vendor      string   // the vendor that generated the page when known, else the outermost vendor seen; "" unknown
	Via         []string // every vendor seen on the path, outermost first
	GeneratedBy Role
	Signals     []string // human-readable evidence
	// Page says what the generating hop's page is when that is not an
	// error: a bot check or a refusal of this client. The verdict reads
	// it rather than bodies.
	Page PageKind
}

// PageKind is what a recognised page means for the visitor.
type PageKind string

const (
	PageError     PageKind = ""          // an error page, or nothing recognised
	PageChallenge PageKind = "challenge" // a bot check (JavaScript or captcha challenge): the site is up
	PageRefused   PageKind = "refused"   // the site's edge refuses this client's address (IP, country or firewall rule)
	// PageRateLimited: the site's edge or gateway says this client sent
	// too many requests (Cloudflare 1015, a gateway's own 429 page): the
	// site is up and wants fewer requests.
	PageRateLimited PageKind = "rate-limited"
)

// Bounds on what is searched: error pages carry their tell-tale text near
// the top, and a hostile server may hand over anything.
const (
	fpMaxBody  = 64 << 10
	fpMaxValue = 4 << 10
	fpMaxShown = 100 // characters of a header value or body quoted in a signal
)

type hdrMatch int

const (
	hdrPresent  hdrMatch = iota // the header is there
	hdrContains                 // its lowercased value contains value
	hdrProduct                  // its product name (before any "/version") is value
)

type statusRange struct{ min, max int }

var (
	anyError    = statusRange{400, 599}
	serverError = statusRange{500, 599}
)

// fpRule is one piece of evidence. Every condition that is set must hold.
// Patterns are lowercase with single spaces: they are compared with the
// lowercased, whitespace-collapsed body.
type fpRule struct {
	id     string // names its sample, testdata/fingerprint/<id>.http
	vendor string
	// role is who generated the page when the rule matches; RoleUnknown
	// means the vendor is only seen on the path (it may have relayed it).
	role      Role
	status    statusRange // zero: any status
	header    string      // lowercase header name
	how       hdrMatch
	value     string
	show      bool                // quote the value of a hdrPresent header
	derive    func(string) string // vendor named by the header value; "" no match
	body      []string            // any one of these
	emptyBody bool                // nothing but whitespace in the body
	bodyIs    []string            // the whole (collapsed, lowercased) body is one of these
	bodyMax   int                 // when set, the collapsed body is at most this long
	noHeader  string              // lowercase header name that must be absent
	needs     string              // another vendor that must be seen by a rule without needs
	note      string              // what the evidence means, when not obvious
	statusFor func(int) string    // names the status in the signal
	page      PageKind            // what the page means, when the rule decides
}

// FingerprintResponse tells from a response's status, headers and body
// which software is on the path and which hop generated the page. It minds
// who generated the page, not who relayed it, and names nothing it cannot
// see: without recognisable evidence the result is empty.
func FingerprintResponse(status int, h http.Header, body []byte) Fingerprint {
	in := newFPInput(status, h, body)
	if fp, ok := applianceBlock(in); ok {
		return fp
	}
	return resolveFingerprint(matchFingerprint(in))
}

type fpInput struct {
	status  int
	headers map[string][]string // lowercase name: values
	body    []byte              // whitespace collapsed
	lower   []byte              // the same, ASCII-lowercased; offsets match body
}

func newFPInput(status int, h http.Header, body []byte) *fpInput {
	in := &fpInput{status: status, headers: make(map[string][]string, len(h))}
	// Keys are lowercased here rather than trusted to be canonical: the
	// header map may come from somewhere other than net/http.
	for k, vs := range h {
		lk := strings.ToLower(k)
		in.headers[lk] = append(in.headers[lk], vs...)
	}
	if len(body) > fpMaxBody {
		body = body[:fpMaxBody]
	}
	in.body, in.lower = collapseBody(body)
	return in
}

// collapseBody turns every run of whitespace into one space, so sentences
// broken across lines (Apache's pages) still match, and lowercases ASCII
// letters only, so byte offsets stay the same in both copies whatever the
// encoding.
func collapseBody(b []byte) (norm, lower []byte) {
	norm = make([]byte, 0, len(b))
	lower = make([]byte, 0, len(b))
	space := false
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n', '\f', '\v':
			space = true
			continue
		}
		if space && len(norm) > 0 {
			norm = append(norm, ' ')
			lower = append(lower, ' ')
		}
		space = false
		norm = append(norm, c)
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower = append(lower, c)
	}
	return norm, lower
}

type fpMatch struct {
	idx      int
	rule     *fpRule
	vendor   string
	evidence string // what was seen
}

// signal is the evidence with the rule's note; only the deciding match
// carries its note, as a losing rule's reading may contradict the verdict.
func (m fpMatch) signal(deciding bool) string {
	if deciding && m.rule.note != "" {
		return m.evidence + " — " + m.rule.note
	}
	return m.evidence
}

// matchFingerprint runs the rules; those with needs run after the others,
// against the vendors those found. The result is in table order.
func matchFingerprint(in *fpInput) []fpMatch {
	var ms []fpMatch
	seen := map[string]bool{}
	for i := range fingerprintRules {
		r := &fingerprintRules[i]
		if r.needs != "" {
			continue
		}
		if m, ok := r.match(in); ok {
			m.idx = i
			ms = append(ms, m)
			seen[m.vendor] = true
		}
	}
	for i := range fingerprintRules {
		r := &fingerprintRules[i]
		if r.needs == "" || !seen[r.needs] {
			continue
		}
		if m, ok := r.match(in); ok {
			m.idx = i
			ms = append(ms, m)
		}
	}
	slices.SortFunc(ms, func(a, b fpMatch) int { return cmp.Compare(a.idx, b.idx) })
	return ms
}

func (r *fpRule) match(in *fpInput) (fpMatch, bool) {
	m := fpMatch{rule: r, vendor: r.vendor}
	if r.status.min != 0 && (in.status < r.status.min || in.status > r.status.max) {
		return m, false
	}
	var parts []string
	if r.header != "" {
		vendor, shown, ok := r.matchHeader(in.headers[r.header])
		if !ok {
			return m, false
		}
		if vendor != "" {
			m.vendor = vendor
		}
		parts = append(parts, shown)
	}
	if len(r.body) > 0 {
		quote, ok := r.matchBody(in)
		if !ok {
			return m, false
		}
		parts = append(parts, "body: "+quote)
	}
	if r.emptyBody {
		if len(in.body) > 0 {
			return m, false
		}
		parts = append(parts, "empty body")
	}
	if r.bodyMax > 0 && len(in.body) > r.bodyMax {
		return m, false
	}
	if len(r.bodyIs) > 0 {
		if !slices.Contains(r.bodyIs, string(in.lower)) {
			return m, false
		}
		parts = append(parts, "whole body: "+strconv.Quote(shownText(string(in.body))))
	}
	if r.noHeader != "" {
		if len(in.headers[r.noHeader]) > 0 {
			return m, false
		}
		parts = append(parts, "no "+r.noHeader+" header")
	}
	if len(parts) == 0 {
		s := "status " + strconv.Itoa(in.status)
		if r.statusFor != nil {
			s += " (" + r.statusFor(in.status) + ")"
		}
		parts = append(parts, s)
	}
	m.evidence = strings.Join(parts, " + ")
	return m, m.vendor != ""
}

// matchHeader reports the vendor a derive rule names and how the evidence
// reads in a signal.
func (r *fpRule) matchHeader(values []string) (vendor, shown string, ok bool) {
	for _, v := range values {
		if len(v) > fpMaxValue {
			v = v[:fpMaxValue]
		}
		lv := strings.ToLower(v)
		switch {
		case r.derive != nil:
			vendor = r.derive(v)
			ok = vendor != ""
		case r.how == hdrPresent:
			if !r.show {
				return "", "header " + r.header + " present", true
			}
			ok = true
		case r.how == hdrContains:
			ok = strings.Contains(lv, r.value)
		case r.how == hdrProduct:
			ok = strings.ToLower(productName(v)) == r.value
		}
		if ok {
			return vendor, "header " + r.header + ": " + shownText(v), true
		}
	}
	return "", "", false
}

func (r *fpRule) matchBody(in *fpInput) (string, bool) {
	for _, p := range r.body {
		if i := bytes.Index(in.lower, []byte(p)); i >= 0 {
			return strconv.Quote(shownText(string(in.body[i:phraseEnd(in.body, i, i+len(p))]))), true
		}
	}
	return "", false
}

// phraseEnd extends a match to the end of its phrase, so a signal quotes
// "The web server reported a bad gateway error" rather than the pattern:
// up to markup, a quote, a query string or a sentence's full stop, and at
// most fpMaxShown bytes from start.
func phraseEnd(b []byte, start, end int) int {
	limit := min(len(b), start+fpMaxShown)
	for end < limit {
		c := b[end]
		if c == '<' || c == '>' || c == '"' || c == '\'' || c == '?' {
			break
		}
		if c == '.' && (end+1 == len(b) || !isAlnum(b[end+1])) {
			break
		}
		end++
	}
	for end > start && end < len(b) && !utf8.RuneStart(b[end]) {
		end-- // do not split a character
	}
	return end
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// shownText makes server-controlled text safe and short for a signal.
func shownText(s string) string {
	s = strings.ToValidUTF8(s, "?")
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > fpMaxShown {
		s = string([]rune(s)[:fpMaxShown]) + "…"
	}
	return s
}

// resolveFingerprint turns matches into the verdict: the first rule that
// says who generated the page decides; every matched vendor is on the path.
func resolveFingerprint(ms []fpMatch) Fingerprint {
	var fp Fingerprint
	gen := -1
	present := map[string]bool{}
	for i, m := range ms {
		present[m.vendor] = true
		if gen < 0 && m.rule.role != RoleUnknown {
			gen = i
		}
	}
	fold := func(v string) string {
		if to, ok := fpFoldInto[v]; ok && present[to] {
			return to
		}
		return v
	}
	type seenVendor struct {
		name       string
		layer      int
		serverOnly bool // known only from a Server header
	}
	var seen []*seenVendor
	byName := map[string]*seenVendor{}
	for _, m := range ms {
		name := fold(m.vendor)
		sv := byName[name]
		if sv == nil {
			sv = &seenVendor{name: name, layer: vendorLayer(name), serverOnly: true}
			byName[name] = sv
			seen = append(seen, sv)
		}
		if m.rule.header != "server" || m.rule.role != RoleUnknown {
			sv.serverOnly = false
		}
	}
	// Stable: within a layer, table order (Cloudflare before CloudFront...).
	slices.SortStableFunc(seen, func(a, b *seenVendor) int { return cmp.Compare(a.layer, b.layer) })

	if gen >= 0 {
		fp.GeneratedBy = ms[gen].rule.role
		fp.Vendor = fold(ms[gen].vendor)
		fp.Page = ms[gen].rule.page
	}
	for _, sv := range seen {
		// An edge that generates a page writes its Server header too, so a
		// deeper product named only there is the edge's own software, not
		// a hop behind it.
		if fp.GeneratedBy == RoleEdge && sv.serverOnly && sv.layer > vendorLayer(fp.Vendor) {
			continue
		}
		fp.Via = append(fp.Via, sv.name)
	}
	if fp.Vendor == "" && len(fp.Via) > 0 {
		fp.Vendor = fp.Via[0]
	}
	if gen >= 0 {
		fp.Signals = append(fp.Signals, ms[gen].signal(true))
	}
	for i, m := range ms {
		if s := m.signal(false); i != gen && !slices.Contains(fp.Signals, s) {
			fp.Signals = append(fp.Signals, s)
		}
	}
	return fp
}

// productName is the product in a Server-like value: "nginx/1.25.3 (Ubuntu)"
// gives "nginx", "WinGate 9.4" gives "WinGate". Only letters, digits and
// " .-_" are kept.
func productName(v string) string {
	if i := strings.IndexAny(v, "/(,;"); i >= 0 {
		v = v[:i]
	}
	var words []string
	for _, w := range strings.Fields(v) {
		if w[0] >= '0' && w[0] <= '9' || len(w) > 1 && (w[0] == 'v' || w[0] == 'V') && w[1] >= '0' && w[1] <= '9' {
			continue // a version
		}
		words = append(words, w)
	}
	v = strings.Map(func(r rune) rune {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == ' ', r == '.', r == '-', r == '_':
			return r
		}
		return -1
	}, strings.Join(words, " "))
	v = strings.TrimSpace(v)
	if len(v) > 40 {
		v = strings.TrimSpace(v[:40])
	}
	return v
}
