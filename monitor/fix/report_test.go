package fix

import (
	"context"
	"strings"
	"testing"

	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// The copied report carries the log's tail, redacted.
func TestCopyReportCarriesLog(t *testing.T) {
	env := fakeEnv("linux", nil, nil, nil)
	env.Verdict = verdict.Verdict{URL: "https://shop.gw.test/", Side: verdict.SideServer, Hop: verdict.HopOrigin}
	env.Log = []string{"2026/12/01 10:00:00 gatewatch: redirected to https://shop.gw.test/?token=abc"}
	p, err := Make(context.Background(), verdict.FixCopyReport, env)
	if err != nil || len(p.Steps) != 1 {
		t.Fatalf("plan %+v, %v", p, err)
	}
	c := p.Steps[0].Copy
	if !strings.Contains(c, "Recent log:\n  2026/12/01 10:00:00 gatewatch: redirected to https://shop.gw.test/\n") || strings.Contains(c, "abc") {
		t.Errorf("report:\n%s", c)
	}
}
