// Command labdig asks one DNS server one question over UDP and prints the
// response code and the answers, or the network error: a small dig for the
// lab, where dig is not installed.
//
//	labdig [-server IP[:PORT]] [-type A|AAAA] [-timeout 2s] NAME
//
// Without -server it asks the first nameserver of /etc/resolv.conf (inside
// "ip netns exec", the namespace's own). Exit status 0 when a response
// arrived (whatever its code), 1 when none did.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	server := flag.String("server", "", "DNS server IP[:PORT] (default: first nameserver in /etc/resolv.conf)")
	qtype := flag.String("type", "A", "question type: A or AAAA")
	timeout := flag.Duration("timeout", 2*time.Second, "how long to wait for the response")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: labdig [-server IP[:PORT]] [-type A|AAAA] [-timeout DUR] NAME")
		os.Exit(2)
	}
	addr, err := serverAddr(*server, "/etc/resolv.conf")
	if err != nil {
		fmt.Fprintf(os.Stderr, "labdig: %v\n", err)
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	start := time.Now()
	ans, err := query(ctx, addr, flag.Arg(0), *qtype)
	ms := time.Since(start).Milliseconds()
	if err != nil {
		fmt.Printf("%s %s @%s: error after %dms: %v\n", flag.Arg(0), *qtype, addr, ms, err)
		os.Exit(1)
	}
	fmt.Printf("%s %s @%s: %s in %dms%s\n", flag.Arg(0), *qtype, addr, ans.rcode, ms, ans.list())
}
