package checks

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// readResponseSample parses testdata/fingerprint/<name>.http: a raw HTTP
// response as it came off the wire (status line, headers, blank line, body).
func readResponseSample(t testing.TB, name string) (int, http.Header, []byte) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "fingerprint", name+".http"))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(raw)), nil)
	if err != nil {
		t.Fatalf("sample %s: %v", name, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("sample %s body: %v", name, err)
	}
	return resp.StatusCode, resp.Header, body
}

type fpWant struct {
	vendor string
	via    []string
	role   Role
}

// fingerprintSamples is what each sample must give. A sample named after a
// rule must also trigger that rule.
var fingerprintSamples = map[string]fpWant{
	// Forward proxies: their own pages, and pages they only relay.
	"squid-error-header":   {vSquid, []string{vSquid}, RoleProxy},
	"squid-server":         {vSquid, []string{vSquid}, RoleProxy},
	"squid-page":           {vSquid, []string{vSquid}, RoleProxy},
	"squid-via":            {vSquid, []string{vSquid}, RoleUnknown},
	"tinyproxy-server":     {vTinyproxy, []string{vTinyproxy}, RoleProxy},
	"tinyproxy-page":       {vTinyproxy, []string{vTinyproxy}, RoleProxy},
	"tinyproxy-via":        {vTinyproxy, []string{vTinyproxy, vNginx}, RoleUnknown},
	"privoxy-page":         {vPrivoxy, []string{vPrivoxy}, RoleProxy},
	"proxy-agent":          {"gost", []string{"gost"}, RoleProxy},
	"via-proxy-product":    {"Example Web Proxy", []string{"Example Web Proxy"}, RoleUnknown},
	"squid-relays-cf-edge": {vCloudflare, []string{vSquid, vCloudflare}, RoleEdge},

	// Cloudflare.
	"cf-origin-error":      {vCloudflare, []string{vCloudflare}, RoleOrigin},
	"cf-52x-status":        {vCloudflare, []string{vCloudflare}, RoleEdge},
	"cf-520-page":          {vCloudflare, []string{vCloudflare}, RoleEdge},
	"cf-521-page":          {vCloudflare, []string{vCloudflare}, RoleEdge},
	"cf-522-page":          {vCloudflare, []string{vCloudflare}, RoleEdge},
	"cf-523-page":          {vCloudflare, []string{vCloudflare}, RoleEdge},
	"cf-524-page":          {vCloudflare, []string{vCloudflare}, RoleEdge},
	"cf-525-page":          {vCloudflare, []string{vCloudflare}, RoleEdge},
	"cf-526-page":          {vCloudflare, []string{vCloudflare}, RoleEdge},
	"cf-edge-connect":      {vCloudflare, []string{vCloudflare}, RoleEdge},
	"lab-cdn-server-nginx": {vCloudflare, []string{vCloudflare}, RoleEdge},
	"cf-plain-page":        {vCloudflare, []string{vCloudflare}, RoleEdge},
	"cf-challenge":         {vCloudflare, []string{vCloudflare}, RoleEdge},
	"cf-branded-page":      {vCloudflare, []string{vCloudflare}, RoleEdge},
	// Bot checks and refusals, written for these tests after public pages:
	// cf-mitigated is documented in Cloudflare's "Detect a challenge page
	// response" (developers.cloudflare.com/cloudflare-challenges/); the
	// 2019 JavaScript challenge (503, "Checking your browser", jschl_vc
	// form), the captcha page and the 1006/1020 "Access denied" page follow
	// the captures in VeNoMouS/cloudscraper tests/fixtures and
	// codemanki/cloudscraper test/fixtures; Sucuri's cookie challenge
	// (sucuri_cloudproxy_js) codemanki/cloudscraper
	// test/fixtures/sucuri_waf_11_08_2019.html; its block page ("Access
	// Denied - Sucuri Website Firewall") a capture in
	// nrjones8/robots-dot-txt-archive-bot data/non_dotgov_gov_urls/; X-Sucuri-ID and
	// "Server: Sucuri/Cloudproxy" are the headers Sucuri's docs name
	// (docs.sucuri.net, "How do I know the firewall is active").
	"cf-mitigated-challenge": {vCloudflare, []string{vCloudflare}, RoleEdge},
	"cf-js-challenge":        {vCloudflare, []string{vCloudflare}, RoleEdge},
	"cf-captcha-page":        {vCloudflare, []string{vCloudflare}, RoleEdge},
	"cf-access-denied":       {vCloudflare, []string{vCloudflare}, RoleEdge},
	"cf-server-nginx":        {vCloudflare, []string{vCloudflare}, RoleUnknown},
	"sucuri-js-challenge":    {vSucuri, []string{vSucuri}, RoleEdge},
	"sucuri-blocked":         {vSucuri, []string{vSucuri}, RoleEdge},
	"sucuri-server":          {vSucuri, []string{vSucuri}, RoleUnknown},
	"sucuri-id":              {vSucuri, []string{vSucuri, vNginx}, RoleUnknown},
	"cf-ray":                 {vCloudflare, []string{vCloudflare}, RoleUnknown},
	"cf-server":              {vCloudflare, []string{vCloudflare}, RoleUnknown},
	"cf-relays-nginx":        {vNginx, []string{vCloudflare, vNginx}, RoleOrigin},

	// CloudFront.
	"cloudfront-page":   {vCloudFront, []string{vCloudFront}, RoleEdge},
	"cloudfront-id":     {vELB, []string{vCloudFront, vELB}, RoleOrigin},
	"cloudfront-via":    {vCloudFront, []string{vCloudFront}, RoleUnknown},
	"cloudfront-xcache": {vCloudFront, []string{vCloudFront}, RoleUnknown},

	// Fastly and Varnish.
	"fastly-error":          {vFastly, []string{vFastly}, RoleEdge},
	"fastly-unknown-domain": {vFastly, []string{vFastly}, RoleEdge},
	"fastly-served-by":      {vNginx, []string{vFastly, vNginx}, RoleOrigin},
	"varnish-error":         {vVarnish, []string{vVarnish}, RoleOrigin},
	"varnish-via":           {vVarnish, []string{vVarnish, vApache}, RoleUnknown},

	// Akamai.
	"akamai-reference-encoded": {vAkamai, []string{vAkamai}, RoleEdge},
	"akamai-edgesuite":         {vAkamai, []string{vAkamai}, RoleEdge},
	"akamai-reference":         {vAkamai, []string{vAkamai}, RoleEdge},
	"akamai-server":            {vAkamai, []string{vAkamai}, RoleUnknown},

	// Google Front End.
	"gfe-error-page":   {vGFE, []string{vGFE}, RoleEdge},
	"gfe-server-error": {vGFE, []string{vGFE}, RoleEdge},
	"gfe-server":       {vGFE, []string{vGFE}, RoleUnknown},
	"gfe-frontend":     {vGFE, []string{vGFE}, RoleUnknown},
	"gfe-via":          {vGFE, []string{vGFE}, RoleUnknown},

	// The site's platform and front tiers.
	"elb-server":             {vELB, []string{vELB}, RoleOrigin},
	"vercel-error":           {vVercel, []string{vVercel}, RoleOrigin},
	"vercel-id":              {vVercel, []string{vVercel}, RoleUnknown},
	"vercel-server":          {vVercel, []string{vVercel}, RoleUnknown},
	"heroku-error-page":      {vHeroku, []string{vHeroku}, RoleOrigin},
	"heroku-app-error":       {vHeroku, []string{vHeroku}, RoleOrigin},
	"heroku-via":             {vHeroku, []string{vHeroku}, RoleUnknown},
	"heroku-router-via":      {vHeroku, []string{vHeroku}, RoleUnknown},
	"heroku-server":          {vHeroku, []string{vHeroku}, RoleUnknown},
	"envoy-upstream-connect": {vEnvoy, []string{vEnvoy}, RoleOrigin},
	"envoy-no-healthy":       {vEnvoy, []string{vEnvoy}, RoleOrigin},
	"envoy-upstream-timeout": {vEnvoy, []string{vEnvoy}, RoleOrigin},
	"envoy-server":           {vEnvoy, []string{vEnvoy}, RoleUnknown},
	"envoy-upstream-time":    {vEnvoy, []string{vEnvoy}, RoleUnknown},
	"haproxy-no-server":      {vHAProxy, []string{vHAProxy}, RoleOrigin},
	"haproxy-bad-response":   {vHAProxy, []string{vHAProxy}, RoleOrigin},
	"haproxy-timeout":        {vHAProxy, []string{vHAProxy}, RoleOrigin},

	// The site's web servers.
	"nginx-page":         {vNginx, []string{vNginx}, RoleOrigin},
	"nginx-server":       {vNginx, []string{vNginx}, RoleUnknown},
	"openresty-page":     {vOpenResty, []string{vOpenResty}, RoleOrigin},
	"openresty-server":   {vOpenResty, []string{vOpenResty}, RoleUnknown},
	"apache-proxy-error": {vApache, []string{vApache}, RoleOrigin},
	"apache-address":     {vApache, []string{vApache}, RoleOrigin},
	"apache-server":      {vApache, []string{vApache}, RoleUnknown},
	"caddy-empty":        {vCaddy, []string{vCaddy}, RoleOrigin},
	"caddy-server":       {vCaddy, []string{vCaddy}, RoleUnknown},

	// Nothing to go on.
	"unknown-502": {"", nil, RoleUnknown},
	"empty-502":   {"", nil, RoleUnknown},
}

