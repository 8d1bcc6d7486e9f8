package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"syscall"

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
		pc, l, err := listenUDPAndTCP(a)
		if err != nil {
			return nil, err
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

// portTries bounds the search for a port free for both UDP and TCP.
const portTries = 20

// listenUDPAndTCP binds a for UDP and TCP on the same port. With port 0
// the port UDP gets may be taken for TCP by another program (tests run in
// parallel): then it tries another port, a bounded number of times.
func listenUDPAndTCP(a string) (net.PacketConn, net.Listener, error) {
	_, port, err := net.SplitHostPort(a)
	if err != nil {
		return nil, nil, fmt.Errorf("listen %s: %w", a, err)
	}
	tries := 1
	if port == "0" {
		tries = portTries
	}
	for i := 0; ; i++ {
		pc, err := net.ListenPacket("udp", a)
		if err != nil {
			return nil, nil, fmt.Errorf("listen %s/udp: %w", a, err)
		}
		l, err := net.Listen("tcp", pc.LocalAddr().String())
		if err == nil {
			return pc, l, nil
		}
		pc.Close()
		if i+1 >= tries || !errors.Is(err, syscall.EADDRINUSE) {
			return nil, nil, fmt.Errorf("listen %s/tcp: %w", a, err)
		}
	}
}
