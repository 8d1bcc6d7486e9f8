package main

import (
	"context"
	"fmt"
	"net"

	"github.com/miekg/dns"
)

// serveServfail is an authoritative server that fails every question with
// SERVFAIL, over UDP and TCP: a zone whose DNS is broken at the source
// (lame delegation, failed DNSSEC signing), so every resolver that asks it,
// the user's and the reference ones, answers SERVFAIL. It returns the UDP
// addresses; TCP listens on the same ones.
func serveServfail(ctx context.Context, addrs []string, _ options) ([]string, error) {
	h := dns.HandlerFunc(func(w dns.ResponseWriter, q *dns.Msg) {
		m := new(dns.Msg)
		m.SetRcode(q, dns.RcodeServerFailure)
		_ = w.WriteMsg(m)
	})
	var bound []string
	for _, a := range addrs {
		pc, err := net.ListenPacket("udp", a)
		if err != nil {
			return nil, fmt.Errorf("listen %s/udp: %w", a, err)
		}
		// TCP on the very port UDP got (it matters when a is port 0).
		l, err := net.Listen("tcp", pc.LocalAddr().String())
		if err != nil {
			pc.Close()
			return nil, fmt.Errorf("listen %s/tcp: %w", a, err)
		}
		bound = append(bound, pc.LocalAddr().String())
		for _, srv := range []*dns.Server{{PacketConn: pc, Handler: h}, {Listener: l, Handler: h}} {
			go func() { _ = srv.ActivateAndServe() }()
			go func() {
				<-ctx.Done()
				_ = srv.Shutdown()
			}()
		}
	}
	return bound, nil
}
