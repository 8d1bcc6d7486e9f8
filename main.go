// Command gatewatch tells you, when a site fails, whether the problem is on
// your side or theirs, at which hop, and what to do.
//
//	gatewatch [--config FILE]                 the resident tray app
//	gatewatch [--config FILE] check [URL...]  diagnose from the command line
//	gatewatch [--config FILE] fix ID [URL]    run a fix (dry run, undo, re-check)
//	gatewatch [--config FILE] monitor         headless: watch, record history, serve metrics
//	gatewatch history [--site URL] [--since DUR] [--json]
//	gatewatch [--config FILE] ui diagnose URL the diagnosis window (started by the tray)
//	gatewatch [--config FILE] ui settings     the settings window
//	gatewatch version
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/gatewatch/gatewatch/app/cli"
	"github.com/gatewatch/gatewatch/app/tray"
	"github.com/gatewatch/gatewatch/monitor/logfile"
)

// version is stamped at build time: -ldflags "-X main.version=…".
var version = "dev"

// flavor is "cli" in Windows' console build, gatewatch-cli.exe
// (-X main.flavor=cli, scripts/build-windows.sh): the same program as the
// GUI gatewatch.exe, linked for the console subsystem, so that cmd.exe and
// PowerShell wait for it and see its exit code. Started without a command
// it prints the usage rather than becoming a tray with a console window.
var flavor = ""

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	config, args, err := cli.LeadingConfig(args)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gatewatch: %v\n", err)
		usage()
		return cli.ExitUsage
	}
	if len(args) == 0 {
		if !residentAllowed(flavor) {
			fmt.Fprintln(os.Stderr, "gatewatch-cli: the tray is gatewatch.exe; this program runs the commands.")
			usage()
			return cli.ExitUsage
		}
		logPath, closeLog := startLog()
		defer closeLog()
		return resident(config, logPath)
	}
	switch args[0] {
	case "check":
		if config != "" {
			args = append([]string{"check", "--config", config}, args[1:]...)
		}
		return cli.Check(args[1:], os.Stdout, os.Stderr)
	case "fix":
		if config != "" {
			args = append([]string{"fix", "--config", config}, args[1:]...)
		}
		return cli.Fix(args[1:], os.Stdin, os.Stdout, os.Stderr, cli.SystemFixDeps(os.Stdout))
	case "fix-write-file":
		// Run elevated by a fix (pkexec) to replace resolv.conf; hidden.
		return cli.FixWriteFile(args[1:], os.Stderr)
	case "monitor", "history":
		if config != "" {
			args = append([]string{args[0], "--config", config}, args[1:]...)
		}
		if args[0] == "monitor" {
			_, closeLog := startLog()
			defer closeLog()
			return cli.Monitor(args[1:], os.Stdout, os.Stderr)
		}
		return cli.History(args[1:], os.Stdout, os.Stderr)
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

// startLog sends log.Printf to the log file (logfile.Setup) for the long
// runs, the tray and the monitor: a Windows GUI program and a macOS
// LaunchAgent have no stderr anyone reads. Without a file the log stays
// on stderr. It returns the file's path ("" without one) and the func
// that closes it.
func startLog() (string, func()) {
	w, err := logfile.Setup()
	if err != nil {
		fmt.Fprintf(os.Stderr, "gatewatch: no log file: %v\n", err)
		return "", func() {}
	}
	log.Printf("gatewatch %s started (pid %d), logging to %s", version, os.Getpid(), w.Path())
	return w.Path(), func() { w.Close() }
}

// resident runs the tray until the user quits or the session ends. A
// start that fails is logged and shown (startFailed: a message box on
// Windows, whose GUI program has no stderr anyone sees).
func resident(config, logPath string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := tray.Run(ctx, config)
	if errors.Is(err, tray.ErrAlreadyRunning) {
		fmt.Fprintln(os.Stderr, "gatewatch is already running (see its icon in the tray); its settings window was opened.")
		return 0
	}
	if err != nil {
		log.Printf("gatewatch: the tray could not start: %v", err)
		fmt.Fprintf(os.Stderr, "gatewatch: %v\n", err)
		startFailed(startFailure(err, logPath))
		return 1
	}
	return 0
}

// residentAllowed: only the GUI build becomes the tray.
func residentAllowed(flavor string) bool { return flavor != "cli" }

// startFailure is what a failed start tells the person: the error and
// where the log is.
func startFailure(err error, logPath string) string {
	msg := "gatewatch could not start:\n\n" + err.Error()
	if logPath != "" {
		msg += "\n\nThe log is in " + logPath
	}
	return msg
}

// window runs the Fyne windows' own binary, gatewatch-ui, installed next to
// this one. Keeping Fyne out of this binary keeps the resident tray small
// (no GUI toolkit initialised or GL libraries mapped) and its output clean.
func window(config string, args []string) int {
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(os.Stderr, "gatewatch: finding this program: %v\n", err)
		return 1
	}
	uiBin := filepath.Join(filepath.Dir(exe), "gatewatch-ui"+filepath.Ext(exe))
	if config != "" {
		args = append([]string{"--config", config}, args...)
	}
	cmd := exec.Command(uiBin, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode()
		}
		fmt.Fprintf(os.Stderr, "gatewatch: the windows need %s (make build installs it next to gatewatch): %v\n", uiBin, err)
		return 1
	}
	return 0
}

func usage() {
	fmt.Fprint(os.Stderr, `usage:
  gatewatch [--config FILE]                 run in the tray, watching the config's sites
  gatewatch check [--json] [--config FILE] [--canary URL]... [--resolver IP[:PORT]]... [--timeout DUR] [URL...]
  gatewatch fix ID [URL] [--dry-run] [--yes] [--undo]   run a fix, then check URL again (gatewatch fix list)
  gatewatch [--config FILE] monitor [--db FILE] [--metrics ADDR] [--for DUR]   headless: watch, record, serve metrics
  gatewatch history [--site URL] [--since DUR] [--json] [--db FILE]
  gatewatch [--config FILE] ui diagnose URL  the diagnosis window for one site
  gatewatch [--config FILE] ui settings       the settings window
  gatewatch version
Run "gatewatch check -h" for the flags.
`)
}
