package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/gatewatch/gatewatch/monitor/config"
)

// settingsView edits a working copy of the config; nothing reaches disk
// until Save, and then only a config that validates.
type settingsView struct {
	a    fyne.App
	cfg  config.Config
	save func(config.Config) error
	root fyne.CanvasObject

	sites   *fyne.Container
	rows    []*siteRow
	addURL  *widget.Entry
	addErr  *errorText
	addBtn  *widget.Button
	undoBar *fyne.Container
	undoMsg *widget.Label
	undo    func()

	interval     *widget.Entry
	intervalErr  *errorText
	notify       *widget.Check
	canaries     *widget.Entry
	canariesErr  *errorText
	resolvers    *widget.Entry
	resolversErr *errorText
	status       *widget.Label
	saveBtn      *widget.Button
	atLogin      *widget.Check
	atLoginErr   *errorText
	notice       *widget.Label
	hooks        SettingsHooks
	world        *worldSettings // settings_world.go
	quiet        *quietSection  // settings_quiet.go
}

// SettingsHooks connects the window to the system; tests inject fakes. A
// nil StartAtLogin hides that setting (a platform without it).
type SettingsHooks struct {
	// Notice is shown at the top when set: e.g. that the config was
	// invalid and moved aside, so these are the defaults.
	Notice string
	// StartAtLogin reports whether gatewatch starts at login;
	// SetStartAtLogin changes it at once (it is not part of config.toml).
	StartAtLogin    func() (bool, error)
	SetStartAtLogin func(bool) error
}

// siteRow edits one watched site.
type siteRow struct {
	name, url, interval, statusPage *widget.Entry
	mute                            *widget.Check
	err                             *errorText
	remove                          *widget.Button
	box                             fyne.CanvasObject
}

// SettingsContent edits cfg. save receives the edited config (and should
// write it with monitor.SaveConfig); its error is shown in the window.
func SettingsContent(a fyne.App, cfg config.Config, save func(config.Config) error, hooks SettingsHooks) fyne.CanvasObject {
	return newSettingsView(a, cfg, save, hooks).root
}

