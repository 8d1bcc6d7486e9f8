// Command labbackend is the origin's application server in the network lab:
// nginx on 203.0.113.20 proxies to it. It answers "hello from origin", or
// answers slowly while its mode file says "slow", so that nginx's short
// proxy_read_timeout turns the request into a 504.
//
//	labbackend -listen 127.0.0.1:8081 -mode-file run/net/backend.mode -pidfile run/net/backend.pid
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:8081", "address to listen on")
	modeFile := flag.String("mode-file", "", `file whose content "slow" makes every answer slow`)
	pidFile := flag.String("pidfile", "", "file to write the process ID into once listening")
	slow := flag.Duration("slow", 10*time.Second, "how long a slow answer takes")
	flag.Parse()
	if err := run(*listen, *pidFile, handler{modeFile: *modeFile, slow: *slow}); err != nil {
		fmt.Fprintf(os.Stderr, "labbackend: %v\n", err)
		os.Exit(1)
	}
}

func run(listen, pidFile string, h http.Handler) error {
	srv := &http.Server{Addr: listen, Handler: h, ReadHeaderTimeout: 5 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	// The pid file doubles as a readiness signal for up.sh, so write it only
	// once the listener had a moment to fail (port taken).
	select {
	case err := <-errc:
		return fmt.Errorf("listen %s: %w", listen, err)
	case <-time.After(100 * time.Millisecond):
	}
	if pidFile != "" {
		if err := os.WriteFile(pidFile, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
			return fmt.Errorf("write pid file: %w", err)
		}
	}
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
