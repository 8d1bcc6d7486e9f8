package checks

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"unsafe"

	"golang.org/x/sys/windows"
)

// SystemResolvers lists the DNS servers of the adapters that are up, from
// GetAdaptersAddresses, the adapter Windows prefers (lowest metric) first.
func SystemResolvers() ([]string, error) {
	s, _, err := systemResolvers(context.Background())
	return s, err
}

// osDNSService: applications ask the DNS Client service (Dnscache), which
// asks the adapters' servers; gatewatch asks those servers itself.
const osDNSService = "the Windows DNS Client service"

func systemResolvers(context.Context) ([]string, int, error) {
	size := uint32(15 << 10)
	var buf []byte
	var err error
	// The table can grow between the sizing call and the next: retry a
	// few times, as Microsoft's documentation advises.
	for range 4 {
		buf = make([]byte, size)
		err = windows.GetAdaptersAddresses(windows.AF_UNSPEC,
			windows.GAA_FLAG_SKIP_UNICAST|windows.GAA_FLAG_SKIP_ANYCAST|windows.GAA_FLAG_SKIP_MULTICAST|windows.GAA_FLAG_SKIP_FRIENDLY_NAME,
			0, (*windows.IpAdapterAddresses)(unsafe.Pointer(&buf[0])), &size)
		if !errors.Is(err, windows.ERROR_BUFFER_OVERFLOW) {
			break
		}
	}
	if errors.Is(err, windows.ERROR_NO_DATA) {
		return nil, 0, errors.New("no network adapter")
	}
	if err != nil {
		return nil, 0, fmt.Errorf("GetAdaptersAddresses: %w", err)
	}
	type adapter struct {
		metric uint32
		addrs  []netip.Addr
	}
	var adapters []adapter
	for aa := (*windows.IpAdapterAddresses)(unsafe.Pointer(&buf[0])); aa != nil; aa = aa.Next {
		if aa.OperStatus != windows.IfOperStatusUp || aa.IfType == windows.IF_TYPE_SOFTWARE_LOOPBACK {
			continue
		}
		// A metric of 0 means the family is off on that adapter.
		ad := adapter{metric: aa.Ipv4Metric}
		if ad.metric == 0 || (aa.Ipv6Metric != 0 && aa.Ipv6Metric < ad.metric) {
			ad.metric = aa.Ipv6Metric
		}
		for d := aa.FirstDnsServerAddress; d != nil; d = d.Next {
			if a, ok := sockaddrAddr(d.Address); ok {
				ad.addrs = append(ad.addrs, a)
			}
		}
		adapters = append(adapters, ad)
	}
	slices.SortStableFunc(adapters, func(a, b adapter) int { return cmp.Compare(a.metric, b.metric) })
	var all []netip.Addr
	for _, ad := range adapters {
		all = append(all, ad.addrs...)
	}
	out := adapterServers(all)
	if len(out) == 0 {
		return nil, 0, errors.New("no adapter that is up has a DNS server")
	}
	return out, 0, nil
}

// sockaddrAddr reads the address of a SOCKET_ADDRESS, keeping the scope of
// an IPv6 link-local server (Windows accepts the index as zone).
func sockaddrAddr(sa windows.SocketAddress) (netip.Addr, bool) {
	ip := sa.IP()
	a, ok := netip.AddrFromSlice(ip)
	if !ok {
		return netip.Addr{}, false
	}
	if len(ip) == 4 {
		return a.Unmap(), true
	}
	if a.IsLinkLocalUnicast() {
		if id := (*windows.RawSockaddrInet6)(unsafe.Pointer(sa.Sockaddr)).Scope_id; id != 0 {
			a = a.WithZone(strconv.FormatUint(uint64(id), 10))
		}
	}
	return a, true
}
