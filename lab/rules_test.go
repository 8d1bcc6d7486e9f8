//go:build linux

package lab_test

import (
	"testing"

	gwverdict "github.com/gatewatch/gatewatch/monitor/verdict"
)

// TestEveryRuleHasALabFault: each rule of the verdict table is reached by
// at least one lab case, and every rule a case expects exists. A new rule
// without a fault that stages it fails here, without root or a lab.
func TestEveryRuleHasALabFault(t *testing.T) {
	known := map[string]bool{gwverdict.Undecided: true} // no rule holds: said out loud
	for _, r := range gwverdict.Rules {
		known[r.Name] = true
	}
	reached := map[string]bool{}
	for _, tc := range append(labCases, worldCases...) {
		for _, o := range tc.want {
			if !known[o.rule] {
				t.Errorf("case %s expects rule %q, which monitor/verdict/rules.go does not have", tc.name, o.rule)
			}
			reached[o.rule] = true
		}
	}
	for _, r := range gwverdict.Rules {
		if !reached[r.Name] {
			t.Errorf("rule %s: no lab case expects it (add a fault to lab/fault.sh and a case to labCases)", r.Name)
		}
	}
}
