package tray

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"os"
	"reflect"
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
	"github.com/gatewatch/gatewatch/monitor/world"
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
	resident.LeanTray()
	cfgFlag := cfgPath // as given: the windows resolve "" the same way
	if cfgPath == "" {
		if cfgPath, err = config.DefaultConfigPath(); err != nil {
			return err
		}
	}
	cfg, start, err := loadConfig(cfgFlag, cfgPath)
	if err != nil {
		return err
	}
	opt, err := verdict.BuildOptions(cfg, nil, nil)
	if err != nil {
		return fmt.Errorf("config %s: %w", cfgPath, err)
	}
	world.Attach(&opt, cfg.World)
	t := &trayApp{cfgPath: cfgPath, cfgFlag: cfgFlag, cfg: cfg, armed: map[string]bool{},
		policy: monitor.NewNotifyPolicy(cfg.Notify), snoozePath: defaultSnoozePath()}
	t.loadSnoozes()
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
	// The free heap goes back to the OS after a round (at most once a
	// minute): the tray sleeps between rounds.
	trim := resident.NewTrimmer()
	t.mon.SetOnRound(func() { t.onRound(); trim.AfterRound() })
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

// loadConfig reads the config the way every mode does (config.Load:
// flagPath as given, "" for the default path, which resolves to path). On
// first start (no file at the default path) the defaults are written. A
// corrupt default file has been moved aside by Load: that is said, and
// the defaults are used (not written, so the settings window can tell the
// user until they save).
func loadConfig(flagPath, path string) (config.Config, startNote, error) {
	cfg, notice, err := config.Load(flagPath)
	switch {
	case err != nil:
		return cfg, startNormal, err
	case notice != "":
		log.Printf("gatewatch: %s", notice)
		return cfg, startCorrupt, nil
	}
	if _, err := os.Stat(path); flagPath == "" && errors.Is(err, fs.ErrNotExist) {
		if err := config.SaveConfig(path, cfg); err != nil {
			return cfg, startFirst, fmt.Errorf("writing the default config: %w", err)
		}
		log.Printf("gatewatch: wrote the default config to %s", path)
		return cfg, startFirst, nil
	}
	return cfg, startNormal, nil
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
	cfgPath  string // the file watched and named in messages
	cfgFlag  string // --config as given ("" = the default path), for the windows
	mon      *monitor.Monitor
	notifier Notifier
	// policy decides which notifications go out when (quiet hours,
	// snoozes, notify.about…); snoozePath is where snoozes are kept.
	policy     *monitor.NotifyPolicy
	snoozePath string

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
	// stillDown is the "still down after 1 h" line, hidden when empty.
	stillDown     *systray.MenuItem
	stillDownText string
	quiet         *systray.MenuItem // "Quiet hours: no pop-ups until 08:00"
	quietText     string
	snoozes       []*snoozeMenu
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
	systray.SetIcon(LookChecking.Icon())
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
	snoozes := t.policy.Snoozes()
	for _, s := range statuses {
		line := SiteLine(s, now) + snoozedSuffix(snoozes, s.URL, now)
		m.sites = append(m.sites, systray.AddMenuItem(line, "Diagnose "+s.URL))
		m.lines = append(m.lines, line)
	}
	if len(statuses) == 0 {
		systray.AddMenuItem("No sites watched — add some in Settings", "").Disable()
	}
	m.stillDown = systray.AddMenuItem("", "")
	m.stillDown.Disable()
	m.stillDown.Hide()
	m.quiet = systray.AddMenuItem("", "Set in Settings, Notifications")
	m.quiet.Disable()
	m.quiet.Hide()
	items := map[string]*systray.MenuItem{}
	var clicks []menuAction
	for _, f := range fixedItems {
		if f.sepBefore {
			systray.AddSeparator()
		}
		items[f.key] = systray.AddMenuItem(f.title, f.tip)
		if f.key == itemPause {
			var snoozeClicks []menuAction
			m.snoozes, snoozeClicks = t.addSnoozeMenus(statuses)
			clicks = append(clicks, snoozeClicks...)
		}
	}
	m.pause = items[itemPause]
	t.menu = m

	for i, item := range m.sites {
		clicks = append(clicks, menuAction{item, func() { t.openDiagnosis(statuses[i].URL) }})
	}
	actions := t.itemActions()
	for _, f := range fixedItems {
		clicks = append(clicks, menuAction{items[f.key], actions[f.key]})
	}
	go serveClicks(ctx, clicks)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-systray.TrayOpenedCh:
				// Durations in the menu ("4 min") age between rounds,
				// which are minutes apart for a site that is down.
				t.refresh()
			}
		}
	}()
}

