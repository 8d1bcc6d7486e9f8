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

	"github.com/gatewatch/gatewatch/app/control"
	"github.com/gatewatch/gatewatch/monitor"
	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/netwatch"
	"github.com/gatewatch/gatewatch/monitor/resident"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// TestConfirmEnv shortens the confirmation delay for end-to-end tests
// ("1s"). It is honoured only together with the lab guard
// (GATEWATCH_LAB_ONLY set), so a real user always gets monitor.ConfirmDelay.
const TestConfirmEnv = "GATEWATCH_TEST_CONFIRM"

// PauseFor is how long "Pause" stops checking.
const PauseFor = time.Hour

// ErrAlreadyRunning is returned by Run when another resident of this user
// is running: it has been asked to open its settings instead.
var ErrAlreadyRunning = errors.New("gatewatch is already running; its settings window was opened")

// Run is the resident process: it watches the sites of the config at
// cfgPath (the default path when empty; written with defaults on first
// start) and shows them in the tray until ctx ends or the user quits.
func Run(ctx context.Context, cfgPath string) error {
	srv, err := control.Listen(control.SocketPath())
	if errors.Is(err, control.ErrRunning) {
		// One icon per user: the second start brings up the first one's
		// settings, which is what someone starting it again wants.
		if _, cerr := control.Call(control.SocketPath(), control.Request{Cmd: control.CmdOpenSettings}); cerr != nil {
			return fmt.Errorf("gatewatch is already running, but did not answer: %w", cerr)
		}
		return ErrAlreadyRunning
	}
	if err != nil {
		return err
	}
	defer srv.Close()
	if err := checkSession(); err != nil {
		return err
	}
	resident.LeanRuntime()
	if cfgPath == "" {
		if cfgPath, err = config.DefaultConfigPath(); err != nil {
			return err
		}
	}
	cfg, start, err := loadConfig(cfgPath)
	if err != nil {
		return err
	}
	opt, err := verdict.BuildOptions(cfg, nil, nil)
	if err != nil {
		return fmt.Errorf("config %s: %w", cfgPath, err)
	}
	t := &trayApp{cfgPath: cfgPath, cfg: cfg, armed: map[string]bool{}}
	if t.notifier, err = NewNotifier(t.onAction); err != nil {
		log.Printf("gatewatch: %v (continuing without notifications)", err)
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
	t.mon.SetOnRound(t.onRound)
	// History, status pages and (when configured) metrics, as in
	// `gatewatch monitor`. Without history the tray still works.
	rec, err := resident.StartRecording(ctx, cfg, t.mon, resident.RecordOptions{})
	if err != nil {
		log.Printf("gatewatch: %v (continuing without history)", err)
	} else {
		for _, n := range rec.Notices {
			log.Printf("gatewatch: %s", n)
			t.notices = append(t.notices, n)
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
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := t.mon.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
			log.Printf("gatewatch: monitor stopped: %v", err)
		}
	})
	wg.Go(func() {
		// A new network (Wi-Fi switch, VPN up, resume from sleep) makes
		// every verdict stale: look again at once.
		err := netwatch.WatchNetwork(ctx, 0, func() { t.mon.NetworkChanged(time.Now()) })
		if err != nil && !errors.Is(err, context.Canceled) {
			log.Printf("gatewatch: not watching for network changes: %v", err)
		}
	})
	wg.Go(func() {
		// The settings window (another process) and hand edits save the
		// file; the running monitor follows without a restart.
		err := config.WatchConfig(ctx, cfgPath, t.onConfigFile)
		if err != nil && !errors.Is(err, context.Canceled) {
			log.Printf("gatewatch: not watching the config for changes: %v", err)
		}
	})
	wg.Go(func() {
		if err := srv.Serve(ctx, t.handle); err != nil {
			log.Printf("gatewatch: %v", err)
		}
	})
	go func() {
		<-ctx.Done()
		systray.Quit()
	}()
	systray.Run(func() { t.onReady(start) }, cancel)
	cancel()
	wg.Wait()
	if t.notifier != nil {
		if err := t.notifier.Close(); err != nil {
			log.Printf("gatewatch: closing notifications: %v", err)
		}
	}
	return nil
}

// startNote is what the user should hear about the config at start.
type startNote int

const (
	startNormal  startNote = iota
	startFirst             // no config yet: the default watch list was written
	startCorrupt           // the config was invalid, moved aside; defaults in use
)

// loadConfig reads the config, writing the defaults on first start. A
// corrupt file has been moved aside by LoadConfig: that is said, and the
// defaults are used (not written, so the settings window can tell the user
// until they save).
func loadConfig(path string) (config.Config, startNote, error) {
	cfg, err := config.LoadConfig(path)
	var corrupt *config.CorruptConfigError
	switch {
	case err == nil:
		return cfg, startNormal, nil
	case errors.Is(err, config.ErrNoConfig):
		if err := config.SaveConfig(path, cfg); err != nil {
			return cfg, startFirst, fmt.Errorf("writing the default config: %w", err)
		}
		log.Printf("gatewatch: wrote the default config to %s", path)
		return cfg, startFirst, nil
	case errors.As(err, &corrupt):
		log.Printf("gatewatch: %v", corrupt)
		return cfg, startCorrupt, nil
	}
	return cfg, startNormal, err
}

