package tray

import (
	"fmt"
	"log"
	"os"
	"os/exec"

	"github.com/gatewatch/gatewatch/monitor/config"
)

// The windows (diagnosis, settings) are Fyne, which costs ~124 MB once
// its driver starts: they run as short-lived children of this same
// binary ("gatewatch ui …"), so the resident tray never imports Fyne.

// windowArgs is the child's argv after the program name. The URL is
// normalised by ParseTarget, so it always starts with http(s):// and can
// never be taken for a flag; no shell is involved.
func windowArgs(cfgPath string, args ...string) []string {
	out := append([]string{"ui"}, args...)
	if cfgPath != "" {
		out = append(out, "--config", cfgPath)
	}
	return out
}

// diagnoseArgs builds "ui diagnose URL [--config F]" for a site of the
// config.
func diagnoseArgs(cfgPath, rawURL string) ([]string, error) {
	u, err := config.ParseTarget(rawURL)
	if err != nil {
		return nil, fmt.Errorf("not opening a window for %q: %w", rawURL, err)
	}
	return windowArgs(cfgPath, "diagnose", u.String()), nil
}

// startWindow starts the child and reaps it in the background; its output
// goes where the tray's log goes (the log file, logfile.Setup), since a
// window's stderr is nowhere a user could read it.
func startWindow(args []string) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding gatewatch's own executable: %w", err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Stdout, cmd.Stderr = log.Writer(), log.Writer()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting %s %v: %w", exe, args, err)
	}
	go func() {
		if err := cmd.Wait(); err != nil {
			log.Printf("gatewatch: window %v: %v", args, err)
		}
	}()
	return nil
}