func ruleIDs(ms []fpMatch) []string {
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.rule.id
	}
	return ids
}

func TestFingerprintSamples(t *testing.T) {
	t.Parallel()
	for name, want := range fingerprintSamples {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			status, h, body := readResponseSample(t, name)
			got := FingerprintResponse(status, h, body)
			if got.Vendor != want.vendor || got.GeneratedBy != want.role || !slices.Equal(got.Via, want.via) {
				t.Errorf("got vendor %q via %q generated by %q; want %q via %q generated by %q\nsignals: %q",
					got.Vendor, got.Via, got.GeneratedBy, want.vendor, want.via, want.role, got.Signals)
			}
			if want.vendor != "" && len(got.Signals) == 0 {
				t.Error("no signals")
			}
			if isRule(name) {
				if ids := ruleIDs(matchFingerprint(newFPInput(status, h, body))); !slices.Contains(ids, name) {
					t.Errorf("sample does not trigger its rule; matched %q", ids)
				}
			}
		})
	}
}

// The page kind is the deciding rule's: bot checks and refusals are told
// from error pages, including Cloudflare's branded error page they share
// markup with.
func TestFingerprintPageKind(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]PageKind{
		"cf-mitigated-challenge": PageChallenge,
		"cf-challenge":           PageChallenge,
		"cf-js-challenge":        PageChallenge,
		"cf-captcha-page":        PageChallenge,
		"sucuri-js-challenge":    PageChallenge,
		"cf-access-denied":       PageRefused,
		"sucuri-blocked":         PageRefused,
		"cf-branded-page":        PageError,
		"cf-521-page":            PageError,
		"squid-error-header":     PageError,
	} {
		status, h, body := readResponseSample(t, name)
		if got := FingerprintResponse(status, h, body).Page; got != want {
			t.Errorf("%s: page %q, want %q", name, got, want)
		}
	}
	// Cloudflare's plain-text refusal, as curl gets it (FlareSolverrSharp's
	// CloudflareValues checks the same words).
	if fp := FingerprintResponse(403, http.Header{"Cf-Ray": {"x"}}, []byte("error code: 1020")); fp.Page != PageRefused || fp.GeneratedBy != RoleEdge {
		t.Errorf("plain 1020: %+v", fp)
	}
	// A challenge's words without Cloudflare on the path are not guessed.
	if fp := FingerprintResponse(503, nil, []byte("Checking your browser before accessing x")); fp.Page != PageError || fp.Vendor != "" {
		t.Errorf("no Cloudflare, yet %+v", fp)
	}
}

