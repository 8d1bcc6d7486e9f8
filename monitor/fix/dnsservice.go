package fix

import (
	"context"
	"strings"
)

// This file plans restart-dns-service on every OS (compiled everywhere,
// tested on Linux): the computer's own DNS service failing in front of
// upstreams that answer (verdict rule dns-stub-failing).

func restartDNSServiceLinux(ctx context.Context, env Env) (Plan, error) {
	priv := !env.Root
	switch {
	case env.have("systemctl") && env.have("resolvectl") && !strings.Contains(env.Verdict.Summary, "NetworkManager's dnsmasq"):
		return Plan{
			Explain: "Restarts systemd-resolved, then empties its cache.",
			Steps: []Step{
				{Argv: []string{"systemctl", "restart", "systemd-resolved"}, Privileged: priv},
				{Argv: []string{"resolvectl", "flush-caches"}, Privileged: priv},
			},
			NeedsConfirm: true, ChangesDNS: true,
		}, nil
	case nmRunning(ctx, env):
		// NetworkManager restarts its own dnsmasq (and re-writes
		// resolv.conf) on a full DNS reload; polkit lets the desktop's
		// user ask, as for the other nmcli steps.
		return Plan{
			Explain:      "Asks NetworkManager to restart its DNS service (its own dnsmasq).",
			Steps:        []Step{{Argv: []string{"nmcli", "general", "reload", "dns-full"}}},
			NeedsConfirm: true, ChangesDNS: true,
		}, nil
	}
	return Plan{Manual: "No DNS service gatewatch knows how to restart was found (systemd-resolved, NetworkManager): restart the one this computer uses, or restart the computer."}, nil
}

func restartDNSServiceDarwin() Plan {
	return Plan{
		Explain: "Restarts mDNSResponder's lookups (it reloads on SIGHUP) and empties the directory cache.",
		Steps: []Step{
			{Argv: []string{"killall", "-HUP", "mDNSResponder"}, Privileged: true},
			{Argv: []string{"dscacheutil", "-flushcache"}},
		},
		NeedsConfirm: true, ChangesDNS: true,
	}
}

func restartDNSServiceWindows() Plan {
	return Plan{
		Explain: "Empties the DNS Client service's cache.",
		Steps:   []Step{{Argv: []string{"ipconfig", "/flushdns"}}},
		// Windows refuses to stop Dnscache while it runs.
		Manual:       "Windows does not let the DNS Client service be restarted by hand: if names still fail, restart the computer.",
		NeedsConfirm: true, ChangesDNS: true,
	}
}

// allowInFilter is the same everywhere: the filter belongs to whoever
// runs the network.
func allowInFilter() Plan {
	return Plan{Manual: "Open your DNS filter's admin page (Pi-hole, AdGuard Home, NextDNS, or the router's parental controls) and allow this site, or ask whoever runs the network to. Until then, switch-dns uses a resolver without the filter."}
}
