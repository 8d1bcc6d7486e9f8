//go:build !linux

// Command tunhold needs Linux's /dev/net/tun; elsewhere it only says so,
// so that "go build ./..." works on every desktop OS.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "tunhold: Linux only (the network lab runs on Linux)")
	os.Exit(1)
}
