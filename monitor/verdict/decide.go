package verdict

import (
	"fmt"
	"strings"

	"github.com/gatewatch/gatewatch/checks"
)

// Undecided is the rule a verdict names when no rule of the table holds.
const Undecided = "undecided"

// undecidedMeans and undecidedFixes describe it, for the README table and
// the fix catalog's hops.
const undecidedMeans = "No rule fits, or the evidence conflicts: the verdict says why."

var undecidedFixes = []string{FixRetryLater, FixCopyReport}

// Decide applies the rule table. When no rule fits, the verdict is unknown
// with the reason, never a guess.
func Decide(e *Evidence) Verdict {
	v := Verdict{URL: e.Target.String()}
	if e.HTTP != nil {
		v.Status = e.HTTP.Status
		v.Error = e.HTTP.Error
		v.RetryAfter = e.HTTP.RetryAfter
		v.ErrClass = string(e.HTTP.Err)
		if e.HTTP.Err == checks.ErrNone || e.HTTP.Answered() {
			p := e.HTTP.Phases
			v.Phases = &p
		}
		if e.HTTP.ProxyStatus != 0 && v.Status == 0 {
			v.Status = e.HTTP.ProxyStatus
		}
	} else if e.SiteNotAwaited != "" {
		v.Error = e.SiteNotAwaited
	}
	if e.siteOK() {
		p := checks.PageSignature(*e.HTTP)
		v.Page = &p
	}
	v.ErrorPageBy = e.FP.Vendor
	v.Evidence = Steps(e)
	v.Warnings = append(warnings(e), worldWarning(e)...)
	v.World = worldOpinion(e)
	if c, portal := e.Net.captive(); c {
		v.PortalURL = portal
	}
	if e.MSS != nil {
		v.PathMSS = e.MSS.Working
	}
	for _, r := range Rules {
		if r.When(e) {
			v.Side, v.Hop, v.Rule = r.Side, r.Hop, r.Name
			v.Summary = r.Summary(e)
			if r.DecidedBy != nil {
				v.DecidedBy = r.DecidedBy(e)
			}
			v.Fixes = Fixes(r.Fixes...)
			return v
		}
	}
	v.Side, v.Hop, v.Rule = SideUnknown, HopNone, Undecided
	v.Summary = "Can't tell whose fault this is: " + undecidedReason(e)
	v.Fixes = Fixes(undecidedFixes...)
	return v
}

// networkConclusive names the NetworkAlone rule that holds on the network
// evidence gathered so far, or "" when the site's outcome matters.
func networkConclusive(e *Evidence) string {
	for _, r := range Rules {
		if r.NetworkAlone && r.When(e) {
			return r.Name
		}
	}
	return ""
}

// HopsOffering lists the hops of the verdicts (the table's rules and
// Undecided) that offer fix id, each once, in table order.
func HopsOffering(id string) []Hop {
	var hops []Hop
	add := func(h Hop, fixes []string) {
		for _, f := range fixes {
			if f == id && !containsHop(hops, h) {
				hops = append(hops, h)
			}
		}
	}
	for _, r := range Rules {
		add(r.Hop, r.Fixes)
	}
	add(HopNone, undecidedFixes)
	return hops
}

// FixIDsOffered lists every fix id some verdict offers, each once.
func FixIDsOffered() []string {
	var ids []string
	seen := map[string]bool{}
	for _, fixes := range append(ruleFixes(), undecidedFixes) {
		for _, f := range fixes {
			if !seen[f] {
				seen[f] = true
				ids = append(ids, f)
			}
		}
	}
	return ids
}

func ruleFixes() [][]string {
	out := make([][]string, len(Rules))
	for i, r := range Rules {
		out[i] = r.Fixes
	}
	return out
}

func containsHop(hs []Hop, h Hop) bool {
	for _, x := range hs {
		if x == h {
			return true
		}
	}
	return false
}

func undecidedReason(e *Evidence) string {
	var why []string
	if e.HTTP == nil {
		why = append(why, "the site request did not finish")
	} else if e.HTTP.Error != "" {
		why = append(why, "the site failed ("+e.HTTP.Error+")")
	}
	switch {
	case e.Net.referenceProbes() == 0 && (e.DNS == nil || len(e.DNS.Reference) == 0):
		why = append(why, "no canary or reference resolver is configured to compare with")
	case !e.internetUp():
		why = append(why, "the internet-side probes give no answer")
	default:
		why = append(why, "other internet hosts answer")
	}
	if silentErrs.has(e.siteErr()) && e.internetUp() && !e.internetClean() {
		if l := e.Net.lossPercent(); l > 0 {
			why = append(why, fmt.Sprintf("the path loses packets (%d%% of test handshakes), which alone can make the site time out", l))
		} else {
			why = append(why, "some internet hosts do not answer either, so the site's silence may be the path's")
		}
	}
	if e.proxied() {
		why = append(why, "the request went through "+strings.TrimPrefix(yourProxy(e), "Your ")+" and the error page is not recognised")
	}
	return strings.Join(why, "; ") + "."
}

func warnings(e *Evidence) []string {
	var w []string
	if l := e.Net.lossPercent(); l > 0 {
		w = append(w, fmt.Sprintf("packet loss: %d%% of test handshakes to the reference resolvers failed", l))
	}
	up := 0
	for _, c := range e.Net.Canaries {
		if c.Online {
			up++
		}
	}
	if len(e.Net.Canaries) > 0 && up < len(e.Net.Canaries) && up > 0 {
		w = append(w, fmt.Sprintf("%d of %d connectivity canaries did not answer", len(e.Net.Canaries)-up, len(e.Net.Canaries)))
	}
	if e.DNS != nil && e.DNS.Disagree() && e.siteOK() && len(e.pageMismatch()) == 0 {
		w = append(w, "your resolver and the reference resolvers give different addresses (normal for CDNs)")
	}
	if iw := interceptionWarning(e); iw != "" {
		w = append(w, iw)
	}
	if w6, ok := familyWarning(e); ok {
		w = append(w, w6)
	}
	if c := e.clock(); c.Known && abs(c.Skew) > ClockWarnSkew {
		w = append(w, fmt.Sprintf("this computer's clock is off by %s, %s", checks.HumanDuration(abs(c.Skew)), c.judgedBy()))
	}
	return w
}
