package checks

// cloudflareRules: Cloudflare's own pages, its plain-text answers to
// non-browser clients ("error code: NNNN"), and the origin errors it relays.
var cloudflareRules = []fpRule{
	// The origin answered an error and Cloudflare relayed it in its
	// branded page: the sentence names the web server, or the page is
	// branded at 502-504 without a code of Cloudflare's own (those pages
	// come before, by their sentence or their status).
	{id: "cf-origin-error", vendor: vCloudflare, role: RoleOrigin, status: serverError, body: []string{"the web server reported a"}, needs: vCloudflare,
		note: "Cloudflare relayed an error the origin web server returned"},
	// 520-526 are Cloudflare's own failures to get an answer from the
	// origin; 530 comes with a 1xxx code (1016: it cannot resolve the
	// origin's name), also Cloudflare's own.
	{id: "cf-52x-status", vendor: vCloudflare, role: RoleEdge, status: statusRange{520, 530}, needs: vCloudflare, statusFor: cloudflareStatus},
	{id: "cf-520-page", vendor: vCloudflare, role: RoleEdge, status: anyError, body: []string{"web server is returning an unknown error"}, needs: vCloudflare},
	{id: "cf-521-page", vendor: vCloudflare, role: RoleEdge, status: anyError, body: []string{"web server is down"}, needs: vCloudflare},
	{id: "cf-522-page", vendor: vCloudflare, role: RoleEdge, status: anyError, body: []string{"connection timed out"}, needs: vCloudflare},
	{id: "cf-523-page", vendor: vCloudflare, role: RoleEdge, status: anyError, body: []string{"origin is unreachable"}, needs: vCloudflare},
	{id: "cf-524-page", vendor: vCloudflare, role: RoleEdge, status: anyError, body: []string{"a timeout occurred"}, needs: vCloudflare},
	{id: "cf-525-page", vendor: vCloudflare, role: RoleEdge, status: anyError, body: []string{"ssl handshake failed"}, needs: vCloudflare},
	{id: "cf-526-page", vendor: vCloudflare, role: RoleEdge, status: anyError, body: []string{"invalid ssl certificate"}, needs: vCloudflare},
	{id: "cf-edge-connect", vendor: vCloudflare, role: RoleEdge, status: anyError, body: []string{"the edge could not connect to the origin"}, needs: vCloudflare},
	{id: "cf-plain-page", vendor: vCloudflare, role: RoleEdge, status: anyError, body: []string{"<center>cloudflare"}, note: "Cloudflare's plain error page"},
	// Bot checks, refusals and rate limits come before the branded page,
	// which they also are: what the page asks of the visitor is the finer
	// reading.
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
	{id: "cf-rate-limited", vendor: vCloudflare, role: RoleEdge, status: anyError, needs: vCloudflare,
		body: []string{"error code: 1015", "cf-error-code\">1015<", "you are being rate limited"},
		note: "Cloudflare rate-limits this client (error 1015), not an outage", page: PageRateLimited},
	// Any other 1xxx code in the plain text non-browser clients get
	// (1016 origin DNS error, 1033 tunnel down...) is Cloudflare's own.
	// The whole body is the code: an origin's page that mentions an
	// error code, relayed by Cloudflare, is not this.
	{id: "cf-plain-code", vendor: vCloudflare, role: RoleEdge, status: anyError, needs: vCloudflare, body: []string{"error code: 1"}, bodyMax: len("error code: 10000"),
		note: "Cloudflare's own error (a 1xxx code)"},
	{id: "cf-branded-relayed", vendor: vCloudflare, role: RoleOrigin, status: statusRange{502, 504}, needs: vCloudflare,
		body: []string{"cf-error-details", "cf.errors.css"},
		note: "Cloudflare relayed the origin's gateway error in its branded page (no code of its own)"},
	{id: "cf-branded-page", vendor: vCloudflare, role: RoleEdge, status: anyError, body: []string{"cloudflare ray id", "cf-error-details", "cf.errors.css"},
		note: "Cloudflare's own error page"},
	{id: "cf-ray", vendor: vCloudflare, header: "cf-ray"},
	{id: "cf-server", vendor: vCloudflare, header: "server", how: hdrProduct, value: "cloudflare"},
	{id: "cf-server-nginx", vendor: vCloudflare, header: "server", how: hdrProduct, value: "cloudflare-nginx"}, // Cloudflare's Server header until 2017
}

// cdnRules: the other edge networks.
var cdnRules = []fpRule{
	// CloudFront. Its X-Cache says "Error from cloudfront" for any non-2xx,
	// its own or relayed, so it only places CloudFront on the path.
	// Its 403 "Request blocked." is AWS WAF on CloudFront blocking this
	// client, and its geo restriction says so: refusals, not errors.
	{id: "cloudfront-refused", vendor: vCloudFront, role: RoleEdge, status: statusRange{403, 403}, needs: vCloudFront,
		body: []string{"distribution is configured to block access from your country", "request blocked. we can't connect to the server for this app or website"},
		note: "CloudFront (or AWS WAF on it) refuses this client", page: PageRefused},
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

	// Akamai. Its "Access Denied" page (a Reference # and "You don't have
	// permission to access") is its firewall refusing this client; its
	// other reference pages are its own errors.
	{id: "akamai-access-denied", vendor: vAkamai, role: RoleEdge, status: statusRange{403, 403}, needs: vAkamai,
		body: []string{"you don't have permission to access"}, note: "Akamai's firewall refuses this client", page: PageRefused},
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

	// Azure Front Door: its page when it cannot serve the route.
	{id: "frontdoor-unavailable", vendor: vFrontDoor, role: RoleEdge, status: anyError, body: []string{"our services aren't available right now"},
		note: "Azure Front Door's own page: it cannot serve this site"},
}

// cloudflareStatus names Cloudflare's own 52x and 530 statuses.
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
	case 530:
		return "Cloudflare: its own error, with a 1xxx code (1016: it cannot resolve the origin)"
	}
	return "Cloudflare"
}
