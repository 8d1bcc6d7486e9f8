// Command gatewatch-ui shows gatewatch's Fyne windows. The tray and
// `gatewatch ui …` start it as a short-lived child process, so that the
// resident tray never links a GUI toolkit.
//
//	gatewatch-ui [--config FILE] diagnose URL
//	gatewatch-ui [--config FILE] settings
//	gatewatch-ui version
package main

import (
	"fmt"
	"os"

	"github.com/gatewatch/gatewatch/app/cli"
	"github.com/gatewatch/gatewatch/app/ui"
)

// version is stamped at build time like gatewatch's: -ldflags "-X
// main.version=…", from FyneApp.toml.
var version = "dev"

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	config, rest, err := cli.ConfigAnywhere(args)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gatewatch-ui: %v\n", err)
		return cli.ExitUsage
	}
	switch {
	case len(rest) == 1 && (rest[0] == "version" || rest[0] == "--version" || rest[0] == "-version"):
		fmt.Println("gatewatch-ui", version)
		return 0
	case len(rest) == 2 && rest[0] == "diagnose":
		err = ui.RunDiagnose(config, rest[1])
	case len(rest) == 1 && rest[0] == "settings":
		err = ui.RunSettings(config)
	default:
		fmt.Fprintln(os.Stderr, "usage: gatewatch-ui [--config FILE] diagnose URL | settings")
		return cli.ExitUsage
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "gatewatch-ui: %v\n", err)
		return 1
	}
	return 0
}