func newSettingsView(a fyne.App, cfg config.Config, save func(config.Config) error, hooks SettingsHooks) *settingsView {
	s := &settingsView{a: a, cfg: cfg, save: save, hooks: hooks}
	s.sites = container.NewVBox()
	for _, site := range cfg.Sites {
		s.rows = append(s.rows, s.newSiteRow(site))
	}
	s.redrawSites()

	s.addURL = widget.NewEntry()
	s.addURL.SetPlaceHolder("Add a site: chatgpt.com or https://example.com/path")
	s.addErr = errorLabel()
	s.addBtn = widget.NewButtonWithIcon("Add", theme.ContentAddIcon(), s.addSite)
	s.addBtn.Disable()
	s.addURL.OnChanged = func(text string) {
		if strings.TrimSpace(text) == "" {
			s.addErr.SetText("")
			s.addBtn.Disable()
			return
		}
		if _, err := config.ParseTarget(text); err != nil {
			s.addErr.SetText(err.Error())
			s.addBtn.Disable()
			return
		}
		if err := s.duplicate(text, nil); err != nil {
			s.addErr.SetText(err.Error())
			s.addBtn.Disable()
			return
		}
		s.addErr.SetText("")
		s.addBtn.Enable()
	}
	s.addURL.OnSubmitted = func(string) {
		if !s.addBtn.Disabled() {
			s.addSite()
		}
	}

	s.undoMsg = widget.NewLabel("")
	s.undoBar = container.NewHBox(s.undoMsg, widget.NewButtonWithIcon("Undo", theme.ContentUndoIcon(), func() {
		if s.undo != nil {
			s.undo()
		}
	}))
	s.undoBar.Hide()

	s.interval = widget.NewEntry()
	s.interval.SetText(cfg.Interval.String())
	s.intervalErr = errorLabel()
	s.interval.OnChanged = func(t string) { _, err := parseInterval(t, false); s.intervalErr.SetText(errText(err)) }

	s.notify = widget.NewCheck("Show desktop notifications", nil)
	s.notify.SetChecked(cfg.NotificationsEnabled())

	s.atLoginErr = errorLabel()
	if hooks.StartAtLogin != nil && hooks.SetStartAtLogin != nil {
		on, err := hooks.StartAtLogin()
		s.atLoginErr.SetText(errText(err))
		s.atLogin = widget.NewCheck("Start gatewatch when I log in", nil)
		s.atLogin.SetChecked(on)
		// Applied at once, like the system setting it is; config.toml
		// does not hold it.
		var onChanged func(bool)
		onChanged = func(want bool) {
			if err := hooks.SetStartAtLogin(want); err != nil {
				s.atLoginErr.SetText(err.Error())
				s.atLogin.OnChanged = nil // put the box back without re-running this
				s.atLogin.SetChecked(!want)
				s.atLogin.OnChanged = onChanged
				return
			}
			s.atLoginErr.SetText("")
		}
		s.atLogin.OnChanged = onChanged
	}
	s.notice = widget.NewLabel(hooks.Notice)
	s.notice.Wrapping = fyne.TextWrapWord
	s.notice.Importance = widget.WarningImportance
	if hooks.Notice == "" {
		s.notice.Hide()
	}

	s.canaries = widget.NewMultiLineEntry()
	s.canaries.SetText(strings.Join(cfg.Network.Canaries, "\n"))
	s.canariesErr = errorLabel()
	s.canaries.OnChanged = func(t string) { _, err := parseCanaries(t); s.canariesErr.SetText(errText(err)) }
	s.resolvers = widget.NewMultiLineEntry()
	s.resolvers.SetText(strings.Join(cfg.Network.Resolvers, "\n"))
	s.resolversErr = errorLabel()
	s.resolvers.OnChanged = func(t string) { _, err := parseResolvers(t); s.resolversErr.SetText(errText(err)) }

	s.quiet = newQuietSection(cfg.Notify)

	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.saveBtn = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), s.doSave)
	s.saveBtn.Importance = widget.HighImportance

	bold := func(t string) *widget.Label {
		return widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	s.world = newWorldSettings(cfg.World)
	startup := []fyne.CanvasObject{s.notify}
	if s.atLogin != nil {
		startup = append(startup, s.atLogin, s.atLoginErr)
	}
	body := container.NewVBox(
		s.notice,
		bold("Watched sites"),
		s.sites,
		s.undoBar,
		container.NewBorder(nil, nil, nil, s.addBtn, s.addURL),
		s.addErr,
		widget.NewSeparator(),
		bold("Checking"),
		widget.NewForm(widget.NewFormItem("Check every", s.interval)),
		s.intervalErr,
		container.NewVBox(startup...),
		widget.NewSeparator(),
		s.quiet.box,
		bold("Second opinion"),
		s.world.box,
		widget.NewSeparator(),
		bold("Advanced"),
		widget.NewLabel("Connectivity-check URLs (one per line): these stand for \"the internet works\"."),
		s.canaries, s.canariesErr,
		widget.NewLabel("Reference DNS resolvers (IP or IP:port, one per line)."),
		s.resolvers, s.resolversErr,
	)
	s.root = container.NewBorder(nil, container.NewBorder(nil, nil, nil, s.saveBtn, s.status), nil, nil, container.NewVScroll(body))
	return s
}

// errorText is a red message that takes no room while there is nothing to
// say: an empty label would leave a gap under every field.
type errorText struct{ widget.Label }

func errorLabel() *errorText {
	l := &errorText{}
	l.ExtendBaseWidget(l)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.DangerImportance
	l.Hide()
	return l
}

