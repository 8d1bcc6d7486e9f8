package checks

import (
	"context"
	"os"
)

// ResolvedConfEnv names the file read as systemd-resolved's own
// resolv.conf (its upstreams) instead of /run/systemd/resolve/resolv.conf:
// a hook for the lab and tests, which cannot put a file under /run of the
// host. Unset on real machines.
const ResolvedConfEnv = "GATEWATCH_RESOLVED_CONF"

// osDNSService is the OS's own DNS service, when applications go through
// one that gatewatch does not ask itself; on Linux a stub is asked
// directly and named by its address (stubService).
const osDNSService = ""

// SystemResolvers returns the resolvers this machine uses, from
// /etc/resolv.conf; behind systemd-resolved's stub, the stub and then
// resolved's upstreams.
func SystemResolvers() ([]string, error) {
	s, _, err := systemResolvers(context.Background())
	return s, err
}

func systemResolvers(context.Context) ([]string, int, error) {
	path := "/run/systemd/resolve/resolv.conf"
	if p := os.Getenv(ResolvedConfEnv); p != "" {
		path = p
	}
	return resolvConfFileServers(path)
}
