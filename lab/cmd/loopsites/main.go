// Command loopsites serves healthy sites on loopback for benchmarks: every
// path answers a small page, /generate_204 answers 204 like a connectivity
// canary, and paths under /502/ answer nginx's 502 page, like an origin
// that fails behind its proxy. It writes its address to -addr-file once
// listening.
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
	"strings"
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
	if strings.HasPrefix(r.URL.Path, "/502/") {
		w.Header().Set("Server", "nginx/1.22.1")
		w.WriteHeader(http.StatusBadGateway)
		fmt.Fprint(w, nginx502)
		return
	}
	fmt.Fprintf(w, "<html><body>site %s</body></html>\n", r.URL.Path)
}

const nginx502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n"
