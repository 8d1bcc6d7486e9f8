package fix

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"sync"
	"time"
)

// TCP/IPv4 headers without options: an MSS of n bytes travels in packets
// of n+40. The MTU lower-vpn-mtu sets is the measured working MSS plus
// these, so the tunnel's own packets fit where the full-size ones did not.
const tcpIPv4Headers = 40

// minMTU is the smallest MTU set: IPv4's 576 (RFC 791), which the 536-byte
// MSS corresponds to. Anything smaller breaks more than it fixes.
const minMTU = 576

// Compiled on first use, not at package init: init runs at every
// process start, `gatewatch check` and `version` included.
var mtuField = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\bmtu (\d{3,5})\b`) })

// lowerMTU plans lower-vpn-mtu: set the VPN interface's MTU to the size
// that worked, recording the old MTU for the undo. Shown in full and
// confirmed first, like every privileged fix.
func lowerMTU(ctx context.Context, env Env) (Plan, error) {
	mss := env.Verdict.PathMSS
	if mss <= 0 {
		return Plan{Manual: "No working packet size was measured: run the diagnosis again while the site stalls."}, nil
	}
	mtu := max(mss+tcpIPv4Headers, minMTU)
	switch env.GOOS {
	case "windows":
		name, err := env.knownWindowsIface(env.VPNIface)
		if err != nil {
			return Plan{Manual: fmt.Sprintf("Set the VPN adapter's MTU to %d in the VPN client's settings (no VPN adapter carrying the traffic was found: %v).", mtu, err)}, nil
		}
		return Plan{
			Explain: fmt.Sprintf("Sets the MTU of %s to %d, the size that got through (the old value is not read back on Windows: undo it in the VPN client, or by reconnecting the VPN).", name, mtu),
			Steps:   []Step{{Argv: []string{"netsh", "interface", "ipv4", "set", "subinterface", name, "mtu=" + strconv.Itoa(mtu), "store=active"}, Privileged: true}},
		}, nil
	case "linux", "darwin":
	default:
		return Plan{Manual: fmt.Sprintf("Set the VPN interface's MTU to %d in the VPN client's settings.", mtu)}, nil
	}
	iface, err := env.knownIface(env.VPNIface)
	if err != nil {
		return Plan{Manual: fmt.Sprintf("Set the VPN interface's MTU to %d in the VPN client's settings (%v).", mtu, err)}, nil
	}
	old, err := currentMTU(ctx, env, iface)
	if err != nil {
		return Plan{}, fmt.Errorf("reading the MTU of %s: %w", iface, err)
	}
	if old <= mtu {
		return Plan{Manual: fmt.Sprintf("The MTU of %s is already %d, no larger than the %d that worked: the black hole is further along; ask the VPN's provider.", iface, old, mtu)}, nil
	}
	priv := !env.Root
	p := Plan{
		Explain:  fmt.Sprintf("Lowers the MTU of %s from %d to %d, the size that got through; undo puts %d back.", iface, old, mtu, old),
		Undoable: true,
		SaveUndo: &UndoRecord{Backend: "mtu", Iface: iface, MTU: old, Saved: time.Now().UTC()},
	}
	p.Steps = []Step{{Argv: setMTUArgv(env.GOOS, iface, mtu), Privileged: priv}}
	return p, nil
}

func setMTUArgv(goos, iface string, mtu int) []string {
	if goos == "darwin" {
		return []string{"ifconfig", iface, "mtu", strconv.Itoa(mtu)}
	}
	return []string{"ip", "link", "set", "dev", iface, "mtu", strconv.Itoa(mtu)}
}

// currentMTU asks the system (read-only) for iface's MTU.
func currentMTU(ctx context.Context, env Env, iface string) (int, error) {
	argv := []string{"ip", "-o", "link", "show", "dev", iface}
	if env.GOOS == "darwin" {
		argv = []string{"ifconfig", iface}
	}
	out, err := env.query(ctx, argv...)
	if err != nil {
		return 0, err
	}
	m := mtuField().FindStringSubmatch(out)
	if m == nil {
		return 0, errors.New("no mtu in the interface's description")
	}
	return strconv.Atoi(m[1])
}

// undoMTU puts the recorded MTU back.
func undoMTU(env Env) (Plan, error) {
	r := env.Undo
	if r.Backend != "mtu" {
		return Plan{}, fmt.Errorf("the saved record is not an MTU change (%q)", r.Backend)
	}
	if r.MTU < minMTU || r.MTU > 65535 {
		return Plan{}, fmt.Errorf("saved MTU %d is out of range", r.MTU)
	}
	if env.GOOS != "linux" && env.GOOS != "darwin" {
		return Plan{}, fmt.Errorf("no MTU undo on %s", env.GOOS)
	}
	iface, err := env.knownIface(r.Iface)
	if err != nil {
		return Plan{}, err
	}
	return Plan{
		Explain: fmt.Sprintf("Puts the MTU of %s back to %d.", iface, r.MTU),
		Steps:   []Step{{Argv: setMTUArgv(env.GOOS, iface, r.MTU), Privileged: !env.Root}},
	}, nil
}
