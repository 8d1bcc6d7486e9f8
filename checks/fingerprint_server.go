package checks

// frontRules: the site's own platform, load balancers, API gateways and
// caches. Their pages say the site's side failed behind them.
var frontRules = []fpRule{
	// AWS ALB and Azure Application Gateway reuse nginx's page layout; the
	// Server header (ALB) or the footer (Application Gateway) tells them.
	{id: "elb-server", vendor: vELB, role: RoleOrigin, header: "server", how: hdrProduct, value: "awselb", note: "the site's AWS load balancer answered itself"},
	{id: "appgw-page", vendor: vAppGateway, role: RoleOrigin, status: anyError, body: []string{"<center>microsoft-azure-application-gateway"},
		note: "the site's Azure Application Gateway answered itself"},
	// x-amzn-ErrorType names the error of API Gateway (and AWS's other
	// JSON APIs): the site's AWS front is on the path.
	{id: "apigw-errortype", vendor: vAPIGateway, header: "x-amzn-errortype", show: true},
	{id: "github-server", vendor: vGitHub, header: "server", how: hdrProduct, value: "github.com"},
	{id: "vercel-error", vendor: vVercel, role: RoleOrigin, header: "x-vercel-error", show: true, note: "Vercel platform error"},
	{id: "vercel-id", vendor: vVercel, header: "x-vercel-id"},
	{id: "vercel-server", vendor: vVercel, header: "server", how: hdrProduct, value: "vercel"},
	{id: "render-no-server", vendor: vRender, role: RoleOrigin, header: "x-render-routing", how: hdrContains, value: "no-",
		note: "Render's router has no running service for this name"},
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
	{id: "haproxy-rate-limited", vendor: vHAProxy, role: RoleOrigin, status: statusRange{429, 429},
		body: []string{"you have sent too many requests in a given amount of time"}, page: PageRateLimited},
	{id: "kong-upstream-invalid", vendor: vKong, role: RoleOrigin, status: serverError, body: []string{"an invalid response was received from the upstream server"},
		note: "the site's Kong gateway got no valid answer from its service"},
	// Traefik writes the bare status text and no Server header.
	{id: "traefik-status-text", vendor: vTraefik, role: RoleOrigin, status: statusRange{502, 504}, noHeader: "server",
		bodyIs: []string{"bad gateway", "service unavailable", "gateway timeout"}, note: "the bare status text of Traefik's reverse proxy"},
}

// serverRules: the site's web servers.
var serverRules = []fpRule{
	{id: "nginx-page", vendor: vNginx, role: RoleOrigin, status: anyError, body: []string{"<center>nginx"}, note: "nginx default error page"},
	{id: "nginx-server", vendor: vNginx, header: "server", how: hdrProduct, value: "nginx"},
	{id: "openresty-page", vendor: vOpenResty, role: RoleOrigin, status: anyError, body: []string{"<center>openresty"}, note: "OpenResty default error page"},
	{id: "openresty-server", vendor: vOpenResty, header: "server", how: hdrProduct, value: "openresty"},
	{id: "apache-proxy-error", vendor: vApache, role: RoleOrigin, status: serverError,
		body: []string{"the proxy server received an invalid response from an upstream server", "the proxy server could not handle the request"}},
	{id: "apache-503", vendor: vApache, role: RoleOrigin, status: statusRange{503, 503}, needs: vApache,
		body: []string{"the server is temporarily unable to service your request due to maintenance downtime or capacity problems"},
		note: "Apache's own 503 (no backend, or maintenance)"},
	{id: "apache-address", vendor: vApache, role: RoleOrigin, status: anyError, body: []string{"<address>apache/"}, note: "Apache default error page"},
	{id: "apache-server", vendor: vApache, header: "server", how: hdrProduct, value: "apache"},
	{id: "caddy-empty", vendor: vCaddy, role: RoleOrigin, status: statusRange{502, 504}, header: "server", how: hdrProduct, value: "caddy", emptyBody: true,
		note: "Caddy's reverse proxy could not reach its upstream"},
	{id: "caddy-server", vendor: vCaddy, header: "server", how: hdrProduct, value: "caddy"},
	{id: "litespeed-page", vendor: vLiteSpeed, role: RoleOrigin, status: anyError, body: []string{"proudly powered by litespeed web server"},
		note: "LiteSpeed's default error page"},
	{id: "iis-arr-502", vendor: vIIS, role: RoleOrigin, status: serverError,
		body: []string{"web server received an invalid response while acting as a gateway or proxy server"},
		note: "IIS Application Request Routing got no valid answer from its backend (502.3)"},
}
