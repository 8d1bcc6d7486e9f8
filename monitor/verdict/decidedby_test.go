package verdict

import (
	"strings"
	"testing"
)

// Every rule names the evidence that decided it, on its own typical
// evidence, and Decide passes it on.
func TestEveryRuleSaysWhatDecidedIt(t *testing.T) {
	for _, r := range Rules {
		if r.DecidedBy == nil {
			t.Errorf("%s: no DecidedBy", r.Name)
			continue
		}
		e := typical(t, r.Name)
		if got := r.DecidedBy(e); strings.TrimSpace(got) == "" {
			t.Errorf("%s: DecidedBy is empty on its typical evidence", r.Name)
		}
		if v := Decide(e); v.Rule == r.Name && v.DecidedBy != r.DecidedBy(e) {
			t.Errorf("%s: verdict decided_by %q, rule says %q", r.Name, v.DecidedBy, r.DecidedBy(e))
		}
	}
}

// DecidedBy is read on every evidence its rule accepts: it never panics
// and never shows a placeholder left empty.
func TestDecidedByFitsEveryEvidenceItsRuleAccepts(t *testing.T) {
	for _, f := range broadFixtures(t) {
		for _, r := range Rules {
			if !r.When(f.e) || r.DecidedBy == nil {
				continue
			}
			s, err := summarise(Rule{Summary: r.DecidedBy}, f.e)
			if err != nil {
				t.Errorf("%s on %s: %v", r.Name, f.name, err)
				continue
			}
			for _, bad := range badWording {
				if strings.Contains(s, bad) {
					t.Errorf("%s on %s: decided_by %q contains %q", r.Name, f.name, s, bad)
				}
			}
		}
	}
}
