package main

import (
	"context"
	"fmt"
	"net"
	"sync"
)

// serveSilent accepts TCP connections and never sends a byte: a site whose
// server hangs after the handshake (the kernel completes it, the
// application never reads). Connections stay open until the peer closes
// them or labfake stops.
func serveSilent(ctx context.Context, addrs []string, _ options) ([]string, error) {
	var (
		mu    sync.Mutex
		conns []net.Conn
		bound []string
	)
	for _, a := range addrs {
		l, err := net.Listen("tcp", a)
		if err != nil {
			return nil, fmt.Errorf("listen %s: %w", a, err)
		}
		bound = append(bound, l.Addr().String())
		go func() {
			<-ctx.Done()
			l.Close()
		}()
		go func() {
			for {
				c, err := l.Accept()
				if err != nil {
					return
				}
				mu.Lock()
				conns = append(conns, c)
				mu.Unlock()
			}
		}()
	}
	go func() {
		<-ctx.Done()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	}()
	return bound, nil
}
