//go:build cgo

package ui

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/url"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

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
	cfg, _, err := loadConfig(cfgPath)
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
		StatusPage: statusPageFor(cfg, target),
	}
	check := func() {
		bar := widget.NewProgressBarInfinite()
		w.SetContent(container.NewCenter(container.NewVBox(
			widget.NewLabel("Checking "+RedactURL(target.String())+"…"), bar)))
		go func() {
			v := monitor.Diagnose(ctx, target, opt)
			monitor.NewStatusPages(cfg).Annotate(ctx, target, &v)
			hist := SiteHistory(ctx, cfg, target, time.Now())
			if ctx.Err() != nil {
				return // window closed while checking
			}
			fyne.Do(func() {
				bar.Stop()
				w.SetContent(WithHistory(a, DiagnosisContent(a, v, actions), hist))
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
	cfg, path, err := loadConfig(cfgPath)
	if err != nil {
		return err
	}
	if err := haveDisplay(); err != nil {
		return err
	}
	a := app.NewWithID(AppID)
	w := a.NewWindow("gatewatch settings")
	w.Resize(fyne.NewSize(720, 640))
	w.SetContent(SettingsContent(a, cfg, func(c monitor.Config) error {
		return monitor.SaveConfig(path, c)
	}))
	w.ShowAndRun()
	return nil
}

// loadConfig returns the config at path (the default path when empty), or
// the defaults on first start. A corrupt file has already been moved aside
// by LoadConfig; that is logged and the defaults are shown.
func loadConfig(path string) (monitor.Config, string, error) {
	if path == "" {
		p, err := monitor.DefaultConfigPath()
		if err != nil {
			return monitor.Config{}, "", err
		}
		path = p
	}
	cfg, err := monitor.LoadConfig(path)
	var corrupt *monitor.CorruptConfigError
	switch {
	case err == nil, errors.Is(err, monitor.ErrNoConfig):
	case errors.As(err, &corrupt):
		log.Printf("gatewatch: %v", corrupt)
	default:
		return cfg, path, err
	}
	return cfg, path, nil
}
