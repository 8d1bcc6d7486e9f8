package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"time"
)

// serveCanary is the lab canary (/generate_204 → 204) on a server whose
// clock is off by o.skew: its Date header is what gatewatch compares the
// local clock with. The client's clock cannot be set per namespace, so the
// canary's is skewed instead; the difference is what counts.
func serveCanary(ctx context.Context, addrs []string, o options) ([]string, error) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Set explicitly, net/http does not replace it with its own.
		w.Header().Set("Date", time.Now().Add(o.skew).UTC().Format(http.TimeFormat))
		if r.URL.Path == "/generate_204" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		fmt.Fprintln(w, "canary")
	})
	return serveHTTP(ctx, addrs, h)
}

// serveHTTP listens on every address before it returns, then serves h on
// them until ctx ends.
func serveHTTP(ctx context.Context, addrs []string, h http.Handler) ([]string, error) {
	return serve(ctx, addrs, h, nil)
}

// serve is serveHTTP, over TLS with tlsConf's certificate when tlsConf is
// not nil.
func serve(ctx context.Context, addrs []string, h http.Handler, tlsConf *tls.Config) ([]string, error) {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, TLSConfig: tlsConf}
	var bound []string
	for _, a := range addrs {
		l, err := net.Listen("tcp", a)
		if err != nil {
			_ = srv.Close()
			return nil, fmt.Errorf("listen %s: %w", a, err)
		}
		bound = append(bound, l.Addr().String())
		if tlsConf != nil {
			l = tls.NewListener(l, tlsConf)
		}
		go func() { _ = srv.Serve(l) }()
	}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	return bound, nil
}
