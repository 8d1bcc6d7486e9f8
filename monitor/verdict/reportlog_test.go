package verdict

import (
	"strings"
	"testing"
)

func TestReportWithLogRedacts(t *testing.T) {
	v := Verdict{URL: "https://shop.gw.test/cart?session=s3cret", Side: SideServer, Hop: HopOrigin}
	log := []string{
		`2026/12/01 10:00:00 gatewatch: shop.gw.test down: Get "https://bob:hunter2@shop.gw.test/api?token=abc123#frag": EOF`,
		`2026/12/01 10:00:01 gatewatch: redirected to http://portal.gw.test/login?mac=aa:bb&sig=zzz`,
		`2026/12/01 10:00:02 gatewatch: status page https://status.gw.test/api/v2/summary.json read`,
	}
	got := ReportWithLog(v, log)
	for _, secret := range []string{"s3cret", "hunter2", "bob", "abc123", "frag", "sig=zzz", "mac="} {
		if strings.Contains(got, secret) {
			t.Errorf("report leaks %q:\n%s", secret, got)
		}
	}
	for _, kept := range []string{"Recent log:\n", `  2026/12/01 10:00:00 gatewatch: shop.gw.test down: Get "https://shop.gw.test/api": EOF`,
		"http://portal.gw.test/login\n", "https://status.gw.test/api/v2/summary.json read\n"} {
		if !strings.Contains(got, kept) {
			t.Errorf("report lacks %q:\n%s", kept, got)
		}
	}
	if !strings.HasPrefix(got, Report(v)) {
		t.Error("the log does not follow the report")
	}
	if ReportWithLog(v, nil) != Report(v) {
		t.Error("no log must leave the report as it is")
	}
}
