package main

import (
	"context"
	"fmt"
	"time"

	"github.com/miekg/dns"
)

// serveServfail is an authoritative server that fails every question with
// SERVFAIL, over UDP and TCP: a zone whose DNS is broken at the source
// (lame delegation, failed DNSSEC signing), so every resolver that asks it,
// the user's and the reference ones, answers SERVFAIL.
func serveServfail(ctx context.Context, addrs []string, _ options) error {
	h := dns.HandlerFunc(func(w dns.ResponseWriter, q *dns.Msg) {
		m := new(dns.Msg)
		m.SetRcode(q, dns.RcodeServerFailure)
		_ = w.WriteMsg(m)
	})
	for _, a := range addrs {
		for _, network := range []string{"udp", "tcp"} {
			started := make(chan struct{})
			srv := &dns.Server{Addr: a, Net: network, Handler: h, NotifyStartedFunc: func() { close(started) }}
			errc := make(chan error, 1)
			go func() { errc <- srv.ListenAndServe() }()
			select {
			case err := <-errc:
				return fmt.Errorf("listen %s/%s: %w", a, network, err)
			case <-started:
			case <-time.After(5 * time.Second):
				return fmt.Errorf("listen %s/%s: not started after 5s", a, network)
			}
			go func() {
				<-ctx.Done()
				_ = srv.Shutdown()
			}()
		}
	}
	return nil
}
