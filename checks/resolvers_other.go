//go:build !linux && !darwin && !windows

package checks

import "context"

// osDNSService: the BSDs' libc reads /etc/resolv.conf itself.
const osDNSService = ""

// SystemResolvers reads /etc/resolv.conf on the BSDs and other Unixes.
func SystemResolvers() ([]string, error) {
	s, _, err := systemResolvers(context.Background())
	return s, err
}

func systemResolvers(context.Context) ([]string, int, error) { return resolvConfFileServers("") }
