package tray

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"slices"
	"sync"
	"time"

	"fyne.io/systray"

	"github.com/gatewatch/gatewatch/app/cli"
	"github.com/gatewatch/gatewatch/monitor"
)

// TestConfirmEnv shortens the confirmation delay for end-to-end tests
// ("1s"). It is honoured only together with the lab guard
// (GATEWATCH_LAB_ONLY=1), so a real user always gets monitor.ConfirmDelay.
const TestConfirmEnv = "GATEWATCH_TEST_CONFIRM"

// PauseFor is how long "Pause" stops checking.
const PauseFor = time.Hour

// Run is the resident process: it watches the sites of the config at
// cfgPath (the default path when empty; written with defaults on first
// start) and shows them in the tray until ctx ends or the user quits.
func Run(ctx context.Context, cfgPath string) error {
	if err := checkSession(); err != nil {
		return err
	}
	cli.LeanRuntime()
	cfg, err := loadConfig(cfgPath)
	if err != nil {
		return err
	}
	opt, err := monitor.BuildOptions(cfg, nil, nil)
	if err != nil {
		return fmt.Errorf("config %s: %w", cfgPath, err)
	}
	t := &trayApp{cfgPath: cfgPath}
	if cfg.NotificationsEnabled() {
		if t.notifier, err = NewNotifier(); err != nil {
			log.Printf("gatewatch: %v (continuing without notifications)", err)
		}
	}
	t.mon, err = monitor.New(cfg, opt, t.onEvent)
	if err != nil {
		return err
	}
	if d, ok, err := testConfirmDelay(); err != nil {
		return err
	} else if ok {
		t.mon.SetConfirmDelay(d)
	}
	t.mon.SetOnRound(t.refresh)
	// History, status pages and (when configured) metrics, as in
	// `gatewatch monitor`. Without history the tray still works.
	rec, err := cli.StartRecording(ctx, cfg, t.mon, cli.RecordOptions{})
	if err != nil {
		log.Printf("gatewatch: %v (continuing without history)", err)
	} else {
		for _, n := range rec.Notices {
			log.Printf("gatewatch: %s", n)
		}
		defer func() {
			if err := rec.Close(); err != nil {
				log.Printf("gatewatch: %v", err)
			}
		}()
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	t.ctx = ctx
	monDone := make(chan struct{})
	go func() {
		defer close(monDone)
		if err := t.mon.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
			log.Printf("gatewatch: monitor stopped: %v", err)
		}
	}()
	go func() {
		// A new network (Wi-Fi switch, VPN up, resume from sleep) makes
		// every verdict stale: look again at once.
		err := monitor.WatchNetwork(ctx, 0, func() { t.mon.NetworkChanged(time.Now()) })
		if err != nil && !errors.Is(err, context.Canceled) {
			log.Printf("gatewatch: not watching for network changes: %v", err)
		}
	}()
	go func() {
		<-ctx.Done()
		systray.Quit()
	}()
	systray.Run(t.onReady, cancel)
	cancel()
	<-monDone
	if t.notifier != nil {
		if err := t.notifier.Close(); err != nil {
			log.Printf("gatewatch: closing notifications: %v", err)
		}
	}
	return nil
}

// loadConfig reads the config, writing the defaults on first start. A
// corrupt file has been moved aside by LoadConfig: that is said, and the
// defaults are used.
func loadConfig(path string) (monitor.Config, error) {
	if path == "" {
		p, err := monitor.DefaultConfigPath()
		if err != nil {
			return monitor.Config{}, err
		}
		path = p
	}
	cfg, err := monitor.LoadConfig(path)
	var corrupt *monitor.CorruptConfigError
	switch {
	case err == nil:
	case errors.Is(err, monitor.ErrNoConfig):
		if err := monitor.SaveConfig(path, cfg); err != nil {
			return cfg, fmt.Errorf("writing the default config: %w", err)
		}
		log.Printf("gatewatch: wrote the default config to %s", path)
	case errors.As(err, &corrupt):
		log.Printf("gatewatch: %v", corrupt)
	default:
		return cfg, err
	}
	return cfg, nil
}

func testConfirmDelay() (time.Duration, bool, error) {
	v := os.Getenv(TestConfirmEnv)
	if v == "" || os.Getenv(monitor.GuardEnv) != "1" {
		return 0, false, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, false, fmt.Errorf("%s=%q: want a positive duration such as 1s", TestConfirmEnv, v)
	}
	return d, true, nil
}

