//go:build !windows

package checks

import (
	"errors"
	"net/netip"
)

// egressIndex has no second way on this system: the UDP lookup is the
// kernel's own answer.
func egressIndex(netip.Addr) (int, error) { return 0, errors.ErrUnsupported }
