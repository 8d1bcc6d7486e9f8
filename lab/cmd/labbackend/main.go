// Command labbackend is the origin's application server in the network lab:
// nginx on 203.0.113.20 proxies to it. It answers "hello from origin", or
// answers slowly while its mode file says "slow", so that nginx's short
// proxy_read_timeout turns the request into a 504.
//
//	labbackend -listen 127.0.0.1:8081 -mode-file run/net/backend.mode -pidfile run/net/backend.pid
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/gatewatch/gatewatch/lab/cmd/internal/serve"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:8081", "address to listen on")
	modeFile := flag.String("mode-file", "", `file whose content "slow" makes every answer slow`)
	pidFile := flag.String("pidfile", "", "file to write the process ID into once listening")
	slow := flag.Duration("slow", 10*time.Second, "how long a slow answer takes")
	flag.Parse()
	if err := serve.Run(*listen, *pidFile, handler{modeFile: *modeFile, slow: *slow}); err != nil {
		fmt.Fprintf(os.Stderr, "labbackend: %v\n", err)
		os.Exit(1)
	}
}
