package checks

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// SystemResolvers returns the resolvers this machine uses, from
// /etc/resolv.conf; behind systemd-resolved's stub, the stub and then
// resolved's upstreams.
func SystemResolvers() ([]string, error) { return systemResolvers(context.Background()) }

func systemResolvers(context.Context) ([]string, error) {
	main, err := os.ReadFile("/etc/resolv.conf")
	if err != nil {
		return nil, fmt.Errorf("reading /etc/resolv.conf: %w", err)
	}
	// Unreadable upstreams (no systemd-resolved) leave the stub alone.
	upstream, _ := os.ReadFile("/run/systemd/resolve/resolv.conf")
	servers, err := resolvConfServers(main, upstream)
	if err != nil {
		return servers, err
	}
	if len(servers) == 0 {
		// glibc and musl ask the local host when none is configured.
		return []string{"127.0.0.1:53"}, errors.New("no nameserver in /etc/resolv.conf, so the local host is asked")
	}
	return servers, nil
}