func testConfirmDelay() (time.Duration, bool, error) {
	v := os.Getenv(TestConfirmEnv)
	if v == "" || !config.Guarded() {
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
	notifier Notifier

	mu        sync.Mutex
	cfg       config.Config
	armed     map[string]bool // "tell me when it's back", by site URL
	transient []config.Site   // sites watched only until they are back
	menu      *trayMenu
	notices   []string // said once the tray is up (e.g. history moved aside)
	look      Look
	headline  string
	started   bool
}

// trayMenu is one build of the menu. The site list changes live, and
// systray can only append items, so a changed list rebuilds the menu.
type trayMenu struct {
	stop   context.CancelFunc
	urls   []string
	sites  []*systray.MenuItem
	lines  []string
	pause  *systray.MenuItem
	paused bool
}

// siteURLs is the identity of the menu's site list.
func siteURLs(statuses []monitor.SiteStatus) []string {
	out := make([]string, len(statuses))
	for i, s := range statuses {
		out[i] = s.URL
	}
	return out
}

func (t *trayApp) onReady(start startNote) {
	systray.SetIcon(LookChecking.PNG())
	systray.SetTitle("gatewatch")
	systray.SetTooltip("gatewatch is checking…")
	t.mu.Lock()
	t.started = true
	t.mu.Unlock()
	t.refresh()
	switch start {
	case startFirst:
		t.notify(FirstRunMessage(len(t.currentConfig().Sites)), true)
	case startCorrupt:
		t.notify(CorruptConfigMessage(t.cfgPath), true)
	}
	for _, n := range t.notices {
		t.notify(Message{Key: "history", Icon: "dialog-warning", Summary: "gatewatch's history", Body: n}, true)
	}
}

// buildMenu replaces the whole menu for the given sites. Called with t.mu
// held.
func (t *trayApp) buildMenu(statuses []monitor.SiteStatus, now time.Time) {
	if t.menu != nil {
		t.menu.stop() // first: a removed item's channel is closed
		systray.ResetMenu()
	}
	ctx, stop := context.WithCancel(t.ctx)
	m := &trayMenu{stop: stop, urls: siteURLs(statuses)}
	for _, s := range statuses {
		line := SiteLine(s, now)
		m.sites = append(m.sites, systray.AddMenuItem(line, "Diagnose "+s.URL))
		m.lines = append(m.lines, line)
	}
	if len(statuses) == 0 {
		systray.AddMenuItem("No sites watched — add some in Settings", "").Disable()
	}
	systray.AddSeparator()
	checkNow := systray.AddMenuItem("Check all now", "Check every site again (at most once per 15 s each)")
	m.pause = systray.AddMenuItem("Pause 1 hour", "Stop checking for an hour")
	systray.AddSeparator()
	settings := systray.AddMenuItem("Settings…", "Edit the watched sites and options")
	quit := systray.AddMenuItem("Quit", "Stop watching")
	t.menu = m

	for i, item := range m.sites {
		go t.openOnClick(ctx, item, statuses[i].URL)
	}
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case _, ok := <-settings.ClickedCh:
				if !ok {
					return
				}
				t.openSettings()
			case _, ok := <-checkNow.ClickedCh:
				if !ok {
					return
				}
				t.mon.CheckNow(time.Now())
				t.refresh()
			case _, ok := <-m.pause.ClickedCh:
				if !ok {
					return
				}
				t.togglePause()
			case <-systray.TrayOpenedCh:
				// Durations in the menu ("4 min") age between rounds,
				// which are minutes apart for a site that is down.
				t.refresh()
			case _, ok := <-quit.ClickedCh:
				if !ok {
					return
				}
				systray.Quit()
				return
			}
		}
	}()
}

// openOnClick opens the diagnosis window for a site each time its menu
// item is clicked.
func (t *trayApp) openOnClick(ctx context.Context, item *systray.MenuItem, rawURL string) {
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-item.ClickedCh:
			if !ok {
				return
			}
			t.openDiagnosis(rawURL)
		}
	}
}

func (t *trayApp) openDiagnosis(rawURL string) {
	args, err := diagnoseArgs(t.cfgPath, rawURL)
	if err == nil {
		err = startWindow(args)
	}
	if err != nil {
		log.Printf("gatewatch: %v", err)
	}
}

func (t *trayApp) openSettings() {
	if err := startWindow(windowArgs(t.cfgPath, "settings")); err != nil {
		log.Printf("gatewatch: %v", err)
	}
}

func (t *trayApp) togglePause() {
	if p, _ := t.mon.Paused(time.Now()); p {
		t.mon.Resume()
	} else {
		t.mon.Pause(time.Now(), PauseFor)
	}
	t.refresh()
}

// refresh redraws what changed: the site lines (the whole menu when the
// site list changed), the pause item, the icon and the tooltip. It is
// cheap and safe from any goroutine; nothing is sent to the desktop when
// nothing changed.
func (t *trayApp) refresh() {
	now := time.Now()
	statuses := t.mon.Statuses()
	net := t.mon.NetworkProblem()
	paused, until := t.mon.Paused(now)
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.started {
		return
	}
	if t.menu == nil || !slices.Equal(t.menu.urls, siteURLs(statuses)) {
		t.buildMenu(statuses, now)
	}
	m := t.menu
	for i, s := range statuses {
		if line := SiteLine(s, now); line != m.lines[i] {
			m.sites[i].SetTitle(line)
			m.lines[i] = line
		}
	}
	if paused != m.paused {
		if paused {
			m.pause.SetTitle("Resume (paused until " + until.Format("15:04") + ")")
		} else {
			m.pause.SetTitle("Pause 1 hour")
		}
		m.paused = paused
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

func (t *trayApp) currentConfig() config.Config {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.cfg
}
