package checks

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"net/netip"
	"time"

	"golang.org/x/net/icmp"
	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"
)

// icmpMaxReads bounds the read loop: a raw socket sees every ICMP packet
// the host receives, not only our replies.
const icmpMaxReads = 256

// icmpEcho sends one echo request to dst and waits for the matching reply
// until ctx ends. avail is false when no ICMP socket could be opened: an
// unprivileged ping socket is not allowed (Linux's ping_group_range,
// Windows) and we are not root.
func icmpEcho(ctx context.Context, dst netip.Addr) (ok, avail bool, err error) {
	dst = dst.Unmap()
	if err := guardRefuse(dst, "icmp echo "+dst.String()); err != nil {
		return false, true, err
	}
	if err := ctx.Err(); err != nil {
		return false, true, fmt.Errorf("icmp echo %s: %w", dst, err)
	}
	networks := [2]string{"udp4", "ip4:icmp"}
	listen := "0.0.0.0"
	proto := 1 // ICMP, for ParseMessage
	var reqType icmp.Type = ipv4.ICMPTypeEcho
	var replyType icmp.Type = ipv4.ICMPTypeEchoReply
	if dst.Is6() {
		networks = [2]string{"udp6", "ip6:ipv6-icmp"}
		listen = "::"
		proto = 58
		reqType, replyType = ipv6.ICMPTypeEchoRequest, ipv6.ICMPTypeEchoReply
	}
	var (
		c       *icmp.PacketConn
		network string
	)
	for _, n := range networks {
		if c, err = icmp.ListenPacket(n, listen); err == nil {
			network = n
			break
		}
	}
	if c == nil {
		return false, false, nil
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.SetDeadline(time.Now()) })
	defer stop()
	if d, ok := ctx.Deadline(); ok {
		c.SetDeadline(d)
	}

	// Ping sockets rewrite the ID to their port, so replies are matched on
	// sequence and payload; raw sockets check the ID too.
	raw := network != "udp4" && network != "udp6"
	id, seq := int(rand.Uint32()&0xffff), int(rand.Uint32()&0xffff)
	payload := []byte(fmt.Sprintf("gatewatch %016x", rand.Uint64()))
	msg := icmp.Message{Type: reqType, Body: &icmp.Echo{ID: id, Seq: seq, Data: payload}}
	wb, err := msg.Marshal(nil)
	if err != nil {
		return false, true, fmt.Errorf("icmp echo %s: %w", dst, err)
	}
	var to net.Addr = &net.IPAddr{IP: dst.AsSlice(), Zone: dst.Zone()}
	if !raw {
		to = &net.UDPAddr{IP: dst.AsSlice(), Zone: dst.Zone()}
	}
	if _, err := c.WriteTo(wb, to); err != nil {
		return false, true, fmt.Errorf("icmp echo %s: %w", dst, err)
	}
	buf := make([]byte, 1500)
	for range icmpMaxReads {
		n, peer, err := c.ReadFrom(buf)
		if err != nil {
			if ctx.Err() != nil {
				return false, true, fmt.Errorf("icmp echo %s: %w", dst, ctx.Err())
			}
			return false, true, fmt.Errorf("icmp echo %s: %w", dst, err)
		}
		if !sameAddr(peer, dst) {
			continue
		}
		m, err := icmp.ParseMessage(proto, buf[:n])
		if err != nil || m.Type != replyType {
			continue
		}
		e, isEcho := m.Body.(*icmp.Echo)
		if isEcho && e.Seq == seq && bytes.Equal(e.Data, payload) && (!raw || e.ID == id) {
			return true, true, nil
		}
	}
	return false, true, fmt.Errorf("icmp echo %s: no matching reply among %d packets", dst, icmpMaxReads)
}

func sameAddr(peer net.Addr, want netip.Addr) bool {
	var ip net.IP
	switch p := peer.(type) {
	case *net.UDPAddr:
		ip = p.IP
	case *net.IPAddr:
		ip = p.IP
	default:
		return false
	}
	a, ok := netip.AddrFromSlice(ip)
	return ok && a.Unmap() == want.WithZone("")
}
