package checks

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
	vFrontDoor  = "Azure Front Door"
	vSucuri     = "Sucuri"
	vDataDome   = "DataDome"
	vImperva    = "Imperva"
	vDDoSGuard  = "DDoS-Guard"
	vAWSWAF     = "AWS WAF"
	vPerimeterX = "HUMAN (PerimeterX)"
	vVarnish    = "Varnish"
	vELB        = "AWS ELB"
	vAPIGateway = "AWS API Gateway"
	vAppGateway = "Azure Application Gateway"
	vVercel     = "Vercel"
	vHeroku     = "Heroku"
	vRender     = "Render"
	vEnvoy      = "Envoy"
	vHAProxy    = "HAProxy"
	vKong       = "Kong"
	vTraefik    = "Traefik"
	vNginx      = "nginx"
	vOpenResty  = "OpenResty"
	vApache     = "Apache"
	vCaddy      = "Caddy"
	vIIS        = "IIS"
	vLiteSpeed  = "LiteSpeed"
	vGitHub     = "GitHub Pages"
)

// Layers order Via from the user outwards to the site's web server.
const (
	layerProxy  = iota // forward proxy on the user's side
	layerCDN           // CDN / edge network, or a bot-check firewall in front of the site
	layerFront         // the site's platform, load balancer, API gateway or cache
	layerServer        // the site's web server
)

var vendorLayers = map[string]int{
	vSquid: layerProxy, vTinyproxy: layerProxy, vPrivoxy: layerProxy,
	vCloudflare: layerCDN, vSucuri: layerCDN, vCloudFront: layerCDN, vFastly: layerCDN, vAkamai: layerCDN, vGFE: layerCDN, vFrontDoor: layerCDN,
	vDataDome: layerCDN, vImperva: layerCDN, vDDoSGuard: layerCDN, vAWSWAF: layerCDN, vPerimeterX: layerCDN,
	vVarnish: layerFront, vELB: layerFront, vAPIGateway: layerFront, vAppGateway: layerFront, vVercel: layerFront, vHeroku: layerFront, vRender: layerFront,
	vEnvoy: layerFront, vHAProxy: layerFront, vKong: layerFront, vTraefik: layerFront, vGitHub: layerFront,
	vNginx: layerServer, vOpenResty: layerServer, vApache: layerServer, vCaddy: layerServer, vIIS: layerServer, vLiteSpeed: layerServer,
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

// fingerprintRules is every signal, one table in this order: when several
// rules say who generated the page, the first one wins, so forward proxies
// come first (a proxy's own page never carries a site's markers), then
// Cloudflare (its page for an origin error is otherwise a branded
// Cloudflare page), then the bot-check firewalls (their challenge may come
// through a CDN that marks it as an error, as CloudFront's "X-Cache: Error
// from cloudfront" does for any non-2xx), the other edges, the site's front
// tiers and its web servers.
var fingerprintRules = concatRules(proxyRules, cloudflareRules, wafRules, cdnRules, frontRules, serverRules)

func concatRules(parts ...[]fpRule) []fpRule {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	all := make([]fpRule, 0, n) // one allocation at init, not a doubling per table
	for _, p := range parts {
		all = append(all, p...)
	}
	return all
}
