package checks

import (
	"context"
	"errors"
	"fmt"
)

// SystemResolvers asks configd through `scutil --dns`: /etc/resolv.conf on
// macOS is only a compatibility copy and misses per-interface resolvers.
func SystemResolvers() ([]string, error) { return systemResolvers(context.Background()) }

func systemResolvers(ctx context.Context) ([]string, error) {
	out, err := runTool(ctx, discoverTimeout, "/usr/sbin/scutil", "--dns")
	if err != nil {
		return nil, fmt.Errorf("scutil --dns: %w", err)
	}
	s := ParseScutilDNS([]byte(out))
	if len(s) == 0 {
		return nil, errors.New("scutil --dns lists no default resolver")
	}
	return s, nil
}
