package checks

import (
	"encoding/binary"
	"net/netip"
	"reflect"
	"strings"
	"testing"
)

// ndmsgBytes builds an RTM_NEWNEIGH payload as the kernel lays it out.
func ndmsgBytes(family byte, ifindex int32, state uint16, attrs ...[]byte) []byte {
	b := make([]byte, ndmsgLen)
	b[0] = family
	binary.NativeEndian.PutUint32(b[4:8], uint32(ifindex))
	binary.NativeEndian.PutUint16(b[8:10], state)
	for _, a := range attrs {
		b = append(b, a...)
	}
	return b
}

func rtattrBytes(typ uint16, data []byte) []byte {
	l := 4 + len(data)
	b := make([]byte, (l+3)&^3)
	binary.NativeEndian.PutUint16(b[0:2], uint16(l))
	binary.NativeEndian.PutUint16(b[2:4], typ)
	copy(b[4:], data)
	return b
}

func TestParseNdmsg(t *testing.T) {
	v4 := netip.MustParseAddr("192.0.2.1")
	v6 := netip.MustParseAddr("fe80::1")
	mac := rtattrBytes(2, []byte{2, 0, 0, 0, 0, 5}) // NDA_LLADDR, padded
	tests := []struct {
		name   string
		in     []byte
		want   neighEntry
		wantOK bool
	}{
		{"v4 reachable", ndmsgBytes(2, 3, 0x02, rtattrBytes(ndaDst, v4.AsSlice()), mac), neighEntry{addr: v4, ifindex: 3, state: "REACHABLE"}, true},
		{"v4 stale after lladdr", ndmsgBytes(2, 3, 0x04, mac, rtattrBytes(ndaDst, v4.AsSlice())), neighEntry{addr: v4, ifindex: 3, state: "STALE"}, true},
		{"v6 failed", ndmsgBytes(10, 7, 0x20, rtattrBytes(ndaDst, v6.AsSlice())), neighEntry{addr: v6, ifindex: 7, state: "FAILED"}, true},
		{"incomplete", ndmsgBytes(2, 3, 0x01, rtattrBytes(ndaDst, v4.AsSlice())), neighEntry{addr: v4, ifindex: 3, state: "INCOMPLETE"}, true},
		{"no dst", ndmsgBytes(2, 3, 0x02, mac), neighEntry{}, false},
		{"short", []byte{2, 0, 0}, neighEntry{}, false},
		{"attr longer than message", append(ndmsgBytes(2, 3, 0x02), 0xff, 0x00, 0x01, 0x00), neighEntry{}, false},
		{"zero-length attr", append(ndmsgBytes(2, 3, 0x02), 0, 0, 1, 0, 192, 0, 2, 1), neighEntry{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parseNdmsg(tc.in)
			if ok != tc.wantOK || (ok && !reflect.DeepEqual(got, tc.want)) {
				t.Errorf("got %+v, %v; want %+v, %v", got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestNudName(t *testing.T) {
	tests := map[uint16]string{0: "", 0x01: "INCOMPLETE", 0x02: "REACHABLE", 0x04: "STALE", 0x08: "DELAY", 0x10: "PROBE", 0x20: "FAILED", 0x40: "NOARP", 0x80: "PERMANENT"}
	for in, want := range tests {
		if got := nudName(in); got != want {
			t.Errorf("nudName(%#x) = %q, want %q", in, got, want)
		}
	}
}

func TestParseProcNetARP(t *testing.T) {
	in := `IP address       HW type     Flags       HW address            Mask     Device
192.0.2.1        0x1         0x2         02:fc:00:00:00:05     *        eth0
192.0.2.7        0x1         0x0         00:00:00:00:00:00     *        eth0
198.51.100.1     0x1         0x6         02:fc:00:00:00:09     *        wlan0
garbage line
`
	want := []neighEntry{
		{addr: netip.MustParseAddr("192.0.2.1"), iface: "eth0", state: "COMPLETE"},
		{addr: netip.MustParseAddr("192.0.2.7"), iface: "eth0", state: "INCOMPLETE"},
		{addr: netip.MustParseAddr("198.51.100.1"), iface: "wlan0", state: "PERMANENT"},
	}
	if got := parseProcNetARP(strings.NewReader(in)); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

// Reading the neighbour cache sends nothing; an address no one probed has
// no entry.
func TestNeighborStateUnknown(t *testing.T) {
	if got := neighborState(netip.MustParseAddr("203.0.113.254"), ""); got != "" {
		t.Errorf("unexpected entry for an unused documentation address: %q", got)
	}
}
