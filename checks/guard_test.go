package checks

import (
	"context"
	"errors"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestGuardLevel(t *testing.T) {
	cases := []struct {
		env  string
		want GuardLevel
	}{
		{"", GuardOff},
		{"0", GuardOff},
		{"1", GuardLoopback},
		{"loopback", GuardLoopback},
		{"lab", GuardLab},
		{"yes", GuardLoopback}, // a typo never widens the guard
	}
	for _, c := range cases {
		t.Setenv(LabOnlyEnv, c.env)
		if got := Guard(); got != c.want {
			t.Errorf("%s=%q: Guard() = %v, want %v", LabOnlyEnv, c.env, got, c.want)
		}
	}
}

func TestGuardAllows(t *testing.T) {
	cases := []struct {
		addr               string
		off, lab, loopback bool
	}{
		{"127.0.0.1", true, true, true},
		{"127.5.6.7", true, true, true},
		{"::1", true, true, true},
		{"::ffff:127.0.0.1", true, true, true},
		{"192.0.2.1", true, true, false}, // the development machine's own router
		{"198.51.100.53", true, true, false},
		{"203.0.113.30", true, true, false},
		{"2001:db8::1", true, true, false},
		{"10.255.255.53", true, false, false},
		{"8.8.8.8", true, false, false},
		{"fe80::1", true, false, false},
	}
	for _, c := range cases {
		a := netip.MustParseAddr(c.addr)
		for _, l := range []struct {
			g    GuardLevel
			want bool
		}{{GuardOff, c.off}, {GuardLab, c.lab}, {GuardLoopback, c.loopback}} {
			if got := l.g.Allows(a); got != l.want {
				t.Errorf("%v guard, %s: Allows = %v, want %v", l.g, a, got, l.want)
			}
		}
	}
}

// Every probe refuses a destination outside the guard before any packet
// leaves, and says so with ErrGuard. 198.18.0.1 is outside both levels;
// 192.0.2.1 is inside the lab level, so it is only tried under loopback
// (where it is refused: no test may send to it, it is a real router here).
func TestGuardRefusesProbes(t *testing.T) {
	for _, c := range []struct {
		env, addr string
	}{
		{"1", "192.0.2.1"},
		{"loopback", "198.51.100.53"},
		{"lab", "198.18.0.1"},
	} {
		t.Run(c.env+"/"+c.addr, func(t *testing.T) {
			t.Setenv(LabOnlyEnv, c.env)
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			a := netip.MustParseAddr(c.addr)
			hostPort := netip.AddrPortFrom(a, 53).String()
			start := time.Now()
			check := func(probe string, kind ErrKind, detail string) {
				t.Helper()
				if kind != ErrGuard || !strings.Contains(detail, "test guard") {
					t.Errorf("%s: err %q detail %q, want a guard refusal", probe, kind, detail)
				}
			}

			g := Gateway(ctx, Route{Interface: "eth0", Gateway: a}, GatewayOptions{})
			check("gateway", g.Err, g.Detail)
			if g.Reachable || !strings.HasPrefix(g.Detail, "not tested") {
				t.Errorf("gateway: %+v, want not tested", g)
			}
			_, avail, err := icmpEcho(ctx, a)
			if !avail || !errors.Is(err, ErrGuarded) {
				t.Errorf("icmp: avail=%v err=%v", avail, err)
			}
			r := Reach(ctx, hostPort, ReachOptions{Attempts: 1})
			check("reach", r.Err, r.Detail)
			d := resolve(ctx, hostPort, "example.test.")
			check("dns", d.Err, d.Detail)
			u := &url.URL{Scheme: "http", Host: c.addr, Path: "/generate_204"}
			cr := Canary(ctx, u, CanaryOptions{})
			check("canary", cr.Err, cr.Detail)
			h := HTTP(ctx, &url.URL{Scheme: "https", Host: c.addr}, HTTPOptions{Timeout: time.Second})
			check("http", h.Err, h.Error)
			tl := TLS(ctx, c.addr, "443", TLSOptions{})
			check("tls", tl.Err, tl.Detail)
			sp := StatusPage(ctx, &url.URL{Scheme: "https", Host: c.addr}, StatusPageOptions{})
			check("status page", sp.Err, sp.Error)
			if _, err := egressAddr(ctx, a); !errors.Is(err, ErrGuarded) {
				t.Errorf("vpn egress: err %v, want a guard refusal", err)
			}
			if el := time.Since(start); el > time.Second {
				t.Errorf("refusals took %s: something waited on the network", el)
			}
		})
	}
}

// Under the loopback-only guard no name is looked up through the system
// resolver, and the machine's resolvers are not asked (even a loopback
// stub forwards to the real network).
func TestGuardLoopbackLookups(t *testing.T) {
	t.Setenv(LabOnlyEnv, "1")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_, err := newDialer().DialContext(ctx, "tcp", "gatewatch-guard.example:80")
	if Classify(err) != ErrGuard {
		t.Errorf("dial by name: %v (%s), want a guard refusal", err, Classify(err))
	}
	d := DNS(ctx, "gatewatch-guard.example", DNSOptions{})
	if len(d.System) != 0 {
		t.Errorf("system resolvers asked: %+v", d.System)
	}
	if !strings.Contains(d.SystemErr, "test guard") {
		t.Errorf("SystemErr %q, want a guard refusal (or the discovery error on a machine without resolvers)", d.SystemErr)
	}
}
