//go:build !linux && !darwin && !windows

package checks

import "context"

// SystemResolvers reads /etc/resolv.conf on the BSDs and other Unixes.
func SystemResolvers() ([]string, error) { return systemResolvers(context.Background()) }

func systemResolvers(context.Context) ([]string, error) { return resolvConfFileServers("") }
