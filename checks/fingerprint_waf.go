package checks

// wafRules: bot-check firewalls and the bot checks of platforms. Their
// challenge pages say the site is up and asks for a browser; their
// refusals that the site will not serve this client. Neither is an outage.
// Patterns are the vendors' own markers (their domains, headers and
// cookies' scripts), so a page that only mentions a vendor never matches.
var wafRules = []fpRule{
	// Sucuri's website firewall (CloudProxy).
	{id: "sucuri-js-challenge", vendor: vSucuri, role: RoleEdge, body: []string{"sucuri_cloudproxy_js"},
		note: "Sucuri bot check (JavaScript cookie challenge), not an outage", page: PageChallenge},
	{id: "sucuri-blocked", vendor: vSucuri, role: RoleEdge, status: anyError, body: []string{"access denied - sucuri website firewall"},
		note: "Sucuri's firewall refuses this client", page: PageRefused},
	{id: "sucuri-server", vendor: vSucuri, header: "server", how: hdrProduct, value: "sucuri"},
	{id: "sucuri-id", vendor: vSucuri, header: "x-sucuri-id"},

	// DataDome: its interstitial loads its captcha from captcha-delivery.com.
	// X-DataDome: protected is on allowed answers too, so it only places
	// DataDome on the path.
	{id: "datadome-captcha", vendor: vDataDome, role: RoleEdge, status: anyError, body: []string{"captcha-delivery.com"},
		note: "DataDome bot check, not an outage", page: PageChallenge},
	{id: "datadome-header", vendor: vDataDome, header: "x-datadome"},
	{id: "datadome-server", vendor: vDataDome, header: "server", how: hdrProduct, value: "datadome"},

	// Imperva (Incapsula): "Request unsuccessful" with an incident ID is its
	// challenge interstitial, served even as 200.
	{id: "imperva-challenge", vendor: vImperva, role: RoleEdge, body: []string{"request unsuccessful. incapsula incident id"},
		note: "Imperva (Incapsula) bot check, not an outage", page: PageChallenge},
	{id: "imperva-iinfo", vendor: vImperva, header: "x-iinfo"},

	// HUMAN (PerimeterX): its press-and-hold captcha draws into the
	// px-captcha container (its sensor script alone is on ordinary pages).
	{id: "perimeterx-captcha", vendor: vPerimeterX, role: RoleEdge, body: []string{"id=\"px-captcha\"", "content=\"px-captcha\""},
		note: "HUMAN (PerimeterX) bot check, not an outage", page: PageChallenge},

	// DDoS-Guard: its check page runs check.ddos-guard.net/check.js.
	{id: "ddosguard-check", vendor: vDDoSGuard, role: RoleEdge, needs: vDDoSGuard, body: []string{"check.ddos-guard.net/check.js"},
		note: "DDoS-Guard bot check, not an outage", page: PageChallenge},
	{id: "ddosguard-server", vendor: vDDoSGuard, header: "server", how: hdrProduct, value: "ddos-guard"},

	// AWS WAF: x-amzn-waf-action is "challenge" (202) or "captcha" (405),
	// and only on those answers.
	{id: "awswaf-action", vendor: vAWSWAF, role: RoleEdge, header: "x-amzn-waf-action", show: true,
		note: "AWS WAF bot check, not an outage", page: PageChallenge},

	// Vercel's security checkpoint (403 or 429).
	{id: "vercel-checkpoint", vendor: vVercel, role: RoleEdge, header: "x-vercel-mitigated", how: hdrContains, value: "challenge",
		note: "Vercel's security checkpoint (bot check), not an outage", page: PageChallenge},
}
