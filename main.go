// Command gatewatch tells you, when a site fails, whether the problem is on
// your side or theirs, at which hop, and what to do.
//
//	gatewatch                 the resident tray app (until it exists: check the watch list)
//	gatewatch check [URL...]  diagnose from the command line
package main

import (
	"fmt"
	"os"

	"github.com/gatewatch/gatewatch/app/cli"
)

// version is stamped at build time: -ldflags "-X main.version=…".
var version = "dev"

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	if len(args) == 0 {
		return cli.Check(nil, os.Stdout, os.Stderr)
	}
	switch args[0] {
	case "check":
		return cli.Check(args[1:], os.Stdout, os.Stderr)
	case "version", "--version", "-version":
		fmt.Println("gatewatch", version)
		return 0
	case "help", "--help", "-h", "-help":
		usage()
		return 0
	}
	fmt.Fprintf(os.Stderr, "gatewatch: unknown command %q\n", args[0])
	usage()
	return cli.ExitUsage
}

func usage() {
	fmt.Fprint(os.Stderr, `usage:
  gatewatch check [--json] [--config FILE] [--canary URL]... [--resolver IP[:PORT]]... [--timeout DUR] [URL...]
  gatewatch version
Run "gatewatch check -h" for the flags.
`)
}
