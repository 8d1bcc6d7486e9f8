package checks

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"
)

// SystemResolvers lists the DNS servers of the adapters that are up, from
// GetAdaptersAddresses.
func SystemResolvers() ([]string, error) {
	size := uint32(15 << 10)
	var buf []byte
	for range 3 {
		buf = make([]byte, size)
		err := windows.GetAdaptersAddresses(windows.AF_UNSPEC, windows.GAA_FLAG_SKIP_ANYCAST|windows.GAA_FLAG_SKIP_MULTICAST, 0,
			(*windows.IpAdapterAddresses)(unsafe.Pointer(&buf[0])), &size)
		if err == nil {
			break
		}
		if !errors.Is(err, windows.ERROR_BUFFER_OVERFLOW) {
			return nil, fmt.Errorf("GetAdaptersAddresses: %w", err)
		}
	}
	var out []string
	for aa := (*windows.IpAdapterAddresses)(unsafe.Pointer(&buf[0])); aa != nil; aa = aa.Next {
		if aa.OperStatus != windows.IfOperStatusUp {
			continue
		}
		for d := aa.FirstDnsServerAddress; d != nil; d = d.Next {
			sa, err := d.Address.Sockaddr.Sockaddr()
			if err != nil {
				continue
			}
			var a netip.Addr
			switch v := sa.(type) {
			case *syscall.SockaddrInet4:
				a = netip.AddrFrom4(v.Addr)
			case *syscall.SockaddrInet6:
				a = netip.AddrFrom16(v.Addr)
			}
			// fec0:0:0:ffff::1-3 are Windows' placeholder site-local servers.
			if !a.IsValid() || (a.Is6() && a.String()[:4] == "fec0") {
				continue
			}
			s := net.JoinHostPort(a.String(), "53")
			if !containsStr(out, s) {
				out = append(out, s)
			}
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no adapter that is up has a DNS server")
	}
	return out, nil
}
