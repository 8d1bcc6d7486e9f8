package verdict

import (
	"testing"
	"time"
)

// A failure's diagnosis keeps the shared network evidence only while it is
// younger than NetMaxAge.
func TestForDiagnosisDropsOldEvidence(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	net := &NetEvidence{}
	cases := []struct {
		name    string
		netAt   time.Time
		keepNet bool
	}{
		{"just probed", now, true},
		{"younger than NetMaxAge", now.Add(-NetMaxAge + time.Millisecond), true},
		{"exactly NetMaxAge", now.Add(-NetMaxAge), false},
		{"a calm minute old", now.Add(-time.Minute), false},
		{"no time given: current", time.Time{}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Options{Net: net, NetAt: c.netAt, Timeout: time.Second}.forDiagnosis(now)
			if (got.Net != nil) != c.keepNet {
				t.Fatalf("Net kept = %v, want %v", got.Net != nil, c.keepNet)
			}
			if got.Timeout != time.Second {
				t.Fatal("other options lost")
			}
		})
	}
	if got := (Options{}).forDiagnosis(now); got.Net != nil {
		t.Fatal("no evidence became some")
	}
}
