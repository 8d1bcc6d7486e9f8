package checks

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/shirou/gopsutil/v4/process"
)

// VPNOptions configure the VPN probe.
type VPNOptions struct {
	// Probe is a public-side address (e.g. the reference resolver): the
	// kernel is asked which interface traffic to it would leave by.
	Probe netip.Addr
}

// VPNResult says whether a VPN is up and whether it carries the traffic.
type VPNResult struct {
	Interfaces    []string // VPN-like interfaces that are up and carry an address
	EgressIface   string   // the interface traffic to Probe leaves by
	DefaultViaVPN bool     // EgressIface is VPN-like
	Processes     []string // known VPN client processes running (best effort)
	Detail        string
	Elapsed       time.Duration
}

// vpnProcessTimeout bounds the process scan, which can be slow on a busy
// desktop.
const vpnProcessTimeout = 1500 * time.Millisecond

// vpnNamePrefixes are interface name prefixes VPN software uses. Names are
// compared case-insensitively; Windows uses adapter names such as
// "OpenVPN Wintun" or "ProtonVPN", which vpnNameWords catch.
var vpnNamePrefixes = []string{"tun", "tap", "wg", "utun", "ppp", "ipsec", "gpd", "tailscale", "nordlynx", "zt", "cscotun"}

var vpnNameWords = []string{"vpn", "wireguard", "wintun", "tap-windows", "tailscale", "nordlynx", "zerotier", "anyconnect", "globalprotect", "fortinet"}

// vpnProcesses are process names (without .exe, lower case) of VPN
// clients and daemons.
var vpnProcesses = []string{
	"openvpn", "openvpnserv", "openvpnserv2", "openvpn-gui", "openvpn3-service-client",
	"wireguard", "wg-quick", "wireguard-go", "boringtun",
	"openconnect", "vpnc", "charon", "strongswan", "racoon", "pppd", "xl2tpd",
	"nordvpnd", "nordvpn-service", "expressvpnd", "expressvpn-agent", "expressvpn.service",
	"protonvpn", "protonvpn-app", "protonvpnservice", "protonvpn.wireguardservice",
	"mullvad-daemon", "tailscaled", "zerotier-one", "warp-svc",
	"pangps", "pangpa", "globalprotect", "vpnagentd", "vpnagent", "acwebsecagent",
	"forticlient", "fortitray", "fctsched", "surfshark", "windscribeservice", "pia-daemon",
}

// VPN lists VPN interfaces and clients and finds the interface traffic
// leaves by. It sends nothing: the egress check only "connects" a UDP
// socket, which makes the kernel pick a route.
func VPN(ctx context.Context, opt VPNOptions) VPNResult {
	start := time.Now()
	var res VPNResult
	ifaces, err := linkInterfaces()
	var notes []string
	if err != nil {
		notes = append(notes, err.Error())
	}
	res.Interfaces = vpnInterfaces(ifaces)
	if opt.Probe.IsValid() {
		local, err := egressAddr(ctx, opt.Probe)
		if errors.Is(err, ErrGuarded) {
			notes = append(notes, fmt.Sprintf("egress towards %s not looked up: %v", opt.Probe, err))
		} else if err != nil {
			if it, ok := egressByIndex(ifaces, opt.Probe); ok {
				res.EgressIface = it.Name
				res.DefaultViaVPN = vpnLike(it.Name, it.PointToPoint, it.Loopback)
			} else {
				notes = append(notes, fmt.Sprintf("no route to %s: %v", opt.Probe, err))
			}
		} else if it, ok := ifaceForAddr(ifaces, local); ok {
			res.EgressIface = it.Name
			res.DefaultViaVPN = vpnLike(it.Name, it.PointToPoint, it.Loopback)
		} else {
			notes = append(notes, fmt.Sprintf("traffic to %s leaves from %s, on no known interface", opt.Probe, local))
		}
	}
	// Walking the process table costs far more CPU than the rest of this
	// probe; it only names the client of a VPN already seen, so skip it
	// when there is none (the resident monitor runs this every round).
	if len(res.Interfaces) > 0 || res.DefaultViaVPN {
		res.Processes = vpnClientProcesses(ctx)
	}
	res.Detail = vpnDetail(res, opt.Probe, notes)
	res.Elapsed = time.Since(start)
	return res
}

