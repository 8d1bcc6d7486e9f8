package monitor

import (
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// The verdicts that say the site is up (a bot check, even a 503 one) or
// that it refuses this computer's address never raise "down": their side
// is read from the rule table, so moving either rule to the site's side
// or to unknown fails here.
func TestSiteUpVerdictsNeverSayDown(t *testing.T) {
	for _, c := range []struct {
		rule   string
		status int
	}{{"bot-check", 503}, {"bot-check", 403}, {"access-refused", 403}, {"rate-limited", 429}} {
		r, ok := verdict.RuleNamed(c.rule)
		if !ok {
			t.Fatalf("no rule %q in the table", c.rule)
		}
		v := verdict.Verdict{Rule: r.Name, Side: r.Side, Hop: r.Hop, Status: c.status}
		start := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
		tr := NewSiteTracker("https://shop.gw.test/", start)
		for i := range 5 {
			if ev := tr.Observe(v, start.Add(time.Duration(i+1)*time.Minute)); ev != nil && ev.Kind == EventDown {
				t.Fatalf("%s (%d, side %s): a down event at check %d", c.rule, c.status, r.Side, i+1)
			}
		}
		if st := tr.Status().State; st == StateDown {
			t.Errorf("%s: state %s", c.rule, st)
		}
	}
}
