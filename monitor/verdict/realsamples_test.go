package verdict

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/gatewatch/gatewatch/checks"
	"github.com/gatewatch/gatewatch/internal/fpsamples"
)

// Every real capture of checks/testdata/fingerprint/real that names a
// verdict gets it on the healthy network (a forward proxy's page through
// the proxy configured on this computer): a bot check or a rate limit is
// never an outage, a CDN's own failure is the CDN's, a refusal is this
// computer's to change.
func TestDecideRealSamples(t *testing.T) {
	n := 0
	for _, s := range fpsamples.Load(t, filepath.Join("..", "..", "checks", "testdata", "fingerprint", "real")) {
		if s.Verdict == "" {
			continue
		}
		n++
		t.Run(s.Name, func(t *testing.T) {
			e := healthy()
			if checks.Role(s.Role) == checks.RoleProxy {
				withProxy(e, true)
			}
			e.HTTP = response(s.Status, s.Header, string(s.Body))
			e.FP = checks.FingerprintResponse(s.Status, s.Header, s.Body)
			v := Decide(e)
			if got := fmt.Sprintf("%s/%s/%s", v.Side, v.Hop, v.Rule); got != s.Verdict {
				t.Errorf("%s: got %s, want %s: %s\nsource: %s", s.Name, got, s.Verdict, v.Summary, s.Source)
			}
		})
	}
	if n < 40 {
		t.Errorf("only %d real samples name a verdict", n)
	}
}