// vpnLike classifies an interface by name and flags alone.
func vpnLike(name string, pointToPoint, loopback bool) bool {
	if loopback {
		return false
	}
	if pointToPoint {
		return true
	}
	n := strings.ToLower(name)
	for _, p := range vpnNamePrefixes {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	for _, w := range vpnNameWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// vpnInterfaces keeps VPN-like interfaces that are up and have an address
// beyond link-local: macOS keeps several idle utun interfaces for its own
// services, with link-local addresses only.
func vpnInterfaces(ifaces []Interface) []string {
	var out []string
	for _, it := range ifaces {
		if !it.Up || !vpnLike(it.Name, it.PointToPoint, it.Loopback) {
			continue
		}
		if slices.ContainsFunc(it.Addrs, func(p netip.Prefix) bool { return routableAddr(p.Addr()) }) {
			out = append(out, it.Name)
		}
	}
	return out
}

// egressAddr returns the local address the kernel would send from to
// reach probe. Connecting a UDP socket only selects a route.
func egressAddr(ctx context.Context, probe netip.Addr) (netip.Addr, error) {
	c, err := newDialer().DialContext(ctx, "udp", netip.AddrPortFrom(probe, 53).String())
	if err != nil {
		return netip.Addr{}, err
	}
	defer c.Close()
	ua, ok := c.LocalAddr().(*net.UDPAddr)
	if !ok {
		return netip.Addr{}, fmt.Errorf("unexpected local address %v", c.LocalAddr())
	}
	return ua.AddrPort().Addr().Unmap(), nil
}

// egressByIndex is the system's own route lookup (egressIndex), where
// there is one, matched to the interface list by index.
func egressByIndex(ifaces []Interface, probe netip.Addr) (Interface, bool) {
	idx, err := egressIndex(probe)
	if err != nil {
		return Interface{}, false
	}
	for _, it := range ifaces {
		if it.Index == idx {
			return it, true
		}
	}
	return Interface{}, false
}

func ifaceForAddr(ifaces []Interface, a netip.Addr) (Interface, bool) {
	a = a.WithZone("")
	for _, it := range ifaces {
		for _, p := range it.Addrs {
			if p.Addr().WithZone("") == a {
				return it, true
			}
		}
	}
	return Interface{}, false
}

// vpnClientProcesses lists running VPN clients, giving up after
// vpnProcessTimeout with what it has.
func vpnClientProcesses(ctx context.Context) []string {
	ctx, cancel := context.WithTimeout(ctx, vpnProcessTimeout)
	defer cancel()
	procs, err := process.ProcessesWithContext(ctx)
	if err != nil {
		return nil
	}
	var found []string
	for _, p := range procs {
		if ctx.Err() != nil {
			break
		}
		// Processes come and go while we look; a vanished one is no error.
		name, err := p.NameWithContext(ctx)
		if err != nil {
			continue
		}
		if n, ok := vpnProcessName(name); ok && !slices.Contains(found, n) {
			found = append(found, n)
		}
	}
	slices.Sort(found)
	return found
}

func vpnProcessName(name string) (string, bool) {
	n := strings.TrimSuffix(strings.ToLower(name), ".exe")
	return n, slices.Contains(vpnProcesses, n)
}

func vpnDetail(r VPNResult, probe netip.Addr, notes []string) string {
	var parts []string
	switch {
	case r.DefaultViaVPN:
		parts = append(parts, fmt.Sprintf("traffic to %s goes through VPN interface %s", probe, r.EgressIface))
	case r.EgressIface != "" && len(r.Interfaces) > 0:
		parts = append(parts, fmt.Sprintf("VPN interface %s is up but traffic to %s leaves by %s", strings.Join(r.Interfaces, ", "), probe, r.EgressIface))
	case r.EgressIface != "":
		parts = append(parts, fmt.Sprintf("no VPN: traffic to %s leaves by %s", probe, r.EgressIface))
	case len(r.Interfaces) > 0:
		parts = append(parts, "VPN interface "+strings.Join(r.Interfaces, ", ")+" is up")
	default:
		parts = append(parts, "no VPN interface is up")
	}
	if len(r.Processes) > 0 {
		parts = append(parts, "running: "+strings.Join(r.Processes, ", "))
	}
	parts = append(parts, notes...)
	return strings.Join(parts, "; ")
}
