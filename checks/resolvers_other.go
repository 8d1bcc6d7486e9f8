//go:build !linux && !darwin && !windows

package checks

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// SystemResolvers reads /etc/resolv.conf on the BSDs and other Unixes.
func SystemResolvers() ([]string, error) { return systemResolvers(context.Background()) }

func systemResolvers(context.Context) ([]string, error) {
	data, err := os.ReadFile("/etc/resolv.conf")
	if err != nil {
		return nil, fmt.Errorf("reading /etc/resolv.conf: %w", err)
	}
	s, _, err := ParseResolvConf(data)
	if err == nil && len(s) == 0 {
		return []string{"127.0.0.1:53"}, errors.New("no nameserver in /etc/resolv.conf, so the local host is asked")
	}
	return s, err
}
