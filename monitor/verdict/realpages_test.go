package verdict

import (
	"slices"
	"testing"

	"github.com/gatewatch/gatewatch/checks"
	"github.com/gatewatch/gatewatch/internal/realpages"
)

// realPageEvidence is what Diagnose gathers when the site answers with p
// on the healthy lab network: a forward proxy's page came through the
// proxy configured on this computer, an edge's or origin's directly.
func realPageEvidence(p realpages.Page) *Evidence {
	e := healthy()
	h := p.Header()
	if checks.Role(p.Role) == checks.RoleProxy {
		withProxy(e, true)
	}
	e.HTTP = response(p.Status, h, p.Body)
	e.FP = checks.FingerprintResponse(p.Status, h, []byte(p.Body))
	return e
}

// Every real response gets the side (and, where the corpus names one, the
// hop) a careful diagnosis gives it: a bot check is never an outage, a
// proxy's refusal never "ok".
func TestDecideRealPages(t *testing.T) {
	for _, p := range realpages.Load(t) {
		t.Run(p.ID, func(t *testing.T) {
			v := Decide(realPageEvidence(p))
			if !slices.Contains(p.ExpectedSide, string(v.Side)) || (len(p.ExpectedHop) > 0 && !slices.Contains(p.ExpectedHop, string(v.Hop))) {
				t.Errorf("got %s/%s (%s): %s\nwant side %q hop %q: %s", v.Side, v.Hop, v.Rule, v.Summary, p.ExpectedSide, p.ExpectedHop, p.Reason)
			}
			t.Logf("%s/%s (%s): %s", v.Side, v.Hop, v.Rule, v.Summary)
		})
	}
}
