// Command gatewatch tells you, when a site fails, whether the problem is on
// your side or theirs, at which hop, and what to do.
//
//	gatewatch [--config FILE]                 the resident tray app
//	gatewatch [--config FILE] check [URL...]  diagnose from the command line
//	gatewatch version
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/gatewatch/gatewatch/app/cli"
	"github.com/gatewatch/gatewatch/app/tray"
)

// version is stamped at build time: -ldflags "-X main.version=…".
var version = "dev"

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	config, args, err := globalConfig(args)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gatewatch: %v\n", err)
		usage()
		return cli.ExitUsage
	}
	if len(args) == 0 {
		return resident(config)
	}
	switch args[0] {
	case "check":
		if config != "" {
			args = append([]string{"check", "--config", config}, args[1:]...)
		}
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

// globalConfig takes a leading --config FILE (or --config=FILE) off args,
// so that it works before any command, and with none.
func globalConfig(args []string) (string, []string, error) {
	if len(args) == 0 {
		return "", args, nil
	}
	for _, flag := range []string{"--config", "-config"} {
		if args[0] == flag {
			if len(args) < 2 || args[1] == "" {
				return "", nil, fmt.Errorf("%s needs a file name", flag)
			}
			return args[1], args[2:], nil
		}
		if v, ok := strings.CutPrefix(args[0], flag+"="); ok {
			if v == "" {
				return "", nil, fmt.Errorf("%s needs a file name", flag)
			}
			return v, args[1:], nil
		}
	}
	return "", args, nil
}

// resident runs the tray until the user quits or the session ends.
func resident(config string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := tray.Run(ctx, config); err != nil {
		fmt.Fprintf(os.Stderr, "gatewatch: %v\n", err)
		return 1
	}
	return 0
}

func usage() {
	fmt.Fprint(os.Stderr, `usage:
  gatewatch [--config FILE]                 run in the tray, watching the config's sites
  gatewatch check [--json] [--config FILE] [--canary URL]... [--resolver IP[:PORT]]... [--timeout DUR] [URL...]
  gatewatch version
Run "gatewatch check -h" for the flags.
`)
}
