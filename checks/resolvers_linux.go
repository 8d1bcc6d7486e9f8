package checks

import "context"

// SystemResolvers returns the resolvers this machine uses, from
// /etc/resolv.conf; behind systemd-resolved's stub, the stub and then
// resolved's upstreams.
func SystemResolvers() ([]string, error) { return systemResolvers(context.Background()) }

func systemResolvers(context.Context) ([]string, error) {
	return resolvConfFileServers("/run/systemd/resolve/resolv.conf")
}
