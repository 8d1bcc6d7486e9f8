package checks

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// Neighbour (ARP/NDP) cache states, as `ip neigh` names them.
var nudNames = []struct {
	bit  uint16
	name string
}{
	{0x01, "INCOMPLETE"},
	{0x02, "REACHABLE"},
	{0x04, "STALE"},
	{0x08, "DELAY"},
	{0x10, "PROBE"},
	{0x20, "FAILED"},
	{0x40, "NOARP"},
	{0x80, "PERMANENT"},
}

const (
	ndmsgLen = 12 // struct ndmsg
	ndaDst   = 1  // NDA_DST attribute
	atfCom   = 0x02
	atfPerm  = 0x04
)

// neighborState reports the kernel's neighbour-cache state for gw, read
// after the probes so the kernel has had a reason to resolve it. Netlink
// gives the exact state for IPv4 and IPv6; /proc/net/arp, the fallback,
// only knows whether the MAC address is known ("COMPLETE").
func neighborState(gw netip.Addr, iface string) string {
	idx := 0
	if iface != "" {
		if ni, err := net.InterfaceByName(iface); err == nil {
			idx = ni.Index
		}
	}
	gw = gw.Unmap().WithZone("")
	if st, err := netlinkNeighbor(gw, idx); err == nil {
		return st
	}
	if !gw.Is4() {
		return ""
	}
	f, err := os.Open("/proc/net/arp")
	if err != nil {
		return ""
	}
	defer f.Close()
	for _, e := range parseProcNetARP(f) {
		if e.addr == gw && (iface == "" || e.iface == iface) {
			return e.state
		}
	}
	return ""
}

type neighEntry struct {
	addr    netip.Addr
	ifindex int
	iface   string
	state   string
}

func netlinkNeighbor(gw netip.Addr, ifindex int) (string, error) {
	family := syscall.AF_INET
	if gw.Is6() {
		family = syscall.AF_INET6
	}
	b, err := syscall.NetlinkRIB(syscall.RTM_GETNEIGH, family)
	if err != nil {
		return "", fmt.Errorf("netlink neighbour dump: %w", err)
	}
	msgs, err := syscall.ParseNetlinkMessage(b)
	if err != nil {
		return "", fmt.Errorf("netlink neighbour dump: %w", err)
	}
	for _, m := range msgs {
		if m.Header.Type != syscall.RTM_NEWNEIGH {
			continue
		}
		e, ok := parseNdmsg(m.Data)
		if ok && e.addr == gw && (ifindex == 0 || e.ifindex == ifindex) {
			return e.state, nil
		}
	}
	return "", nil
}

// parseNdmsg reads one RTM_NEWNEIGH payload: struct ndmsg, then
// attributes, all in host byte order.
func parseNdmsg(b []byte) (neighEntry, bool) {
	if len(b) < ndmsgLen {
		return neighEntry{}, false
	}
	e := neighEntry{
		ifindex: int(int32(binary.NativeEndian.Uint32(b[4:8]))),
		state:   nudName(binary.NativeEndian.Uint16(b[8:10])),
	}
	for a := b[ndmsgLen:]; len(a) >= 4; {
		l := int(binary.NativeEndian.Uint16(a[0:2]))
		typ := binary.NativeEndian.Uint16(a[2:4])
		if l < 4 || l > len(a) {
			break
		}
		if typ == ndaDst {
			if ip, ok := netip.AddrFromSlice(a[4:l]); ok {
				e.addr = ip.Unmap()
			}
		}
		next := (l + 3) &^ 3
		if next > len(a) {
			break
		}
		a = a[next:]
	}
	return e, e.addr.IsValid()
}

func nudName(state uint16) string {
	for _, n := range nudNames {
		if state&n.bit != 0 {
			return n.name
		}
	}
	return ""
}

// parseProcNetARP reads /proc/net/arp. Its flags only say whether the
// hardware address is known (ATF_COM) or pinned (ATF_PERM).
func parseProcNetARP(r io.Reader) []neighEntry {
	var out []neighEntry
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 6 {
			continue
		}
		a, err := netip.ParseAddr(f[0])
		if err != nil {
			continue // the header line
		}
		fl, err := strconv.ParseUint(strings.TrimPrefix(f[2], "0x"), 16, 32)
		if err != nil {
			continue
		}
		st := "INCOMPLETE"
		switch {
		case fl&atfPerm != 0:
			st = "PERMANENT"
		case fl&atfCom != 0:
			st = "COMPLETE"
		}
		out = append(out, neighEntry{addr: a, iface: f[5], state: st})
	}
	return out
}
