package checks

import (
	"bytes"
	"strconv"
)

// PageBlocked: a network filter (a security appliance or a secure web
// gateway on the user's network) refused the request with its own block
// page. The site was not reached.
const PageBlocked PageKind = "blocked"

// appliance is one network filter product whose block page can stand in
// for any site: an inline firewall (FortiGate, Palo Alto, Sophos), a cloud
// gateway (Zscaler, Cisco Umbrella) or a home filter (pfBlockerNG).
//
// A page is that product's block page only when it names the product (a
// tell) AND says it blocks (a block title or a block phrase): a news
// article about Zscaler names Zscaler but is not titled "Website blocked",
// and a site's own "Access denied" names no filter product. Samples:
// testdata/fingerprint/appliance/<id>.http, each with its source.
type appliance struct {
	id     string
	vendor string
	tells  []string // lowercase: any one names the product
	// phrases are block phrases particular to this product's default
	// page; they count like a block title.
	phrases []string
}

var appliances = []appliance{
	{id: "fortiguard", vendor: "FortiGuard", tells: []string{"fortiguard", "fortigate", "fortinet"},
		phrases: []string{"violation of your internet usage policy"}},
	{id: "zscaler", vendor: "Zscaler", tells: []string{"zscaler"},
		phrases: []string{"not allowed to browse"}},
	// Palo Alto's default response page does not name the product; its
	// sentence does, and nothing else writes it.
	{id: "paloalto", vendor: "Palo Alto Networks", tells: []string{"palo alto networks", "paloaltonetworks",
		"has been blocked in accordance with company policy"},
		phrases: []string{"has been blocked in accordance with company policy"}},
	{id: "sophos", vendor: "Sophos", tells: []string{"sophos"},
		phrases: []string{"access to the requested url has been blocked"}},
	{id: "umbrella", vendor: "Cisco Umbrella", tells: []string{"cisco umbrella", "opendns.com"},
		phrases: []string{"this site is blocked"}},
	{id: "pfblockerng", vendor: "pfBlockerNG", tells: []string{"pfblockerng"},
		phrases: []string{"blocked via dnsbl"}},
	{id: "untangle", vendor: "Untangle", tells: []string{"untangle"},
		phrases: []string{"this web page was blocked"}},
}

// blockTitleWords: a block page's title says so.
var blockTitleWords = []string{"blocked", "block page", "access denied", "violation", "restricted", "web filter"}

// applianceBlock recognises a network filter's block page, whatever its
// status (they come as 200, 403 or 503). It runs before the other
// fingerprint rules: a block page stands in for the site, so nothing the
// site would have sent is in it.
func applianceBlock(in *fpInput) (Fingerprint, bool) {
	if in.status <= 0 {
		return Fingerprint{}, false
	}
	title := pageTitle(in.lower)
	for i := range appliances {
		a := &appliances[i]
		tell, ok := firstIn(in.lower, a.tells)
		if !ok {
			continue
		}
		why, ok := firstIn(title, blockTitleWords)
		where := "title"
		if !ok {
			why, ok = firstIn(in.lower, a.phrases)
			where = "body"
		}
		if !ok {
			continue
		}
		signal := "body names " + strconv.Quote(tell) + " + " + where + " says " + strconv.Quote(why) +
			" — a network filter's block page (" + a.vendor + "), not the site"
		return Fingerprint{Vendor: a.vendor, Via: []string{a.vendor}, GeneratedBy: RoleFilter, Page: PageBlocked, Signals: []string{signal}}, true
	}
	return Fingerprint{}, false
}

// pageTitle is the lowercased text of the first <title>; nil without one.
func pageTitle(lower []byte) []byte {
	start, end, ok := titleBounds(lower)
	if !ok {
		return nil
	}
	return lower[start:end]
}

// firstIn returns the first of patterns found in b.
func firstIn(b []byte, patterns []string) (string, bool) {
	for _, p := range patterns {
		if bytes.Contains(b, []byte(p)) {
			return p, true
		}
	}
	return "", false
}