func isRule(id string) bool {
	return slices.ContainsFunc(fingerprintRules, func(r fpRule) bool { return r.id == id })
}

// Every rule is triggered by a sample (a written one or a real capture),
// and every written sample has an expectation.
func TestFingerprintRulesHaveSamples(t *testing.T) {
	t.Parallel()
	triggered := map[string]bool{}
	trigger := func(status int, h http.Header, body []byte) {
		for _, id := range ruleIDs(matchFingerprint(newFPInput(status, h, body))) {
			triggered[id] = true
		}
	}
	for _, s := range readRealSamples(t) {
		trigger(s.Status, s.Header, s.Body)
	}
	files, err := filepath.Glob(filepath.Join("testdata", "fingerprint", "*.http"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".http")
		if _, ok := fingerprintSamples[name]; !ok {
			t.Errorf("sample %s has no expectation", name)
		}
		trigger(readResponseSample(t, name))
	}
	if len(files) != len(fingerprintSamples) {
		t.Errorf("%d sample files, %d expectations", len(files), len(fingerprintSamples))
	}
	for _, r := range fingerprintRules {
		if !triggered[r.id] {
			t.Errorf("rule %s is triggered by no sample", r.id)
		}
	}
}

// The table must be well-formed: patterns are compared with lowercased,
// whitespace-collapsed text, so an uppercase letter or a double space
// would never match.
func TestFingerprintRuleTable(t *testing.T) {
	t.Parallel()
	ids := map[string]bool{}
	for _, r := range fingerprintRules {
		if r.id == "" || ids[r.id] {
			t.Errorf("rule id %q empty or repeated", r.id)
		}
		ids[r.id] = true
		if r.vendor == "" && r.derive == nil {
			t.Errorf("%s: no vendor", r.id)
		}
		if r.vendor != "" {
			if _, ok := vendorLayers[r.vendor]; !ok {
				t.Errorf("%s: vendor %q has no layer", r.id, r.vendor)
			}
		}
		if r.needs != "" {
			if _, ok := vendorLayers[r.needs]; !ok {
				t.Errorf("%s: needs unknown vendor %q", r.id, r.needs)
			}
		}
		if r.header == "" && len(r.body) == 0 && len(r.bodyIs) == 0 && !r.emptyBody && r.status.min == 0 {
			t.Errorf("%s: no condition", r.id)
		}
		if r.status.min > r.status.max {
			t.Errorf("%s: status range %v", r.id, r.status)
		}
		pats := append(append([]string{r.header, r.value, r.noHeader}, r.body...), r.bodyIs...)
		for _, p := range pats {
			if p != strings.ToLower(p) || strings.Contains(p, "  ") || strings.ContainsAny(p, "\t\r\n") || p != strings.TrimSpace(p) {
				t.Errorf("%s: pattern %q must be lowercase with single spaces", r.id, p)
			}
		}
		if r.how != hdrPresent && (r.header == "" || r.value == "") {
			t.Errorf("%s: header match without header or value", r.id)
		}
		if r.role != RoleUnknown && r.role != RoleEdge && r.role != RoleOrigin && r.role != RoleProxy {
			t.Errorf("%s: role %q", r.id, r.role)
		}
	}
}

