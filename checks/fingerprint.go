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
)

// Bounds on what is searched: error pages carry their tell-tale text near
// the top, and a hostile server may hand over anything.
const (
	fpMaxBody  = 64 << 10
	fpMaxValue = 4 << 10
	fpMaxShown = 100 // characters of a header value or body quoted in a signal
)

// Vendor names, as shown to the user.
const (
	vSquid      = "Squid"
	vTinyproxy  = "tinyproxy"
	vPrivoxy    = "Privoxy"
	vCloudflare = "Cloudflare"
	vCloudFront = "CloudFront"
	vFastly     = "Fastly"
	vAkamai     = "Akamai"
	vGFE        = "Google Front End"
	vVarnish    = "Varnish"
	vELB        = "AWS ELB"
	vVercel     = "Vercel"
	vHeroku     = "Heroku"
	vEnvoy      = "Envoy"
	vHAProxy    = "HAProxy"
	vNginx      = "nginx"
	vOpenResty  = "OpenResty"
	vApache     = "Apache"
	vCaddy      = "Caddy"
	vSucuri     = "Sucuri"
)

// Layers order Via from the user outwards to the site's web server.
const (
	layerProxy  = iota // forward proxy on the user's side
	layerCDN           // CDN / edge network
	layerFront         // the site's platform, load balancer or cache
	layerServer        // the site's web server
)

var vendorLayers = map[string]int{
	vSquid: layerProxy, vTinyproxy: layerProxy, vPrivoxy: layerProxy,
	vCloudflare: layerCDN, vSucuri: layerCDN, vCloudFront: layerCDN, vFastly: layerCDN, vAkamai: layerCDN, vGFE: layerCDN,
	vVarnish: layerFront, vELB: layerFront, vVercel: layerFront, vHeroku: layerFront, vEnvoy: layerFront, vHAProxy: layerFront,
	vNginx: layerServer, vOpenResty: layerServer, vApache: layerServer, vCaddy: layerServer,
}

// vendorLayer places a vendor; names not in the table come only from the
// generic Proxy-Agent and Via rules, which name forward proxies.
func vendorLayer(v string) int {
	if l, ok := vendorLayers[v]; ok {
		return l
	}
	return layerProxy
}

// fpFoldInto merges a vendor into another when both are seen: Fastly runs
// Varnish, so its "Via: 1.1 varnish" is not a second hop.
var fpFoldInto = map[string]string{vVarnish: vFastly}

// Known forward-proxy products, by lowercase product name.
var proxyProducts = map[string]string{"squid": vSquid, "tinyproxy": vTinyproxy, "privoxy": vPrivoxy}

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
	needs     string              // another vendor that must be seen by a rule without needs
	note      string              // what the evidence means, when not obvious
	statusFor func(int) string    // names the status in the signal
	page      PageKind            // what the page means, when the rule decides
}