// trayApp holds the menu and keeps it in step with the monitor.
type trayApp struct {
	ctx      context.Context
	cfgPath  string
	mon      *monitor.Monitor
	notifier *Notifier

	mu       sync.Mutex
	ready    bool
	sites    []*systray.MenuItem
	lines    []string
	pause    *systray.MenuItem
	paused   bool
	look     Look
	headline string
}

// onEvent runs on the monitor's goroutine: it queues the notification
// (never blocking) and refreshes the menu.
func (t *trayApp) onEvent(ev monitor.Event) {
	if t.notifier != nil {
		t.notifier.Send(MessageFor(ev))
	}
	t.refresh()
}

func (t *trayApp) onReady() {
	systray.SetIcon(LookChecking.PNG())
	systray.SetTitle("gatewatch")
	systray.SetTooltip("gatewatch is checking…")
	statuses := t.mon.Statuses()
	now := time.Now()
	t.mu.Lock()
	for _, s := range statuses {
		line := SiteLine(s, now)
		t.sites = append(t.sites, systray.AddMenuItem(line, s.URL))
		t.lines = append(t.lines, line)
	}
	systray.AddSeparator()
	checkNow := systray.AddMenuItem("Check all now", "Check every site again (at most once per 15 s each)")
	t.pause = systray.AddMenuItem("Pause 1 hour", "Stop checking for an hour")
	systray.AddSeparator()
	settings := systray.AddMenuItem("Settings…", "Edit the watched sites and options")
	quit := systray.AddMenuItem("Quit", "Stop watching")
	t.ready = true
	sites := slices.Clone(t.sites)
	t.mu.Unlock()
	t.refresh()

	for i, item := range sites {
		go t.openOnClick(item, statuses[i].URL)
	}

	go func() {
		for {
			select {
			case <-t.ctx.Done():
				return
			case <-settings.ClickedCh:
				if err := startWindow(windowArgs(t.cfgPath, "settings")); err != nil {
					log.Printf("gatewatch: %v", err)
				}
			case <-checkNow.ClickedCh:
				t.mon.CheckNow(time.Now())
				t.refresh()
			case <-t.pause.ClickedCh:
				if p, _ := t.mon.Paused(time.Now()); p {
					t.mon.Resume()
				} else {
					t.mon.Pause(time.Now(), PauseFor)
				}
				t.refresh()
			case <-systray.TrayOpenedCh:
				// Durations in the menu ("4 min") age between rounds,
				// which are minutes apart for a site that is down.
				t.refresh()
			case <-quit.ClickedCh:
				systray.Quit()
				return
			}
		}
	}()
}

// openOnClick opens the diagnosis window for a site each time its menu
// item is clicked.
func (t *trayApp) openOnClick(item *systray.MenuItem, rawURL string) {
	for {
		select {
		case <-t.ctx.Done():
			return
		case <-item.ClickedCh:
			args, err := diagnoseArgs(t.cfgPath, rawURL)
			if err == nil {
				err = startWindow(args)
			}
			if err != nil {
				log.Printf("gatewatch: %v", err)
			}
		}
	}
}

// refresh redraws what changed: site lines, the pause item, the icon and
// the tooltip. It is cheap and safe from any goroutine.
func (t *trayApp) refresh() {
	now := time.Now()
	statuses := t.mon.Statuses()
	net := t.mon.NetworkProblem()
	paused, until := t.mon.Paused(now)
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.ready {
		return
	}
	for i, s := range statuses {
		if i >= len(t.sites) {
			break // sites added live get items once the config UI exists
		}
		if line := SiteLine(s, now); line != t.lines[i] {
			t.sites[i].SetTitle(line)
			t.lines[i] = line
		}
	}
	if paused != t.paused {
		if paused {
			t.pause.SetTitle("Resume (paused until " + until.Format("15:04") + ")")
		} else {
			t.pause.SetTitle("Pause 1 hour")
		}
		t.paused = paused
	}
	if look := Overall(statuses, net, paused); look != t.look {
		systray.SetIcon(look.PNG())
		t.look = look
	}
	if h := Headline(statuses, net, paused, until); h != t.headline {
		systray.SetTooltip(h)
		t.headline = h
	}
}
