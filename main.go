// Command gatewatch tells you, when a site fails, whether the problem is on
// your side or theirs, at which hop, and what to do.
//
//	gatewatch [--config FILE]                 the resident tray app
//	gatewatch [--config FILE] check [URL...]  diagnose from the command line
//	gatewatch [--config FILE] ui diagnose URL the diagnosis window (started by the tray)
//	gatewatch [--config FILE] ui settings     the settings window
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
	"github.com/gatewatch/gatewatch/app/ui"
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
	case "ui":
		return window(config, args[1:])
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

// window runs one Fyne window in this (short-lived) process. The tray
// starts it as a child so that Fyne's memory never stays resident.
func window(config string, args []string) int {
	c, rest, err := windowArgs(args)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gatewatch: %v\n", err)
		return cli.ExitUsage
	}
	if c != "" {
		config = c
	}
	switch {
	case len(rest) == 2 && rest[0] == "diagnose":
		err = ui.RunDiagnose(config, rest[1])
	case len(rest) == 1 && rest[0] == "settings":
		err = ui.RunSettings(config)
	default:
		fmt.Fprintln(os.Stderr, "gatewatch: want \"ui diagnose URL\" or \"ui settings\"")
		usage()
		return cli.ExitUsage
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "gatewatch: %v\n", err)
		return 1
	}
	return 0
}

// windowArgs takes --config FILE from anywhere in the window's arguments,
// where the tray puts it after the URL.
func windowArgs(args []string) (config string, rest []string, err error) {
	for len(args) > 0 {
		c, tail, err := globalConfig(args)
		if err != nil {
			return "", nil, err
		}
		if c != "" {
			config, args = c, tail
			continue
		}
		rest, args = append(rest, args[0]), args[1:]
	}
	return config, rest, nil
}

func usage() {
	fmt.Fprint(os.Stderr, `usage:
  gatewatch [--config FILE]                 run in the tray, watching the config's sites
  gatewatch check [--json] [--config FILE] [--canary URL]... [--resolver IP[:PORT]]... [--timeout DUR] [URL...]
  gatewatch [--config FILE] ui diagnose URL  the diagnosis window for one site
  gatewatch [--config FILE] ui settings       the settings window
  gatewatch version
Run "gatewatch check -h" for the flags.
`)
}
