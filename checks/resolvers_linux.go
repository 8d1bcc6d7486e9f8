package checks

import (
	"errors"
	"fmt"
	"os"
)

// SystemResolvers returns the resolvers this machine uses. Behind
// systemd-resolved's stub the stub itself is what applications ask, so it
// is returned first, followed by resolved's real upstreams: a failing
// upstream and a failing stub are different problems.
func SystemResolvers() ([]string, error) {
	data, err := os.ReadFile("/etc/resolv.conf")
	if err != nil {
		return nil, fmt.Errorf("reading /etc/resolv.conf: %w", err)
	}
	servers, _, err := ParseResolvConf(data)
	if err != nil {
		return nil, err
	}
	if isStub(servers) {
		if up, err := os.ReadFile("/run/systemd/resolve/resolv.conf"); err == nil {
			ups, _, _ := ParseResolvConf(up)
			for _, s := range ups {
				if !containsStr(servers, s) {
					servers = append(servers, s)
				}
			}
		}
	}
	if len(servers) == 0 {
		// glibc falls back to the local host when none is configured.
		return []string{"127.0.0.1:53"}, errors.New("no nameserver in /etc/resolv.conf")
	}
	return servers, nil
}