// SetText shows the message, or hides the label when it is empty.
func (e *errorText) SetText(t string) {
	e.Label.SetText(t)
	if t == "" {
		e.Hide()
	} else {
		e.Show()
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func (s *settingsView) newSiteRow(site config.Site) *siteRow {
	r := &siteRow{
		name: widget.NewEntry(), url: widget.NewEntry(),
		interval: widget.NewEntry(), statusPage: widget.NewEntry(),
		err: errorLabel(),
	}
	r.name.SetPlaceHolder("Name (optional)")
	r.name.SetText(site.Name)
	r.url.SetText(site.URL)
	r.interval.SetPlaceHolder("Check every: default")
	if site.Interval.Duration != 0 {
		r.interval.SetText(site.Interval.String())
	}
	r.statusPage.SetPlaceHolder("Status page URL, guess or none (optional)")
	r.statusPage.SetText(site.StatusPage)
	r.mute = widget.NewCheck("Mute", nil)
	r.mute.SetChecked(site.Mute)
	check := func(string) {
		_, err := r.site()
		if err == nil {
			err = s.duplicate(r.url.Text, r)
		}
		r.err.SetText(errText(err))
	}
	r.url.OnChanged, r.interval.OnChanged, r.statusPage.OnChanged = check, check, check
	r.remove = widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), func() { s.removeSite(r) })
	r.box = container.NewVBox(
		container.NewBorder(nil, nil, nil, r.remove, container.NewGridWithColumns(2, r.name, r.url)),
		container.NewBorder(nil, nil, nil, r.mute, container.NewGridWithColumns(2, r.interval, r.statusPage)),
		r.err,
	)
	return r
}

// site reads the row back, validated the way the config will be.
func (r *siteRow) site() (config.Site, error) {
	u, err := config.ParseTarget(r.url.Text)
	if err != nil {
		return config.Site{}, err
	}
	site := config.Site{URL: u.String(), Name: strings.TrimSpace(r.name.Text), Mute: r.mute.Checked}
	d, err := parseInterval(r.interval.Text, true)
	if err != nil {
		return site, err
	}
	site.Interval = config.Duration{Duration: d}
	if sp := strings.TrimSpace(r.statusPage.Text); sp != "" {
		if _, err := config.ParseCanary(sp); err != nil && sp != config.StatusPageGuess && sp != config.StatusPageNone {
			return site, fmt.Errorf("status page %q must be an http:// or https:// URL, %q or %q", sp, config.StatusPageGuess, config.StatusPageNone)
		}
		site.StatusPage = sp
	}
	return site, nil
}

// parseInterval reads "60s", "2m"; empty means the default when allowed.
func parseInterval(t string, emptyOK bool) (time.Duration, error) {
	t = strings.TrimSpace(t)
	if t == "" {
		if emptyOK {
			return 0, nil
		}
		return 0, errors.New("give an interval such as 60s or 5m")
	}
	d, err := time.ParseDuration(t)
	if err != nil {
		return 0, fmt.Errorf("interval %q: use a duration such as 60s or 5m", t)
	}
	if d < config.MinInterval {
		return 0, fmt.Errorf("interval %s is below the minimum of %s", d, config.MinInterval)
	}
	return d, nil
}

