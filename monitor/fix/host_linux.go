package fix

import (
	"context"
	"net/netip"
	"os"
	"strings"

	"github.com/shirou/gopsutil/v4/process"

	"github.com/gatewatch/gatewatch/checks"
)

func isRoot() bool { return os.Geteuid() == 0 }

// localDnsmasq finds dnsmasq processes that serve this machine: only when
// resolv.conf names a loopback resolver (NetworkManager's dnsmasq plugin),
// never a dnsmasq that merely runs here for something else.
func localDnsmasq(ctx context.Context, env Env) []int {
	servers, err := checks.SystemResolvers()
	if err != nil || len(servers) == 0 {
		return nil
	}
	ap, err := netip.ParseAddrPort(servers[0])
	if err != nil || !ap.Addr().IsLoopback() || strings.HasPrefix(servers[0], "127.0.0.53") {
		return nil
	}
	procs, err := process.ProcessesWithContext(ctx)
	if err != nil {
		return nil
	}
	var pids []int
	for _, p := range procs {
		if name, err := p.NameWithContext(ctx); err == nil && name == "dnsmasq" {
			pids = append(pids, int(p.Pid))
		}
	}
	return pids
}

// runElevated runs argv through pkexec unless already root.
func (x System) runElevated(ctx context.Context, argv []string) (string, error) {
	if isRoot() {
		return x.run(ctx, argv)
	}
	return x.run(ctx, Elevate("linux", argv))
}
