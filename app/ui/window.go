//go:build cgo

package ui

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gatewatch/gatewatch/app/autostart"
	"github.com/gatewatch/gatewatch/app/control"
	"github.com/gatewatch/gatewatch/monitor"
)

// AppID is the Fyne application ID (also in FyneApp.toml).
const AppID = "io.github.gatewatch"

// RunDiagnose opens the diagnosis window for rawURL: "Checking…" while
// monitor.Diagnose runs, then the verdict. It returns when the window is
// closed.
func RunDiagnose(cfgPath, rawURL string) error {
	target, err := monitor.ParseTarget(rawURL)
	if err != nil {
		return err
	}
	cfg, _, _, err := loadConfig(cfgPath)
	if err != nil {
		return err
	}
	opt, err := monitor.BuildOptions(cfg, nil, nil)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	if err := haveDisplay(); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	a := app.NewWithID(AppID)
	w := a.NewWindow("gatewatch — " + target.Host)
	w.Resize(fyne.NewSize(760, 560))
	actions := DiagnosisActions{
		OpenURL: func(raw string) {
			u, err := url.Parse(raw)
			if err != nil {
				log.Printf("gatewatch: not opening %q: %v", raw, err)
				return
			}
			if err := a.OpenURL(u); err != nil {
				log.Printf("gatewatch: opening %s: %v", RedactURL(raw), err)
			}
		},
		CopyText:   func(text string) { a.Clipboard().SetContent(text) },
		NotifyBack: func() (string, error) { return notifyBack(target.String()) },
		StatusPage: statusPageFor(cfg, target),
	}
	check := func() {
		bar := widget.NewProgressBarInfinite()
		w.SetContent(container.NewCenter(container.NewVBox(
			widget.NewLabel("Checking "+RedactURL(target.String())+"…"), bar)))
		go func() {
			v := monitor.Diagnose(ctx, target, opt)
			if ctx.Err() != nil {
				return // window closed while checking
			}
			fyne.Do(func() {
				bar.Stop()
				w.SetContent(DiagnosisContent(a, v, actions))
			})
		}()
	}
	actions.Retry = func() { check() }
	check()
	w.ShowAndRun()
	return nil
}

// RunSettings opens the settings window on the config at cfgPath.
func RunSettings(cfgPath string) error {
	cfg, path, notice, err := loadConfig(cfgPath)
	if err != nil {
		return err
	}
	if err := haveDisplay(); err != nil {
		return err
	}
	hooks := SettingsHooks{Notice: notice, StartAtLogin: autostart.Enabled, SetStartAtLogin: autostart.Set}
	a := app.NewWithID(AppID)
	w := a.NewWindow("gatewatch settings")
	w.Resize(fyne.NewSize(720, 640))
	w.SetContent(SettingsContent(a, cfg, func(c monitor.Config) error {
		return monitor.SaveConfig(path, c)
	}, hooks))
	w.ShowAndRun()
	return nil
}

// loadConfig returns the config at path (the default path when empty), or
// the defaults on first start, and what the user must hear about it: a
// corrupt file has been moved aside by LoadConfig (now, or earlier by the
// tray, in which case no file exists until the user saves) and the
// defaults are shown.
func loadConfig(path string) (monitor.Config, string, string, error) {
	if path == "" {
		p, err := monitor.DefaultConfigPath()
		if err != nil {
			return monitor.Config{}, "", "", err
		}
		path = p
	}
	cfg, err := monitor.LoadConfig(path)
	var corrupt *monitor.CorruptConfigError
	switch {
	case err == nil:
		return cfg, path, "", nil
	case errors.Is(err, monitor.ErrNoConfig):
		return cfg, path, CorruptNotice(path), nil
	case errors.As(err, &corrupt):
		log.Printf("gatewatch: %v", corrupt)
		return cfg, path, fmt.Sprintf("Your settings file could not be read (%v). It was kept as %s; these are the default settings until you save.", corrupt.Err, corrupt.Backup), nil
	}
	return cfg, path, "", err
}

// notifyBack hands the wait to the resident tray: this window may be
// closed long before the site recovers.
func notifyBack(rawURL string) (string, error) {
	rep, err := control.Call(control.SocketPath(), control.Request{Cmd: control.CmdNotifyBack, URL: rawURL})
	if errors.Is(err, control.ErrNotRunning) {
		return "", errors.New("gatewatch's tray is not running, so nobody can watch for it: start gatewatch, then ask again")
	}
	if err != nil {
		return "", err
	}
	return rep.Message, nil
}
