package checks

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// SystemResolvers asks configd (`scutil --dns`): /etc/resolv.conf on macOS
// is only a compatibility copy and misses per-interface resolvers.
func SystemResolvers() ([]string, error) {
	out, err := runTool(context.Background(), 2*time.Second, "/usr/sbin/scutil", "--dns")
	if err != nil {
		return nil, fmt.Errorf("scutil --dns: %w", err)
	}
	s := ParseScutilDNS([]byte(out))
	if len(s) == 0 {
		return nil, errors.New("scutil --dns lists no default resolver")
	}
	return s, nil
}
