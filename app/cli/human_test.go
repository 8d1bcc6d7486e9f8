package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// The human output names the rule and the evidence that decided it; the
// JSON carries the same as decided_by.
func TestHumanPrintsRuleAndDecidingEvidence(t *testing.T) {
	v := verdict.Verdict{URL: "http://shop.gw.test/", Side: verdict.SideUser, Hop: verdict.HopFirewall, Rule: "filter-blocked",
		Summary:   "A security filter on your network (FortiGuard) blocks shop.gw.test.",
		DecidedBy: "HTTP 200: body names \"fortiguard\" + title says \"violation\""}
	var b bytes.Buffer
	WriteHuman(&b, v)
	want := "  rule: filter-blocked — decided by: HTTP 200: body names \"fortiguard\" + title says \"violation\"\n"
	if !strings.Contains(b.String(), want) {
		t.Errorf("output lacks %q:\n%s", want, b.String())
	}
	j, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(j), `"decided_by":"HTTP 200: body names`) {
		t.Errorf("JSON lacks decided_by: %s", j)
	}

	v.Rule, v.DecidedBy = verdict.Undecided, ""
	b.Reset()
	WriteHuman(&b, v)
	if !strings.Contains(b.String(), "  rule: undecided\n") || strings.Contains(b.String(), "decided by") {
		t.Errorf("an undecided verdict names its rule and no deciding evidence:\n%s", b.String())
	}
}
