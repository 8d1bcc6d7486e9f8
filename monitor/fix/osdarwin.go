package fix

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// This file plans fixes for macOS; compiled everywhere, tested on Linux.

// macNetworkSettings opens System Settings at Network.
const macNetworkSettings = "x-apple.systempreferences:com.apple.preference.network"

// macService is a network service and its device, from
// "networksetup -listnetworkserviceorder".
type macService struct{ name, device string }

// macServices parses "networksetup -listnetworkserviceorder":
//
//	(1) Wi-Fi
//	(Hardware Port: Wi-Fi, Device: en0)
func macServices(out string) []macService {
	var svcs []macService
	var name string
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "(Hardware Port:"):
			if i := strings.Index(line, "Device: "); i >= 0 && name != "" {
				dev := strings.TrimSuffix(line[i+len("Device: "):], ")")
				svcs = append(svcs, macService{name: name, device: dev})
			}
			name = ""
		case strings.HasPrefix(line, "("):
			// "(1) Wi-Fi"; "(*) Name" marks a disabled service.
			if i := strings.Index(line, ") "); i > 0 && !strings.HasPrefix(line, "(*)") {
				name = line[i+2:]
			}
		}
	}
	return svcs
}

// safeServiceName: service names are free text chosen by the user; they
// reach argv as one argument, so only refuse what a tool could misread.
func safeServiceName(s string) bool {
	return s != "" && !strings.HasPrefix(s, "-") && !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}

func macPrimaryService(ctx context.Context, env Env) (string, error) {
	out, err := env.query(ctx, "networksetup", "-listnetworkserviceorder")
	if err != nil {
		return "", fmt.Errorf("listing network services: %w", err)
	}
	svcs := macServices(out)
	i := slices.IndexFunc(svcs, func(s macService) bool { return s.device == env.DefaultIface && env.DefaultIface != "" })
	if i < 0 {
		return "", fmt.Errorf("no network service uses %q", env.DefaultIface)
	}
	if !safeServiceName(svcs[i].name) {
		return "", fmt.Errorf("network service name %q is not safe to pass to a command", svcs[i].name)
	}
	return svcs[i].name, nil
}

func planDarwin(ctx context.Context, id string, env Env) (Plan, error) {
	switch id {
	case verdict.FixFlushDNS:
		return Plan{
			Steps: []Step{
				{Argv: []string{"dscacheutil", "-flushcache"}},
				// mDNSResponder drops its cache on SIGHUP.
				{Argv: []string{"killall", "-HUP", "mDNSResponder"}, Privileged: true},
			},
			ChangesDNS: true,
		}, nil
	case verdict.FixRestartDNSService:
		return restartDNSServiceDarwin(), nil
	case verdict.FixSwitchDNS:
		to, err := env.switchTo()
		if err != nil {
			return Plan{}, err
		}
		svc, err := macPrimaryService(ctx, env)
		if err != nil {
			return Plan{}, err
		}
		prev, err := env.query(ctx, "networksetup", "-getdnsservers", svc)
		if err != nil {
			return Plan{}, fmt.Errorf("reading the DNS servers of %s: %w", svc, err)
		}
		servers := append(addrStrings(to, true), addrStrings(to, false)...)
		return Plan{
			Explain: "Sets the DNS servers of " + svc + " to " + strings.Join(servers, ", ") + ".",
			Steps: []Step{
				{Argv: append([]string{"networksetup", "-setdnsservers", svc}, servers...), Privileged: true},
				{Argv: []string{"dscacheutil", "-flushcache"}},
			},
			NeedsConfirm: true, Undoable: true, ChangesDNS: true,
			SaveUndo: &UndoRecord{Backend: "networksetup", Service: svc, Servers: parseAddrList(prev)},
		}, nil
	case verdict.FixRenewDHCP:
		iface, err := env.knownIface(env.DefaultIface)
		if err != nil {
			return Plan{Manual: "Turn Wi-Fi off and on again from the menu bar, or unplug and replug the cable."}, nil
		}
		// ipconfig set returns before the lease is renewed.
		return Plan{Steps: []Step{{Argv: []string{"ipconfig", "set", iface, "DHCP"}, Privileged: true}}, NeedsConfirm: true, Settle: leaseSettle}, nil
	case verdict.FixDisconnectVPN:
		return Plan{
			Explain: "Opens the network settings.",
			Steps:   []Step{{Argv: []string{"open", macNetworkSettings}}},
			Manual:  vpnManual(env.VPNClients) + " Built-in VPNs are switched off under System Settings → VPN.",
		}, nil
	case verdict.FixBypassProxy:
		return Plan{
			RecheckWithoutProxy: true,
			Explain:             "gatewatch checks the site again without the proxy, and opens the network settings.",
			Steps:               []Step{{Argv: []string{"open", macNetworkSettings}}},
			Manual:              `In System Settings → Network → (your connection) → Details… → Proxies, switch off the proxies you do not need, or correct the proxy's address.`,
		}, nil
	case verdict.FixSyncClock:
		return Plan{Steps: []Step{{Argv: []string{"systemsetup", "-setusingnetworktime", "on"}, Privileged: true}}, NeedsConfirm: true}, nil
	}
	return Plan{}, fmt.Errorf("no macOS plan for %s", id)
}

func undoDarwin(env Env) (Plan, error) {
	r := env.Undo
	if r.Backend != "networksetup" {
		return Plan{}, fmt.Errorf("the saved record has an unknown backend %q", r.Backend)
	}
	if !safeServiceName(r.Service) {
		return Plan{}, errors.New("the saved record names no usable network service")
	}
	prev := parseAddrList(strings.Join(r.Servers, " "))
	if len(prev) == 0 {
		prev = []string{"Empty"} // networksetup's word for "from DHCP"
	}
	return Plan{
		Explain: "Puts back the earlier DNS servers of " + r.Service + ".",
		Steps: []Step{
			{Argv: append([]string{"networksetup", "-setdnsservers", r.Service}, prev...), Privileged: true},
			{Argv: []string{"dscacheutil", "-flushcache"}},
		},
	}, nil
}
