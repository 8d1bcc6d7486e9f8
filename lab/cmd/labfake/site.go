package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/http"
	"time"
)

// serveSite is an https site whose server clock is off by o.skew: it
// serves the certificate o.cert/o.key (the lab's expired one in the
// clock-wrong fault) and answers every request with "hello from origin"
// and the skewed Date. nginx cannot be made to lie about the time, and
// the clock-wrong fault needs the site's clock to agree with the skewed
// canary's (two clocks on the internet against this computer's).
func serveSite(ctx context.Context, addrs []string, o options) ([]string, error) {
	if o.cert == "" || o.key == "" {
		return nil, fmt.Errorf("site needs -cert and -key")
	}
	cert, err := tls.LoadX509KeyPair(o.cert, o.key)
	if err != nil {
		return nil, fmt.Errorf("load certificate: %w", err)
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", time.Now().Add(o.skew).UTC().Format(http.TimeFormat))
		fmt.Fprintln(w, "hello from origin")
	})
	return serve(ctx, addrs, h, &tls.Config{Certificates: []tls.Certificate{cert}})
}