func lines(t string) []string {
	var out []string
	for _, l := range strings.Split(t, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func parseCanaries(t string) ([]string, error) {
	out := lines(t)
	for _, l := range out {
		if _, err := config.ParseCanary(l); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func parseResolvers(t string) ([]string, error) {
	out := lines(t)
	for _, l := range out {
		if _, err := config.ParseResolver(l); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *settingsView) redrawSites() {
	objs := make([]fyne.CanvasObject, 0, len(s.rows))
	for i, r := range s.rows {
		if i > 0 {
			objs = append(objs, widget.NewSeparator())
		}
		objs = append(objs, r.box)
	}
	if len(objs) == 0 {
		objs = append(objs, widget.NewLabel("No sites yet: add one below."))
	}
	s.sites.Objects = objs
	s.sites.Refresh()
}

func (s *settingsView) addSite() {
	u, err := config.ParseTarget(s.addURL.Text)
	if err != nil {
		s.addErr.SetText(err.Error())
		return
	}
	if err := s.duplicate(u.String(), nil); err != nil {
		s.addErr.SetText(err.Error())
		return
	}
	s.rows = append(s.rows, s.newSiteRow(config.Site{URL: u.String()}))
	s.redrawSites()
	s.addURL.SetText("")
	s.status.SetText("Added " + u.String() + ". Save to keep it.")
}

// duplicate says which other row (not except) already names the site raw
// names, however spelled: the monitor would check it twice.
func (s *settingsView) duplicate(raw string, except *siteRow) error {
	key := config.SiteKey(raw)
	if key == "" {
		return nil
	}
	for i, r := range s.rows {
		if r != except && config.SiteKey(r.url.Text) == key {
			return fmt.Errorf("%s is already in the list as site %d (%s)", key, i+1, strings.TrimSpace(r.url.Text))
		}
	}
	return nil
}

// removeSite drops a row at once and offers Undo, which puts it back where
// it was, edits included.
func (s *settingsView) removeSite(r *siteRow) {
	i := -1
	for j, row := range s.rows {
		if row == r {
			i = j
		}
	}
	if i < 0 {
		return
	}
	s.rows = append(s.rows[:i:i], s.rows[i+1:]...)
	s.redrawSites()
	s.undoMsg.SetText("Removed " + r.url.Text + ".")
	s.undo = func() {
		at := min(i, len(s.rows))
		s.rows = append(s.rows[:at], append([]*siteRow{r}, s.rows[at:]...)...)
		s.redrawSites()
		s.undo = nil
		s.undoBar.Hide()
	}
	s.undoBar.Show()
}

// collect builds the config from the widgets, or says what is wrong.
func (s *settingsView) collect() (config.Config, error) {
	cfg := s.cfg
	d, err := parseInterval(s.interval.Text, false)
	if err != nil {
		return cfg, err
	}
	cfg.Interval = config.Duration{Duration: d}
	on := s.notify.Checked
	cfg.Notifications = &on
	if cfg.Notify, err = s.quiet.collect(); err != nil {
		return cfg, fmt.Errorf("notifications: %w", err)
	}
	if cfg.Network.Canaries, err = parseCanaries(s.canaries.Text); err != nil {
		return cfg, err
	}
	if cfg.Network.Resolvers, err = parseResolvers(s.resolvers.Text); err != nil {
		return cfg, err
	}
	if cfg.World, err = s.world.apply(cfg.World); err != nil {
		return cfg, err
	}
	cfg.Sites = nil
	for i, r := range s.rows {
		site, err := r.site()
		if err != nil {
			return cfg, fmt.Errorf("site %d (%s): %w", i+1, r.url.Text, err)
		}
		cfg.Sites = append(cfg.Sites, site)
		if err := s.duplicate(r.url.Text, r); err != nil {
			return cfg, fmt.Errorf("site %d (%s): %w", i+1, r.url.Text, err)
		}
	}
	if err := cfg.Validate(); err != nil {
		return cfg, err
	}
	return cfg, nil
}

func (s *settingsView) doSave() {
	cfg, err := s.collect()
	if err != nil {
		s.status.SetText("Not saved: " + err.Error())
		return
	}
	if err := s.save(cfg); err != nil {
		s.status.SetText("Not saved: " + err.Error())
		return
	}
	s.cfg = cfg
	s.undo = nil
	s.undoBar.Hide()
	s.notice.Hide() // the saved file replaces whatever the notice was about
	s.status.SetText("Saved. gatewatch applies the changes now.")
}

// CorruptNotice is the settings window's warning when there is no config
// because the last one was invalid and moved aside; empty otherwise.
func CorruptNotice(path string) string {
	backup, at, ok := config.NewestCorruptBackup(path)
	if !ok {
		return ""
	}
	return fmt.Sprintf("On %s your settings file was invalid and was kept as %s. gatewatch is using the default settings; save to make these yours.",
		at.Format("2 Jan 15:04"), backup)
}
