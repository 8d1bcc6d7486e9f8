//go:build !linux

package checks

import "net/netip"

// neighborState is only implemented on Linux.
func neighborState(netip.Addr, string) string { return "" }