// menuAction is what a menu item does when clicked.
type menuAction struct {
	item *systray.MenuItem
	do   func()
}

// serveClicks runs each item's action when it is clicked, until ctx ends
// (the menu is rebuilt). One goroutine waits on every item's channel: one
// goroutine per item was ~6 per site with the snooze submenus, i.e. 310
// parked goroutines and their stacks with 50 sites, for clicks that come
// a few times a day. Actions run one at a time; each is quick (it starts
// a window, writes the snooze file or pokes the monitor).
func serveClicks(ctx context.Context, clicks []menuAction) {
	cases := make([]reflect.SelectCase, 0, len(clicks)+1)
	cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(ctx.Done())})
	for _, c := range clicks {
		cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(c.item.ClickedCh)})
	}
	for {
		i, _, ok := reflect.Select(cases)
		switch {
		case i == 0:
			return
		case !ok:
			cases[i].Chan = reflect.Value{} // a removed item: its channel is closed; a zero Chan is never chosen
		default:
			clicks[i-1].do()
		}
	}
}

// itemActions is what each fixed menu item does (fixedItems).
func (t *trayApp) itemActions() map[string]func() {
	return map[string]func(){
		itemCheckNow: func() {
			t.mon.CheckNow(time.Now())
			t.refresh()
		},
		itemPause:    t.togglePause,
		itemOpenLog:  openLog,
		itemSettings: t.openSettings,
		itemQuit:     systray.Quit,
	}
}

func (t *trayApp) openDiagnosis(rawURL string) {
	args, err := diagnoseArgs(t.cfgFlag, rawURL)
	if err == nil {
		err = startWindow(args)
	}
	if err != nil {
		log.Printf("gatewatch: %v", err)
	}
}

func (t *trayApp) openSettings() {
	if err := startWindow(windowArgs(t.cfgFlag, "settings")); err != nil {
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
	snoozes := t.policy.Snoozes()
	quietEnd, quiet := t.policy.QuietUntil(now)
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
		if line := SiteLine(s, now) + snoozedSuffix(snoozes, s.URL, now); line != m.lines[i] {
			m.sites[i].SetTitle(line)
			m.lines[i] = line
		}
	}
	setLine(m.stillDown, &m.stillDownText, StillDownLine(statuses, now))
	setLine(m.quiet, &m.quietText, QuietLine(quietEnd, quiet, now))
	refreshSnoozes(m.snoozes, snoozes, now)
	if paused != m.paused {
		if paused {
			m.pause.SetTitle("Resume (paused until " + until.Format("15:04") + ")")
		} else {
			m.pause.SetTitle("Pause 1 hour")
		}
		m.paused = paused
	}
	if look := Overall(statuses, net, paused); look != t.look {
		systray.SetIcon(look.Icon())
		t.look = look
	}
	if h := Headline(statuses, net, paused, until); h != t.headline {
		systray.SetTooltip(h)
		t.headline = h
	}
}

// setLine retitles an informational menu line, hidden while it is empty;
// nothing is sent when it did not change.
func setLine(item *systray.MenuItem, last *string, line string) {
	if line == *last {
		return
	}
	item.SetTitle(line)
	if line == "" {
		item.Hide()
	} else {
		item.Show()
	}
	*last = line
}

func (t *trayApp) currentConfig() config.Config {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.cfg
}
