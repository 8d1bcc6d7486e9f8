package checks

import (
	"net/netip"
	"testing"
)

// Run under Wine by scripts/windows-test.sh: loopback's egress is found by
// the system's route lookup, on an interface of the list.
func TestEgressByIndex(t *testing.T) {
	ifaces, err := linkInterfaces()
	if err != nil {
		t.Fatal(err)
	}
	it, ok := egressByIndex(ifaces, netip.MustParseAddr("127.0.0.1"))
	if !ok {
		idx, err := egressIndex(netip.MustParseAddr("127.0.0.1"))
		t.Fatalf("no egress interface for 127.0.0.1 (index %d, %v) among %+v", idx, err, ifaces)
	}
	t.Logf("127.0.0.1 leaves by %s (index %d)", it.Name, it.Index)
}
