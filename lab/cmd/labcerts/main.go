// Command labcerts writes the network lab's certificate authority and the
// leaf certificates of its sites. It uses crypto/x509 directly (not openssl)
// so that the expired certificate can be backdated.
//
//	labcerts -dir lab/run/certs
package main

import (
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	dir := flag.String("dir", "", "directory to write the PEM files into (created if missing)")
	flag.Parse()
	if *dir == "" {
		fmt.Fprintln(os.Stderr, "usage: labcerts -dir DIR")
		os.Exit(2)
	}
	if err := writeAll(*dir, time.Now()); err != nil {
		fmt.Fprintf(os.Stderr, "labcerts: %v\n", err)
		os.Exit(1)
	}
}
