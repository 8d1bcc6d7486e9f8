// Command loopsites serves healthy sites on loopback for benchmarks: every
// path answers a small page, /generate_204 answers 204 like a connectivity
// canary. It writes its address to -addr-file once listening.
//
//	loopsites -addr-file run/loopsites.addr
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	addrFile := flag.String("addr-file", "", "file to write the listening address into")
	flag.Parse()
	if err := run(*addrFile); err != nil {
		fmt.Fprintf(os.Stderr, "loopsites: %v\n", err)
		os.Exit(1)
	}
}

func run(addrFile string) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: http.HandlerFunc(serve), ReadHeaderTimeout: 5 * time.Second}
	if addrFile != "" {
		if err := os.WriteFile(addrFile, []byte(ln.Addr().String()), 0o600); err != nil {
			return fmt.Errorf("writing %s: %w", addrFile, err)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		return nil
	}
}

func serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/generate_204" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	w.Header().Set("Content-Type", "text/html")
	fmt.Fprintf(w, "<html><body>site %s</body></html>\n", r.URL.Path)
}