// Cases that isolate one decision each.
func TestFingerprintDecisions(t *testing.T) {
	t.Parallel()
	hdr := func(kv ...string) http.Header {
		h := http.Header{}
		for i := 0; i+1 < len(kv); i += 2 {
			h.Add(kv[i], kv[i+1])
		}
		return h
	}
	nginx502 := "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"
	cases := []struct {
		name   string
		status int
		h      http.Header
		body   string
		want   fpWant
	}{
		{"nil everything", 0, nil, "", fpWant{"", nil, RoleUnknown}},
		// Traefik's bare status text is read only without a Server header:
		// Go's http.Error writes the same words behind any server.
		{"bare status text is Traefik's", 502, hdr("Content-Type", "text/plain; charset=utf-8"), "Bad Gateway", fpWant{vTraefik, []string{vTraefik}, RoleOrigin}},
		{"bare status text behind a Server header is not Traefik's", 502, hdr("Server", "Caddy"), "Bad Gateway\n", fpWant{vCaddy, []string{vCaddy}, RoleUnknown}},
		{"cf 530 with nothing else is Cloudflare's own", 530, hdr("Server", "cloudflare"), "", fpWant{vCloudflare, []string{vCloudflare}, RoleEdge}},
		// Heroku behind Cloudflare carries only Cloudflare's headers: the
		// router's page still names Heroku, which generated it.
		{"heroku's page through cloudflare", 503, hdr("Server", "cloudflare", "Cf-Ray", "1-AMS"),
			`<iframe src="//www.herokucdn.com/error-pages/application-error.html"></iframe>`, fpWant{vHeroku, []string{vCloudflare, vHeroku}, RoleOrigin}},
		// PerimeterX's sensor script is on ordinary pages too.
		{"perimeterx sensor alone is nothing", 200, nil, "<script>window._pxAppId='PX1'</script><main>shop</main>", fpWant{"", nil, RoleUnknown}},
		{"an origin's JSON naming an error code, through Cloudflare, is the origin's", 500, hdr("Cf-Ray", "1-AMS"),
			`{"message":"error code: 1234, database unavailable"}`, fpWant{vCloudflare, []string{vCloudflare}, RoleUnknown}},
		{"Cloudflare's plain 1xxx code is its own", 500, hdr("Cf-Ray", "1-AMS"), "error code: 1101", fpWant{vCloudflare, []string{vCloudflare}, RoleEdge}},
		{"bare status text of a 200 is nothing", 200, nil, "Bad Gateway", fpWant{"", nil, RoleUnknown}},
		// server: envoy in front of a service relays that service's page.
		{"envoy relays the inner service's error page", 500, hdr("Server", "envoy", "X-Envoy-Upstream-Service-Time", "12"),
			strings.Replace(nginx502, "502 Bad Gateway", "500 Internal Server Error", 2), fpWant{vNginx, []string{vEnvoy, vNginx}, RoleOrigin}},
		{"200 plain", 200, hdr("Content-Type", "text/html"), "<html>ok</html>", fpWant{"", nil, RoleUnknown}},
		{"cf origin sentence beats branded page", 502, hdr("Cf-Ray", "1-FRA"),
			`<div id="cf-error-details">The web server reported a bad gateway error.</div>`, fpWant{vCloudflare, []string{vCloudflare}, RoleOrigin}},
		{"cf 504 origin sentence", 504, hdr("Server", "cloudflare"),
			"What happened? The web server reported a gateway time-out error.", fpWant{vCloudflare, []string{vCloudflare}, RoleOrigin}},
		// Cloudflare's branded 502-504 without a code of its own is the
		// origin's gateway error, relayed; at 530 (a 1xxx code) it is
		// Cloudflare's own.
		{"cf branded 502 alone is the origin's, relayed", 502, nil,
			`<div id="cf-error-details">Error code 502</div>`, fpWant{vCloudflare, []string{vCloudflare}, RoleOrigin}},
		{"cf branded 530 is the edge's", 530, nil,
			`<div id="cf-error-details">Error code 1016</div>`, fpWant{vCloudflare, []string{vCloudflare}, RoleEdge}},
		{"cf branded 403 is the edge's", 403, nil,
			`<div id="cf-error-details">Error code 1010</div>`, fpWant{vCloudflare, []string{vCloudflare}, RoleEdge}},
		{"cf origin sentence needs Cloudflare", 502, nil,
			"The web server reported a bad gateway error.", fpWant{"", nil, RoleUnknown}},
		{"52x status without Cloudflare is not guessed", 522, nil, "", fpWant{"", nil, RoleUnknown}},
		{"52x status with cf-ray", 524, hdr("CF-RAY", "x"), "", fpWant{vCloudflare, []string{vCloudflare}, RoleEdge}},
		{"cf page text outside 52x range still edge", 502, hdr("Cf-Ray", "x"),
			"<h1>Web server is down</h1>", fpWant{vCloudflare, []string{vCloudflare}, RoleEdge}},
		{"edge sentence with lab nginx server", 502, hdr("Cf-Ray", "x", "Server", "nginx"),
			"The edge could not connect to the origin web server.", fpWant{vCloudflare, []string{vCloudflare}, RoleEdge}},
		{"cf relays nginx page", 502, hdr("Cf-Ray", "x", "Server", "cloudflare"), nginx502,
			fpWant{vNginx, []string{vCloudflare, vNginx}, RoleOrigin}},
		{"cf relays unknown 502", 502, hdr("Cf-Ray", "x", "Server", "nginx"), "upstream sad",
			fpWant{vCloudflare, []string{vCloudflare, vNginx}, RoleUnknown}},
		{"nginx page on 200 is not an error page", 200, hdr("Server", "nginx"), nginx502,
			fpWant{vNginx, []string{vNginx}, RoleUnknown}},
		{"non-canonical header keys", 502, http.Header{"cf-ray": {"x"}, "SERVER": {"CloudFlare"}}, "error code: 502",
			fpWant{vCloudflare, []string{vCloudflare}, RoleUnknown}},
		{"varnish folds into fastly", 503, hdr("X-Served-By", "cache-fra1", "Via", "1.1 varnish"), "Guru Meditation: XID 1",
			fpWant{vFastly, []string{vFastly}, RoleEdge}},
		{"varnish alone is the site's cache", 503, hdr("Via", "1.1 varnish (Varnish/7.4)"), "Error 503 Backend fetch failed",
			fpWant{vVarnish, []string{vVarnish}, RoleOrigin}},
		{"akamai plain reference needs akamai", 503, nil, "Reference #97.1.2.3", fpWant{"", nil, RoleUnknown}},
		{"akamai plain reference with server", 503, hdr("Server", "AkamaiGHost"), "Reference #97.1.2.3",
			fpWant{vAkamai, []string{vAkamai}, RoleEdge}},
		{"gfe ascii apostrophe", 500, nil, "<p><b>500.</b> <ins>That's an error.</ins>", fpWant{vGFE, []string{vGFE}, RoleEdge}},
		{"apache sentence across lines", 502, nil, "The proxy server received\n  an invalid\r\nresponse from an upstream server.",
			fpWant{vApache, []string{vApache}, RoleOrigin}},
		{"tomcat is not apache httpd", 500, hdr("Server", "Apache-Coyote/1.1"), "", fpWant{"", nil, RoleUnknown}},
		{"caddy with a body is not caddy's own", 502, hdr("Server", "Caddy"), "app said no",
			fpWant{vCaddy, []string{vCaddy}, RoleUnknown}},
		{"proxy-agent with a version word", 407, hdr("Proxy-Agent", "WinGate 9.4"), "", fpWant{"WinGate", []string{"WinGate"}, RoleProxy}},
		{"proxy-agent of a known proxy", 502, hdr("Proxy-Agent", "Squid/6.6"), "", fpWant{vSquid, []string{vSquid}, RoleProxy}},
		{"proxy-agent without a name", 502, hdr("Proxy-Agent", "  /1.0"), "", fpWant{"", nil, RoleUnknown}},
		{"via without a proxy product", 502, hdr("Via", "1.1 lb.example (Apache/2.4)"), "", fpWant{"", nil, RoleUnknown}},
		{"via chain, squid then cloudfront", 502, hdr("Via", "1.1 abc.cloudfront.net (CloudFront), 1.1 proxy (squid/5.7)"), "",
			fpWant{vSquid, []string{vSquid, vCloudFront}, RoleUnknown}},
		{"squid page relayed through cloudflare stays the proxy's", 503,
			hdr("X-Squid-Error", "ERR_CONNECT_FAIL 111", "Cf-Ray", "x"), "", fpWant{vSquid, []string{vSquid, vCloudflare}, RoleProxy}},
		{"connect refusal headers only", 503, hdr("Server", "squid/5.7", "X-Squid-Error", "ERR_CONNECT_FAIL 111"), "",
			fpWant{vSquid, []string{vSquid}, RoleProxy}},
		{"tinyproxy in via and server of relayed origin", 502, hdr("Via", "1.1 egress (tinyproxy/1.11.1)"), "",
			fpWant{vTinyproxy, []string{vTinyproxy}, RoleUnknown}},
		{"pattern past 64 KiB is not seen", 502, nil, strings.Repeat("x", fpMaxBody) + "<center>nginx</center>",
			fpWant{"", nil, RoleUnknown}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got := FingerprintResponse(c.status, c.h, []byte(c.body))
			if got.Vendor != c.want.vendor || got.GeneratedBy != c.want.role || !slices.Equal(got.Via, c.want.via) {
				t.Errorf("got vendor %q via %q generated by %q; want %q via %q generated by %q\nsignals: %q",
					got.Vendor, got.Via, got.GeneratedBy, c.want.vendor, c.want.via, c.want.role, got.Signals)
			}
		})
	}
}

