// Command labfake runs the lab's misbehaving servers, the ones no stock
// daemon can be configured into. Each mode stands in for a real server while
// one fault is on (lab/fault.sh):
//
//	labfake canary   -listen ADDR -skew DUR   a connectivity canary whose clock is off (clock-wrong)
//	labfake silent   -listen ADDR[,ADDR]      accepts TCP connections and never answers (origin-silent)
//	labfake servfail -listen ADDR             a DNS server answering SERVFAIL to everything (site-dns-servfail)
//	labfake mitm     -listen ADDR             an HTTP proxy intercepting TLS with its own CA (tls-intercepted)
//	labfake site     -listen ADDR -cert F -key F -skew DUR   an https site whose clock is off (clock-wrong)
//
// Every mode takes -pidfile, written once it listens, and stops on SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// mode starts a server on the given addresses and returns, once it
// listens, the addresses it listens on (port 0 picks one, for tests); it
// serves until ctx ends.
type mode func(ctx context.Context, addrs []string, o options) ([]string, error)

type options struct {
	skew      time.Duration
	cert, key string
}

var modes = map[string]mode{
	"canary":   serveCanary,
	"silent":   serveSilent,
	"servfail": serveServfail,
	"mitm":     serveMITM,
	"site":     serveSite,
}

func main() {
	if len(os.Args) < 2 || modes[os.Args[1]] == nil {
		fmt.Fprintln(os.Stderr, "usage: labfake canary|silent|servfail|mitm|site -listen ADDR[,ADDR] [-pidfile FILE] [-skew DUR]")
		os.Exit(2)
	}
	name := os.Args[1]
	fs := flag.NewFlagSet(name, flag.ExitOnError)
	listen := fs.String("listen", "", "address(es) to listen on, comma-separated")
	pidFile := fs.String("pidfile", "", "file to write the process ID into once listening")
	var o options
	fs.DurationVar(&o.skew, "skew", -40*24*time.Hour, "canary, site: how far its Date header is from the real time")
	fs.StringVar(&o.cert, "cert", "", "site: certificate file (PEM)")
	fs.StringVar(&o.key, "key", "", "site: private key file (PEM)")
	_ = fs.Parse(os.Args[2:])
	if *listen == "" {
		fmt.Fprintln(os.Stderr, "labfake: -listen is required")
		os.Exit(2)
	}
	if err := run(name, strings.Split(*listen, ","), *pidFile, o); err != nil {
		fmt.Fprintf(os.Stderr, "labfake %s: %v\n", name, err)
		os.Exit(1)
	}
}

func run(name string, addrs []string, pidFile string, o options) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if _, err := modes[name](ctx, addrs, o); err != nil {
		return err
	}
	// The pid file doubles as the readiness signal for services.sh.
	if pidFile != "" {
		if err := os.WriteFile(pidFile, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
			return fmt.Errorf("write pid file: %w", err)
		}
	}
	<-ctx.Done()
	return nil
}
