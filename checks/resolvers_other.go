//go:build !linux && !darwin && !windows

package checks

import (
	"fmt"
	"os"
)

// SystemResolvers reads /etc/resolv.conf on the BSDs and other Unixes.
func SystemResolvers() ([]string, error) {
	data, err := os.ReadFile("/etc/resolv.conf")
	if err != nil {
		return nil, fmt.Errorf("reading /etc/resolv.conf: %w", err)
	}
	s, _, err := ParseResolvConf(data)
	return s, err
}
