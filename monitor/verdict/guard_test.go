package verdict

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/checks"
	"github.com/gatewatch/gatewatch/monitor/config"
)

// On the host, under the loopback-only guard, the router is not tested:
// the guard's refusal is kept apart from Gateway, which the rules read, so
// it can never turn into "your router does not answer".
func TestProbeNetworkGuardedRouter(t *testing.T) {
	t.Setenv(config.GuardEnv, "1")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	n := ProbeNetwork(ctx, Options{})
	r, ok := physicalGateway(*n.Link)
	if !ok {
		t.Skip("this machine has no default gateway")
	}
	if r.Gateway.IsLoopback() {
		t.Skipf("the default gateway %s is loopback: the guard lets it through", r.Gateway)
	}
	if n.Gateway != nil {
		t.Fatalf("router %s was probed under the guard: %+v", r.Gateway, *n.Gateway)
	}
	g := n.GatewayNotTested
	if g == nil || g.Err != checks.ErrGuard || !strings.Contains(g.Detail, "loopback-only test guard") {
		t.Fatalf("GatewayNotTested = %+v, want the guard's refusal", g)
	}
	if el := time.Since(start); el > 3*time.Second {
		t.Errorf("ProbeNetwork took %s: something waited on the network", el)
	}
}

func TestStepsRouterNotTested(t *testing.T) {
	g := checks.GatewayResult{Gateway: netip.MustParseAddr("192.0.2.1"), Err: checks.ErrGuard,
		Detail: "not tested: router 192.0.2.1: refused by the loopback-only test guard (GATEWATCH_LAB_ONLY=1)"}
	e := &Evidence{Net: NetEvidence{GatewayNotTested: &g}}
	var found bool
	for _, s := range Steps(e) {
		if s.Check == "router" {
			t.Errorf("a router step for an untested router: %+v", s)
		}
		if s.Check == "router (not tested)" && strings.Contains(s.Detail, "test guard") {
			found = true
		}
	}
	if !found {
		t.Errorf("steps %+v lack the untested router", Steps(e))
	}
}
