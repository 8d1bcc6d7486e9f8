package checks

import (
	"context"
	"errors"
	"fmt"
)

// SystemResolvers asks configd through `scutil --dns`: /etc/resolv.conf on
// macOS is only a compatibility copy and misses per-interface resolvers.
func SystemResolvers() ([]string, error) {
	s, _, err := systemResolvers(context.Background())
	return s, err
}

// osDNSService: applications ask mDNSResponder, which asks the servers
// scutil lists; gatewatch asks those servers itself.
const osDNSService = "mDNSResponder"

func systemResolvers(ctx context.Context) ([]string, int, error) {
	out, err := runTool(ctx, discoverTimeout, "/usr/sbin/scutil", "--dns")
	if err != nil {
		return nil, 0, fmt.Errorf("scutil --dns: %w", err)
	}
	s := ParseScutilDNS([]byte(out))
	if len(s) == 0 {
		return nil, 0, errors.New("scutil --dns lists no default resolver")
	}
	return s, 0, nil
}