func TestFingerprintSignals(t *testing.T) {
	t.Parallel()
	status, h, body := readResponseSample(t, "cf-origin-error")
	got := FingerprintResponse(status, h, body)
	want := []string{
		`body: "The web server reported a bad gateway error" — Cloudflare relayed an error the origin web server returned`,
		`header cf-ray present`,
		`header server: cloudflare`,
	}
	for _, w := range want {
		if !slices.Contains(got.Signals, w) {
			t.Errorf("signal %q missing from %q", w, got.Signals)
		}
	}
	if got.Signals[0] != want[0] {
		t.Errorf("the deciding signal should come first: %q", got.Signals)
	}

	status, h, body = readResponseSample(t, "cf-52x-status")
	got = FingerprintResponse(status, h, body)
	if !slices.Contains(got.Signals, "status 522 (Cloudflare: connection timed out)") {
		t.Errorf("signals %q", got.Signals)
	}

	// Server-controlled text is made printable and short.
	got = FingerprintResponse(503, http.Header{"X-Squid-Error": {"ERR_X\x01\xff" + strings.Repeat("y", 500)}}, nil)
	if len(got.Signals) == 0 {
		t.Fatal("no signal")
	}
	s := got.Signals[0]
	if !utf8.ValidString(s) || strings.ContainsRune(s, 1) || utf8.RuneCountInString(s) > 200 {
		t.Errorf("unsafe signal %q", s)
	}
}

