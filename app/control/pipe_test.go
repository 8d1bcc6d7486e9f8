package control

import "testing"

func TestPipeNameAndSDDL(t *testing.T) {
	const sid = "S-1-5-21-1004336348-1177238915-682003330-1001"
	if got, want := pipeName(sid), `\\.\pipe\gatewatch-s-1-5-21-1004336348-1177238915-682003330-1001-control`; got != want {
		t.Errorf("pipeName = %q, want %q", got, want)
	}
	if got, want := pipeSDDL(sid), "D:P(A;;GA;;;S-1-5-21-1004336348-1177238915-682003330-1001)"; got != want {
		t.Errorf("pipeSDDL = %q, want %q", got, want)
	}
	for _, tc := range []struct {
		sid string
		ok  bool
	}{
		{sid, true},
		{"S-1-5-18", true},
		{"S-1-5-21)(A;;GA;;;WD", false}, // would admit Everyone
		{"", false},
		{"S-1", false},
	} {
		if got := validSID(tc.sid); got != tc.ok {
			t.Errorf("validSID(%q) = %v, want %v", tc.sid, got, tc.ok)
		}
	}
}
