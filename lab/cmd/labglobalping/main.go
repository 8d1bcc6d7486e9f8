// Command labglobalping is the lab's stand-in for the Globalping API
// (package gpstub): gatewatch's second opinion is pointed at it with
// `[world] api = "http://…"`, and a scenario decides what its pretend
// probes see.
//
//	labglobalping -listen 203.0.113.60:80 -scenario works-elsewhere \
//	    -target down.lab=fails-everywhere -pidfile run/world.pid
package main

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/gatewatch/gatewatch/lab/cmd/internal/serve"

	"github.com/gatewatch/gatewatch/lab/cmd/labglobalping/gpstub"
)

type targets map[string]string

func (t targets) String() string { return fmt.Sprint(map[string]string(t)) }

func (t targets) Set(v string) error {
	host, sc, ok := strings.Cut(v, "=")
	if !ok || host == "" || sc == "" {
		return fmt.Errorf("want host=scenario, got %q", v)
	}
	t[host] = sc
	return nil
}

func main() {
	listen := flag.String("listen", "127.0.0.1:8090", "address to listen on")
	scenario := flag.String("scenario", gpstub.WorksElsewhere, "what the probes see for every target not named by -target")
	userASN := flag.Int("user-asn", gpstub.DefaultUserASN, "the ASN of the pretend probe inside the user's network")
	pidFile := flag.String("pidfile", "", "file to write the process ID into once listening")
	userProxy := flag.String("user-proxy", "", "scenario live: the proxy the user-network probe fetches through (the lab ISP's)")
	per := targets{}
	flag.Var(per, "target", "host=scenario, repeatable")
	flag.Parse()
	s := &gpstub.Server{Scenario: *scenario, PerTarget: per, UserASN: *userASN, Live: &gpstub.LiveProbes{}}
	if *userProxy != "" {
		u, err := url.Parse(*userProxy)
		if err != nil {
			fmt.Fprintf(os.Stderr, "labglobalping: -user-proxy: %v\n", err)
			os.Exit(2)
		}
		s.Live.UserProxy = u
	}
	if err := serve.Run(*listen, *pidFile, s); err != nil {
		fmt.Fprintf(os.Stderr, "labglobalping: %v\n", err)
		os.Exit(1)
	}
}