func TestProductName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"nginx/1.25.3 (Ubuntu)": "nginx",
		"Apache":                "Apache",
		"Google Frontend":       "Google Frontend",
		"WinGate 9.4":           "WinGate",
		"Foo Proxy v2":          "Foo Proxy",
		"<script>x":             "scriptx",
		"":                      "",
		"  ":                    "",
		strings.Repeat("a", 60): strings.Repeat("a", 40),
	} {
		if got := productName(in); got != want {
			t.Errorf("productName(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzFingerprint(f *testing.F) {
	for name := range fingerprintSamples {
		status, h, body := readResponseSample(f, name)
		var hb strings.Builder
		for k, vs := range h {
			for _, v := range vs {
				hb.WriteString(k + ": " + v + "\n")
			}
		}
		f.Add(status, hb.String(), body)
	}
	f.Fuzz(func(t *testing.T, status int, headers string, body []byte) {
		h := http.Header{}
		for line := range strings.SplitSeq(headers, "\n") {
			k, v, _ := strings.Cut(line, ":")
			h[k] = append(h[k], strings.TrimSpace(v)) // raw keys: the code must not rely on canonical ones
		}
		fp := FingerprintResponse(status, h, body)
		switch fp.GeneratedBy {
		case RoleUnknown, RoleEdge, RoleOrigin, RoleProxy:
		default:
			t.Fatalf("GeneratedBy %q", fp.GeneratedBy)
		}
		if (fp.Vendor == "") != (len(fp.Via) == 0) {
			t.Fatalf("vendor %q with via %q", fp.Vendor, fp.Via)
		}
		if fp.Vendor != "" && !slices.Contains(fp.Via, fp.Vendor) {
			t.Fatalf("vendor %q not in via %q", fp.Vendor, fp.Via)
		}
		if fp.GeneratedBy != RoleUnknown && fp.Vendor == "" {
			t.Fatalf("generated by %q without a vendor", fp.GeneratedBy)
		}
		seen := map[string]bool{}
		for _, v := range fp.Via {
			if v == "" || seen[v] {
				t.Fatalf("via %q", fp.Via)
			}
			seen[v] = true
		}
		if fp.Vendor != "" && len(fp.Signals) == 0 {
			t.Fatal("vendor without signals")
		}
		for _, s := range fp.Signals {
			if !utf8.ValidString(s) {
				t.Fatalf("signal not UTF-8: %q", s)
			}
		}
	})
}

// The worst case is a full-size body in which nothing matches.
func BenchmarkFingerprintResponse(b *testing.B) {
	h := http.Header{"Server": {"nginx"}, "Cf-Ray": {"x"}, "Via": {"1.1 a (b), 1.1 c (d)"}}
	body := bytes.Repeat([]byte("<p>lorem ipsum dolor sit amet</p>\n"), fpMaxBody/34+1)
	b.ReportAllocs()
	for b.Loop() {
		FingerprintResponse(502, h, body)
	}
}
