package checks

import (
	"fmt"
	"net/netip"

	"golang.org/x/sys/windows"
)

// egressIndex asks Windows which interface it would send to probe from
// (GetBestInterfaceEx, which sends nothing). It backs the UDP "connect"
// lookup up where that fails: Wine 8.0, for one, refuses the
// SIO_UDP_CONNRESET ioctl Go's UDP sockets set, so no UDP socket opens there.
func egressIndex(probe netip.Addr) (int, error) {
	var sa windows.Sockaddr
	if probe.Is4() || probe.Is4In6() {
		sa = &windows.SockaddrInet4{Addr: probe.Unmap().As4()}
	} else {
		sa = &windows.SockaddrInet6{Addr: probe.As16()}
	}
	var idx uint32
	if err := windows.GetBestInterfaceEx(sa, &idx); err != nil {
		return 0, fmt.Errorf("GetBestInterfaceEx %s: %w", probe, err)
	}
	return int(idx), nil
}
