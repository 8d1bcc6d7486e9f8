//go:build cgo

package ui

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gatewatch/gatewatch/app/autostart"
	"github.com/gatewatch/gatewatch/app/control"
	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/fix"
	"github.com/gatewatch/gatewatch/monitor/history"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// AppID is the Fyne application ID (also in FyneApp.toml).
const AppID = "io.github.gatewatch"

// RunDiagnose opens the diagnosis window for rawURL: "Checking…" while
// monitor.Diagnose runs, then the verdict. It returns when the window is
// closed.
func RunDiagnose(cfgPath, rawURL string) error {
	target, err := config.ParseTarget(rawURL)
	if err != nil {
		return err
	}
	cfg, _, _, err := loadConfig(cfgPath)
	if err != nil {
		return err
	}
	opt, err := verdict.BuildOptions(cfg, nil, nil)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	if err := haveDisplay(); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	a := app.NewWithID(AppID)
	a.SetIcon(appIcon)
	site, _ := cfg.Site(target.String())
	w := a.NewWindow("gatewatch — " + config.SiteName(site.Name, target.String()))
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
	opt, elsewhereOpt := worldOptions(opt, cfg.World)
	actions.WorldEnabled = cfg.World.Enabled
	var current shownVerdict // written on the UI goroutine, read by fix planning off it
	check := func(elsewhere bool) {
		bar := widget.NewProgressBarInfinite()
		what := "Checking "
		if elsewhere {
			what = "Asking other places on the internet about "
		}
		w.SetContent(container.NewCenter(container.NewVBox(
			widget.NewLabel(what+RedactURL(target.String())+"…"), bar)))
		o := opt
		if elsewhere {
			o = elsewhereOpt
		}
		go func() {
			v := verdict.Diagnose(ctx, target, o)
			verdict.NewStatusPages(cfg).Annotate(ctx, target, &v)
			hist := SiteHistory(ctx, cfg, target, time.Now())
			if ctx.Err() != nil {
				return // window closed while checking
			}
			fyne.Do(func() {
				bar.Stop()
				current.Set(v)
				d := newDiagnosisView(a, v, actions)
				w.SetContent(WithHistory(a, d.root, hist))
				d.focusPrimary(w.Canvas())
			})
		}()
	}
	actions.Retry = func() { actions.Notice, actions.UndoFix = "", ""; check(false) }
	actions.CheckElsewhere = func() { actions.Notice, actions.UndoFix = "", ""; check(true) }
	actions.Fix = windowFixes(ctx, a, w, target, cfg, opt, &actions, &current)
	check(false)
	w.ShowAndRun()
	return nil
}

// windowFixes wires the fix buttons: plans from this machine, commands
// run for real after the confirmation dialog, URLs through Fyne, the
// report to the clipboard, then a re-diagnosis whose verdict replaces the
// window's, with the outcome above it. Runs are logged to the
// history database (the JSON-lines fix log when it cannot take them).
func windowFixes(ctx context.Context, a fyne.App, w fyne.Window, target *url.URL, cfg config.Config, opt verdict.Options, actions *DiagnosisActions, current *shownVerdict) *FixActions {
	store, serr := fix.NewStore("")
	var logger fix.Logger = FixLogger
	if logger == nil {
		if p, err := fix.DefaultLogPath(); err == nil {
			logger = history.FixLogger(cfg, p)
		}
	}
	var helper []string
	if exe, err := os.Executable(); err == nil {
		// The elevated resolv.conf writer is the CLI binary's
		// fix-write-file, installed next to this one.
		helper = []string{filepath.Join(filepath.Dir(exe), "gatewatch"+filepath.Ext(exe)), "fix-write-file"}
	}
	hostEnv := func(v verdict.Verdict, undo string) (fix.Env, error) {
		if serr != nil {
			return fix.Env{}, serr
		}
		return fix.HostEnv(ctx, fix.HostOptions{Verdict: v, Resolvers: opt.Resolvers,
			StatusPage: statusPageFor(cfg, target), Store: &store, UndoID: undo})
	}
	fa := &FixActions{Parent: w, GOOS: runtime.GOOS, Async: func(work, then func()) {
		go func() {
			work()
			if ctx.Err() == nil {
				fyne.Do(then)
			}
		}()
	}}
	fa.Plan, fa.PlanUndo = fixPlanners(current, hostEnv,
		func(id string, env fix.Env) (fix.Plan, error) { return fix.Make(ctx, id, env) },
		func(id string, env fix.Env) (fix.Plan, error) { return fix.MakeUndo(ctx, id, env) })
	fa.Run = func(p fix.Plan, done func(fix.Result)) {
		r := fix.Runner{
			GOOS: runtime.GOOS,
			Exec: fix.System{
				Open: func(raw string) error {
					u, err := url.Parse(raw)
					if err != nil {
						return err
					}
					return a.OpenURL(u)
				},
				Copy:        func(text string) error { fyne.Do(func() { a.Clipboard().SetContent(text) }); return nil },
				WriteHelper: helper,
			},
			Store: &store, Log: logger, URL: target.String(),
			// This window resolved the site moments ago (see DNSSettle).
			DNSSettle: 5100 * time.Millisecond,
			Recheck: func(ctx context.Context, noProxy bool) verdict.Verdict {
				o := opt
				if noProxy {
					o.SkipSystemProxy = true
					o.Getenv = func(k string) string {
						if strings.HasSuffix(strings.ToUpper(k), "_PROXY") {
							return ""
						}
						return os.Getenv(k)
					}
				}
				return verdict.Diagnose(ctx, target, o)
			},
		}
		go func() {
			res := r.Run(ctx, p)
			if res.LogErr != nil {
				log.Printf("gatewatch: %v", res.LogErr)
			}
			if ctx.Err() != nil {
				return // window closed
			}
			fyne.Do(func() {
				done(res)
				if res.After == nil {
					return
				}
				current.Set(*res.After)
				actions.Notice, actions.UndoFix = res.Message, ""
				if p.Undoable && res.Err == nil {
					actions.UndoFix = p.ID
				}
				d := newDiagnosisView(a, *res.After, *actions)
				w.SetContent(d.root)
				d.focusPrimary(w.Canvas())
			})
		}()
	}
	return fa
}

// FixLogger, when set, receives every fix run instead of the history
// database (and the JSON-lines fix log when that fails); for tests.
var FixLogger fix.Logger

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
	a.SetIcon(appIcon)
	w := a.NewWindow("gatewatch settings")
	w.Resize(fyne.NewSize(720, 640))
	w.SetContent(SettingsContent(a, cfg, func(c config.Config) error {
		return config.SaveConfig(path, c)
	}, hooks))
	w.ShowAndRun()
	return nil
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
