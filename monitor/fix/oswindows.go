package fix

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// This file plans fixes for Windows; compiled everywhere, tested on Linux.
// netsh rather than PowerShell's Set-DnsClientServerAddress: PowerShell
// is a shell, and its -Command takes one string of script.

func planWindows(ctx context.Context, id string, env Env) (Plan, error) {
	switch id {
	case verdict.FixFlushDNS:
		return Plan{Steps: []Step{{Argv: []string{"ipconfig", "/flushdns"}}}, ChangesDNS: true}, nil
	case verdict.FixRestartDNSService:
		return restartDNSServiceWindows(), nil
	case verdict.FixSwitchDNS:
		to, err := env.switchTo()
		if err != nil {
			return Plan{}, err
		}
		v4 := addrStrings(to, true)
		if len(v4) == 0 {
			return Plan{}, errors.New("no IPv4 reference resolver to switch to")
		}
		name, err := env.knownWindowsIface(env.DefaultIface)
		if err != nil {
			return Plan{}, err
		}
		prev, err := env.query(ctx, "netsh", "interface", "ipv4", "show", "dnsservers", "name="+name)
		if err != nil {
			return Plan{}, fmt.Errorf("reading the DNS servers of %s: %w", name, err)
		}
		rec := &UndoRecord{Backend: "netsh", Iface: name, DHCP: true}
		if strings.Contains(prev, "Statically Configured DNS Servers") {
			rec.DHCP, rec.Servers = false, parseAddrList(prev)
		}
		return Plan{
			Explain:      "Sets the DNS servers of " + name + " to " + strings.Join(v4, ", ") + ".",
			Steps:        append(netshSetDNS(name, v4), Step{Argv: []string{"ipconfig", "/flushdns"}}),
			NeedsConfirm: true, Undoable: true, ChangesDNS: true, SaveUndo: rec,
		}, nil
	case verdict.FixRenewDHCP:
		return Plan{Steps: []Step{{Argv: []string{"ipconfig", "/renew"}, Privileged: true}}, NeedsConfirm: true}, nil
	case verdict.FixDisconnectVPN:
		return Plan{
			Explain:      "Disconnects Windows' built-in VPN connections (rasdial).",
			Steps:        []Step{{Argv: []string{"rasdial", "/disconnect"}}},
			Manual:       "A VPN program of its own: " + vpnManual(env.VPNClients),
			NeedsConfirm: true,
		}, nil
	case verdict.FixBypassProxy:
		return Plan{
			RecheckWithoutProxy: true,
			Explain:             "gatewatch checks the site again without the proxy, and opens the proxy settings.",
			Steps:               []Step{{Argv: []string{"explorer.exe", "ms-settings:network-proxy"}}},
			Manual:              `Under "Manual proxy setup", switch "Use a proxy server" off (or correct the address); under "Automatic proxy setup", check the script address.`,
		}, nil
	case verdict.FixSyncClock:
		return Plan{Steps: []Step{{Argv: []string{"w32tm", "/resync"}, Privileged: true}}, NeedsConfirm: true}, nil
	}
	return Plan{}, fmt.Errorf("no Windows plan for %s", id)
}

// netshSetDNS sets static DNS servers on an adapter: the first with "set",
// the others with "add".
func netshSetDNS(name string, servers []string) []Step {
	steps := []Step{{Argv: []string{"netsh", "interface", "ipv4", "set", "dnsservers", "name=" + name, "source=static", "address=" + servers[0], "register=primary", "validate=no"}, Privileged: true}}
	for i, s := range servers[1:] {
		steps = append(steps, Step{Argv: []string{"netsh", "interface", "ipv4", "add", "dnsservers", "name=" + name, "address=" + s, fmt.Sprintf("index=%d", i+2), "validate=no"}, Privileged: true})
	}
	return steps
}

func undoWindows(env Env) (Plan, error) {
	r := env.Undo
	if r.Backend != "netsh" {
		return Plan{}, fmt.Errorf("the saved record has an unknown backend %q", r.Backend)
	}
	name, err := env.knownWindowsIface(r.Iface)
	if err != nil {
		return Plan{}, err
	}
	prev := parseAddrList(strings.Join(r.Servers, " "))
	var steps []Step
	if r.DHCP || len(prev) == 0 {
		steps = []Step{{Argv: []string{"netsh", "interface", "ipv4", "set", "dnsservers", "name=" + name, "source=dhcp"}, Privileged: true}}
	} else {
		steps = netshSetDNS(name, prev)
	}
	return Plan{
		Explain: "Puts back the earlier DNS servers of " + name + ".",
		Steps:   append(steps, Step{Argv: []string{"ipconfig", "/flushdns"}}),
	}, nil
}