// fingerprintRules is every signal. Order matters: when several rules say
// who generated the page, the first one wins, so forward proxies come first
// (a proxy's own page never carries a site's markers), then Cloudflare's
// page for an origin error (it is otherwise a branded Cloudflare page), then
// edges, the site's front tiers and its web servers.
var fingerprintRules = []fpRule{
	// Forward proxies on the user's side.
	{id: "squid-error-header", vendor: vSquid, role: RoleProxy, header: "x-squid-error", show: true, note: "Squid's own error page"},
	{id: "squid-server", vendor: vSquid, role: RoleProxy, header: "server", how: hdrProduct, value: "squid", note: "Squid answered itself"},
	{id: "squid-page", vendor: vSquid, role: RoleProxy, status: anyError, body: []string{"(squid/", "(squid)"}, note: "Squid error page footer"},
	{id: "tinyproxy-server", vendor: vTinyproxy, role: RoleProxy, header: "server", how: hdrProduct, value: "tinyproxy", note: "tinyproxy answered itself"},
	{id: "tinyproxy-page", vendor: vTinyproxy, role: RoleProxy, body: []string{"generated by tinyproxy"}},
	{id: "privoxy-page", vendor: vPrivoxy, role: RoleProxy, status: anyError, body: []string{"(privoxy@"}, note: "Privoxy error page"},
	{id: "proxy-agent", role: RoleProxy, header: "proxy-agent", derive: proxyProduct, note: "a proxy answered itself"},
	{id: "squid-via", vendor: vSquid, header: "via", how: hdrContains, value: "(squid"},
	{id: "tinyproxy-via", vendor: vTinyproxy, header: "via", how: hdrContains, value: "(tinyproxy"},
	{id: "via-proxy-product", header: "via", derive: viaProxyProduct},

	// Cloudflare.
	{id: "cf-origin-error", vendor: vCloudflare, role: RoleOrigin, status: serverError, body: []string{"the web server reported a"}, needs: vCloudflare,
		note: "Cloudflare relayed an error the origin web server returned"},
	{id: "cf-52x-status", vendor: vCloudflare, role: RoleEdge, status: statusRange{520, 526}, needs: vCloudflare, statusFor: cloudflareStatus},
	{id: "cf-520-page", vendor: vCloudflare, role: RoleEdge, status: anyError, body: []string{"web server is returning an unknown error"}, needs: vCloudflare},
	{id: "cf-521-page", vendor: vCloudflare, role: RoleEdge, status: anyError, body: []string{"web server is down"}, needs: vCloudflare},
	{id: "cf-522-page", vendor: vCloudflare, role: RoleEdge, status: anyError, body: []string{"connection timed out"}, needs: vCloudflare},
	{id: "cf-523-page", vendor: vCloudflare, role: RoleEdge, status: anyError, body: []string{"origin is unreachable"}, needs: vCloudflare},
	{id: "cf-524-page", vendor: vCloudflare, role: RoleEdge, status: anyError, body: []string{"a timeout occurred"}, needs: vCloudflare},
	{id: "cf-525-page", vendor: vCloudflare, role: RoleEdge, status: anyError, body: []string{"ssl handshake failed"}, needs: vCloudflare},
	{id: "cf-526-page", vendor: vCloudflare, role: RoleEdge, status: anyError, body: []string{"invalid ssl certificate"}, needs: vCloudflare},
	{id: "cf-edge-connect", vendor: vCloudflare, role: RoleEdge, status: anyError, body: []string{"the edge could not connect to the origin"}, needs: vCloudflare},
	{id: "cf-plain-page", vendor: vCloudflare, role: RoleEdge, status: anyError, body: []string{"<center>cloudflare"}, note: "Cloudflare's plain error page"},
	// Bot checks and refusals come before the branded page, which they
	// also are: what the page asks of the visitor is the finer reading.
	{id: "cf-mitigated-challenge", vendor: vCloudflare, role: RoleEdge, header: "cf-mitigated", how: hdrContains, value: "challenge",
		note: "Cloudflare bot check (challenge), not an outage", page: PageChallenge},
	{id: "cf-challenge", vendor: vCloudflare, role: RoleEdge, status: anyError, body: []string{"/cdn-cgi/challenge-platform/"},
		note: "Cloudflare bot check (challenge), not an outage", page: PageChallenge},
	{id: "cf-js-challenge", vendor: vCloudflare, role: RoleEdge, status: anyError, needs: vCloudflare,
		body: []string{"checking your browser before accessing", "name=\"jschl_vc\"", "id=\"challenge-form\""},
		note: "Cloudflare JavaScript bot check (the older one, served as 503), not an outage", page: PageChallenge},
	{id: "cf-captcha-page", vendor: vCloudflare, role: RoleEdge, status: anyError, needs: vCloudflare,
		body: []string{"cf-captcha-container", "attention required! | cloudflare"},
		note: "Cloudflare captcha bot check, not an outage", page: PageChallenge},
	{id: "cf-access-denied", vendor: vCloudflare, role: RoleEdge, status: anyError, needs: vCloudflare,
		body: []string{"has banned your ip address", "banned the country or region your ip address is in", "used cloudflare to restrict access",
			"cf-error-code\">1006<", "cf-error-code\">1009<", "cf-error-code\">1020<",
			"error code: 1006", "error code: 1009", "error code: 1020"}, // the plain-text page non-browser clients get
		note: "Cloudflare refuses this client's address (error 1006/1009/1020)", page: PageRefused},
	{id: "cf-branded-page", vendor: vCloudflare, role: RoleEdge, status: anyError, body: []string{"cloudflare ray id", "cf-error-details", "cf.errors.css"},
		note: "Cloudflare's own error page"},
	{id: "cf-ray", vendor: vCloudflare, header: "cf-ray"},
	{id: "cf-server", vendor: vCloudflare, header: "server", how: hdrProduct, value: "cloudflare"},
	{id: "cf-server-nginx", vendor: vCloudflare, header: "server", how: hdrProduct, value: "cloudflare-nginx"}, // Cloudflare's Server header until 2017

	// Sucuri's website firewall (CloudProxy).
	{id: "sucuri-js-challenge", vendor: vSucuri, role: RoleEdge, body: []string{"sucuri_cloudproxy_js"},
		note: "Sucuri bot check (JavaScript cookie challenge), not an outage", page: PageChallenge},
	{id: "sucuri-blocked", vendor: vSucuri, role: RoleEdge, status: anyError, body: []string{"access denied - sucuri website firewall"},
		note: "Sucuri's firewall refuses this client", page: PageRefused},
	{id: "sucuri-server", vendor: vSucuri, header: "server", how: hdrProduct, value: "sucuri"},
	{id: "sucuri-id", vendor: vSucuri, header: "x-sucuri-id"},

	// CloudFront.
	{id: "cloudfront-page", vendor: vCloudFront, role: RoleEdge, body: []string{"generated by cloudfront (cloudfront)"}},
	{id: "cloudfront-id", vendor: vCloudFront, header: "x-amz-cf-id"},
	{id: "cloudfront-via", vendor: vCloudFront, header: "via", how: hdrContains, value: "cloudfront"},
	{id: "cloudfront-xcache", vendor: vCloudFront, header: "x-cache", how: hdrContains, value: "cloudfront"},

	// Fastly, and Varnish on its own. fastly-error's patterns include all
	// of varnish-error's so that Varnish inside Fastly never wins.
	{id: "fastly-error", vendor: vFastly, role: RoleEdge, status: serverError, needs: vFastly,
		body: []string{"backend read error", "backend fetch failed", "all backends failed or unhealthy", "guru mediation", "guru meditation", "varnish cache server"}},
	{id: "fastly-unknown-domain", vendor: vFastly, role: RoleEdge, body: []string{"fastly error: unknown domain"}},
	{id: "fastly-served-by", vendor: vFastly, header: "x-served-by", how: hdrContains, value: "cache-"},
	{id: "varnish-error", vendor: vVarnish, role: RoleOrigin, status: serverError, body: []string{"backend fetch failed", "guru meditation", "varnish cache server"},
		note: "the site's Varnish cache could not reach its backend"},
	{id: "varnish-via", vendor: vVarnish, header: "via", how: hdrContains, value: "varnish"},

	// Akamai.
	{id: "akamai-reference-encoded", vendor: vAkamai, role: RoleEdge, status: anyError, body: []string{"reference&#32;&#35;"}, note: "Akamai error reference"},
	{id: "akamai-edgesuite", vendor: vAkamai, role: RoleEdge, status: anyError, body: []string{"errors.edgesuite.net"}},
	{id: "akamai-reference", vendor: vAkamai, role: RoleEdge, status: anyError, body: []string{"reference #"}, needs: vAkamai, note: "Akamai error reference"},
	{id: "akamai-server", vendor: vAkamai, header: "server", how: hdrProduct, value: "akamaighost"},

	// Google Front End (Google's own sites, App Engine, Cloud Run, Cloud Load Balancing).
	{id: "gfe-error-page", vendor: vGFE, role: RoleEdge, status: anyError, body: []string{"<ins>that’s an error.</ins>", "<ins>that's an error.</ins>"}},
	{id: "gfe-server-error", vendor: vGFE, role: RoleEdge, status: serverError, body: []string{"the server encountered a temporary error and could not complete your request"}},
	{id: "gfe-server", vendor: vGFE, header: "server", how: hdrProduct, value: "gfe"},
	{id: "gfe-frontend", vendor: vGFE, header: "server", how: hdrProduct, value: "google frontend"},
	{id: "gfe-via", vendor: vGFE, header: "via", how: hdrContains, value: "1.1 google"},

	// The site's own platform, load balancers and caches.
	{id: "elb-server", vendor: vELB, role: RoleOrigin, header: "server", how: hdrProduct, value: "awselb", note: "the site's AWS load balancer answered itself"},
	{id: "vercel-error", vendor: vVercel, role: RoleOrigin, header: "x-vercel-error", show: true, note: "Vercel platform error"},
	{id: "vercel-id", vendor: vVercel, header: "x-vercel-id"},
	{id: "vercel-server", vendor: vVercel, header: "server", how: hdrProduct, value: "vercel"},
	{id: "heroku-error-page", vendor: vHeroku, role: RoleOrigin, status: anyError, body: []string{"herokucdn.com/error-pages/"}, note: "Heroku router error page"},
	{id: "heroku-app-error", vendor: vHeroku, role: RoleOrigin, status: serverError, body: []string{"<title>application error</title>"}, needs: vHeroku},
	{id: "heroku-via", vendor: vHeroku, header: "via", how: hdrContains, value: "vegur"},
	{id: "heroku-router-via", vendor: vHeroku, header: "via", how: hdrContains, value: "heroku-router"},
	{id: "heroku-server", vendor: vHeroku, header: "server", how: hdrProduct, value: "heroku"},
	{id: "envoy-upstream-connect", vendor: vEnvoy, role: RoleOrigin, status: serverError, body: []string{"upstream connect error or disconnect/reset before headers"}},
	{id: "envoy-no-healthy", vendor: vEnvoy, role: RoleOrigin, status: serverError, body: []string{"no healthy upstream"}},
	{id: "envoy-upstream-timeout", vendor: vEnvoy, role: RoleOrigin, status: serverError, body: []string{"upstream request timeout"}},
	{id: "envoy-server", vendor: vEnvoy, header: "server", how: hdrContains, value: "envoy"},
	{id: "envoy-upstream-time", vendor: vEnvoy, header: "x-envoy-upstream-service-time"},
	{id: "haproxy-no-server", vendor: vHAProxy, role: RoleOrigin, status: serverError, body: []string{"no server is available to handle this request"}},
	{id: "haproxy-bad-response", vendor: vHAProxy, role: RoleOrigin, status: serverError, body: []string{"the server returned an invalid or incomplete response"}},
	{id: "haproxy-timeout", vendor: vHAProxy, role: RoleOrigin, status: serverError, body: []string{"the server didn't respond in time"}},

	// The site's web servers.
	{id: "nginx-page", vendor: vNginx, role: RoleOrigin, status: anyError, body: []string{"<center>nginx"}, note: "nginx default error page"},
	{id: "nginx-server", vendor: vNginx, header: "server", how: hdrProduct, value: "nginx"},
	{id: "openresty-page", vendor: vOpenResty, role: RoleOrigin, status: anyError, body: []string{"<center>openresty"}, note: "OpenResty default error page"},
	{id: "openresty-server", vendor: vOpenResty, header: "server", how: hdrProduct, value: "openresty"},
	{id: "apache-proxy-error", vendor: vApache, role: RoleOrigin, status: serverError,
		body: []string{"the proxy server received an invalid response from an upstream server", "the proxy server could not handle the request"}},
	{id: "apache-address", vendor: vApache, role: RoleOrigin, status: anyError, body: []string{"<address>apache/"}, note: "Apache default error page"},
	{id: "apache-server", vendor: vApache, header: "server", how: hdrProduct, value: "apache"},
	{id: "caddy-empty", vendor: vCaddy, role: RoleOrigin, status: statusRange{502, 504}, header: "server", how: hdrProduct, value: "caddy", emptyBody: true,
		note: "Caddy's reverse proxy could not reach its upstream"},
	{id: "caddy-server", vendor: vCaddy, header: "server", how: hdrProduct, value: "caddy"},
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

// proxyProduct names the proxy in a Proxy-Agent value.
func proxyProduct(v string) string {
	p := productName(v)
	if known, ok := proxyProducts[strings.ToLower(p)]; ok {
		return known
	}
	return p
}

// viaProxyProduct names the first proxy product in a Via value's comments,
// "1.1 gw.corp.example (Example Web Proxy/3.2)"; a product must say it is a
// proxy, as a Via entry alone does not tell a forward proxy from a site's
// reverse proxy.
func viaProxyProduct(v string) string {
	for {
		open := strings.IndexByte(v, '(')
		if open < 0 {
			return ""
		}
		v = v[open+1:]
		end := strings.IndexByte(v, ')')
		if end < 0 {
			end = len(v)
		}
		p := productName(v[:end])
		if strings.Contains(strings.ToLower(p), "proxy") {
			return proxyProduct(p)
		}
		v = v[end:]
	}
}

// cloudflareStatus names Cloudflare's 52x statuses.
func cloudflareStatus(code int) string {
	switch code {
	case 520:
		return "Cloudflare: web server is returning an unknown error"
	case 521:
		return "Cloudflare: web server is down"
	case 522:
		return "Cloudflare: connection timed out"
	case 523:
		return "Cloudflare: origin is unreachable"
	case 524:
		return "Cloudflare: a timeout occurred"
	case 525:
		return "Cloudflare: SSL handshake failed"
	case 526:
		return "Cloudflare: invalid SSL certificate"
	}
	return "Cloudflare"
}
