//go:build linux

package tray

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// The end-to-end test runs the real binary in a real D-Bus session with a
// real StatusNotifierWatcher (scripts/e2e-tray.sh sets that up). It owns
// the notification service itself to read what gatewatch says. All
// traffic is loopback.

const e2eEnv = "GATEWATCH_E2E"

// nginx502 is nginx's default error page, as a failing origin sends it.
const nginx502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n"

// captured is one Notify call.
type captured struct {
	ID                 uint32
	App, Summary, Body string
	Actions            []string
}

// notifyServer stands in for the desktop's notification daemon.
type notifyServer struct {
	mu   sync.Mutex
	got  []captured
	next uint32
}

func (s *notifyServer) Notify(app string, replaces uint32, icon, summary, body string, actions []string, hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	s.got = append(s.got, captured{s.next, app, summary, body, actions})
	return s.next, nil
}

func (s *notifyServer) GetCapabilities() ([]string, *dbus.Error) {
	return []string{"body", "actions"}, nil
}

func (s *notifyServer) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "gatewatch-e2e", "gatewatch", "0", "1.2", nil
}

func (s *notifyServer) CloseNotification(uint32) *dbus.Error { return nil }

func (s *notifyServer) all() []captured {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]captured(nil), s.got...)
}

// site is an httptest server whose status the test flips.
type site struct {
	srv    *httptest.Server
	status atomic.Int32
}

func newSite(t *testing.T) *site {
	s := &site{}
	s.status.Store(http.StatusOK)
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if code := int(s.status.Load()); code != http.StatusOK {
			w.Header().Set("Server", "nginx/1.22.1")
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(code)
			fmt.Fprint(w, nginx502)
			return
		}
		fmt.Fprint(w, "<html><body>shop</body></html>")
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func TestE2ETray(t *testing.T) {
	if os.Getenv(e2eEnv) != "1" {
		t.Skipf("set %s=1 and run under scripts/e2e-tray.sh (dbus-run-session + status-notifier-watcher)", e2eEnv)
	}
	if v := os.Getenv("GATEWATCH_LAB_ONLY"); v != "1" && v != "loopback" {
		t.Fatal("GATEWATCH_LAB_ONLY=1 is required: every probe must stay on loopback")
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatalf("session bus (run under dbus-run-session): %v", err)
	}
	t.Cleanup(func() { conn.Close() })

	// Own the notification service before gatewatch can notify.
	notes := &notifyServer{}
	if err := conn.Export(notes, notifyPath, notifyDest); err != nil {
		t.Fatal(err)
	}
	reply, err := conn.RequestName(notifyDest, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("owning %s: reply %v, %v", notifyDest, reply, err)
	}

	sites := []*site{newSite(t), newSite(t), newSite(t)}
	canary := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(canary.Close)

	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "config.toml")
	var cfg strings.Builder
	fmt.Fprintf(&cfg, "interval = \"15s\"\ntimeout = \"2s\"\n[network]\ncanaries = [%q]\nresolvers = [%q]\n",
		canary.URL+"/generate_204", closedUDPPort(t))
	for _, s := range sites {
		fmt.Fprintf(&cfg, "[[sites]]\nurl = %q\n", s.srv.URL+"/")
	}
	if err := os.WriteFile(cfgPath, []byte(cfg.String()), 0o600); err != nil {
		t.Fatal(err)
	}

	bin := filepath.Join(dir, "gatewatch")
	build := exec.Command("go", "build", "-o", bin, "github.com/gatewatch/gatewatch")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// The windows' binary is replaced by a recorder: this test is about
	// the tray starting the right window, not about Fyne (app/ui's tests
	// and scripts/screenshots.sh cover the windows themselves).
	uiCalls := filepath.Join(dir, "ui-calls.log")
	stub := "#!/bin/sh\necho \"$*\" >> '" + uiCalls + "'\n"
	if err := os.WriteFile(filepath.Join(dir, "gatewatch-ui"), []byte(stub), 0o755); err != nil {
		t.Fatal(err)
	}
	uiCalled := func(want string) func() bool {
		return func() bool {
			b, _ := os.ReadFile(uiCalls)
			return strings.Contains(string(b), want)
		}
	}
	runtimeDir, err := os.MkdirTemp("", "gwrt")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(runtimeDir) })
	env := append(os.Environ(),
		"GATEWATCH_LAB_ONLY=1", TestConfirmEnv+"=1s",
		"HOME="+dir, "XDG_CONFIG_HOME="+dir, "XDG_DATA_HOME="+dir, // history stays in the test dir
		"XDG_RUNTIME_DIR="+runtimeDir)
	var logs bytes.Buffer
	cmd := exec.Command(bin, "--config", cfgPath)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pid := cmd.Process.Pid
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill() // by PID; a no-op once it has quit
		<-exited
		if t.Failed() {
			t.Logf("gatewatch output:\n%s", logs.String())
		}
	})

	item := fmt.Sprintf("org.kde.StatusNotifierItem-%d-1", pid)
	waitFor(t, 10*time.Second, "the tray item to register with the watcher", func() bool {
		var owner string
		if err := conn.BusObject().Call("org.freedesktop.DBus.GetNameOwner", 0, item).Store(&owner); err != nil {
			return false
		}
		v, err := conn.Object("org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher").
			GetProperty("org.kde.StatusNotifierWatcher.RegisteredStatusNotifierItems")
		if err != nil {
			return false
		}
		regs, _ := v.Value().([]string)
		for _, r := range regs {
			if r == owner || strings.HasPrefix(r, item) || strings.HasPrefix(r, owner+"/") {
				return true
			}
		}
		return false
	})

	v, err := conn.Object(item, "/StatusNotifierItem").GetProperty("org.kde.StatusNotifierItem.Menu")
	if err != nil {
		t.Fatalf("reading the item's Menu property: %v", err)
	}
	menuPath, _ := v.Value().(dbus.ObjectPath)
	menu := conn.Object(item, menuPath)

	names := make([]string, len(sites))
	for i, s := range sites {
		names[i] = strings.TrimPrefix(s.srv.URL, "http://")
	}
	lineOf := func(name string) string {
		for _, l := range labels(t, menu) {
			if strings.HasPrefix(l.label, name+" — ") {
				return l.label
			}
		}
		return ""
	}
	waitFor(t, 20*time.Second, "every site to show OK in the menu", func() bool {
		for _, n := range names {
			if lineOf(n) != n+" — OK" {
				return false
			}
		}
		return true
	})
	if c := iconColour(t, conn.Object(item, "/StatusNotifierItem")); c != "green" {
		t.Errorf("all sites OK, but the icon is %s", c)
	}

	// One resident per user: a second start opens the first one's
	// settings and exits.
	second := exec.Command(bin, "--config", cfgPath)
	second.Env = env
	out, err := second.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "already running") {
		t.Errorf("second start: %v, %q", err, out)
	}
	waitFor(t, 5*time.Second, "the settings window to be started", uiCalled("settings --config "+cfgPath))

	// A site clicked in the menu opens its diagnosis window.
	click(t, menu, names[1]+" — OK")
	waitFor(t, 5*time.Second, "the diagnosis window to be started", uiCalled("diagnose "+sites[1].srv.URL+"/"))

	// The settings window saves the file; the menu follows without a
	// restart.
	extra := newSite(t)
	live := cfg.String() + fmt.Sprintf("[[sites]]\nurl = %q\nname = \"Extra\"\n", extra.srv.URL+"/")
	if err := os.WriteFile(cfgPath, []byte(live), 0o600); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 20*time.Second, "the added site to show OK in the menu, by its name", func() bool { return lineOf("Extra") == "Extra — OK" })
	click(t, menu, "Check all now")

	sites[0].status.Store(http.StatusBadGateway)
	click(t, menu, "Check all now") // checked again once its minimum interval has passed
	var down captured
	waitFor(t, 45*time.Second, "a notification that "+names[0]+" is down", func() bool {
		for _, n := range notes.all() {
			if strings.Contains(n.Summary, names[0]) && strings.Contains(n.Summary, "down") {
				down = n
				return true
			}
		}
		return false
	})
	t.Logf("down notification: %q / %q", down.Summary, down.Body)
	if down.App != "gatewatch" || !strings.Contains(down.Summary, "on its side") || !strings.Contains(down.Body, "nginx") {
		t.Errorf("down notification does not say whose side: %+v", down)
	}
	if !slices.Contains(down.Actions, "notify-back") || !slices.Contains(down.Actions, "diagnose") {
		t.Errorf("down notification has no Diagnose / Tell me when it's back buttons: %q", down.Actions)
	}
	// The "Diagnose" button opens the diagnosis window of that site.
	uiBefore, _ := os.ReadFile(uiCalls)
	if err := conn.Emit(notifyPath, "org.freedesktop.Notifications.ActionInvoked", down.ID, "diagnose"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "the Diagnose button to open the window", func() bool {
		b, _ := os.ReadFile(uiCalls)
		return strings.Count(string(b), "diagnose "+sites[0].srv.URL+"/") > strings.Count(string(uiBefore), "diagnose "+sites[0].srv.URL+"/")
	})
	if l := lineOf(names[0]); !strings.Contains(l, "their side: the site's server fails") {
		t.Errorf("menu line %q does not say their side: the site's server fails", l)
	}

	if c := iconColour(t, conn.Object(item, "/StatusNotifierItem")); c != "red" {
		t.Errorf("a site is down on its side, but the icon is %s", c)
	}

	sites[0].status.Store(http.StatusOK)
	click(t, menu, "Check all now")
	var back captured
	waitFor(t, 60*time.Second, "a notification that "+names[0]+" is back", func() bool {
		for _, n := range notes.all() {
			if strings.Contains(n.Summary, names[0]+" is back") {
				back = n
				return true
			}
		}
		return false
	})
	t.Logf("back notification: %q / %q", back.Summary, back.Body)
	waitFor(t, 5*time.Second, "the menu to show "+names[0]+" OK", func() bool { return lineOf(names[0]) == names[0]+" — OK" })
	for _, n := range notes.all() {
		for _, other := range names[1:] {
			if strings.Contains(n.Summary, other) {
				t.Errorf("notification about a healthy site: %+v", n)
			}
		}
		if strings.Contains(n.Summary, "Your ") {
			t.Errorf("network notification while the network works: %+v", n)
		}
	}

	// Snooze one site from the menu: its submenu and its line say until
	// when, the state file keeps it, and its outage pops up nothing.
	clickAfter(t, menu, "Snooze "+names[2], "for 1 hour")
	waitFor(t, 5*time.Second, "the snooze to show on the site's line", func() bool {
		return strings.HasPrefix(lineOf(names[2]), names[2]+" — OK (snoozed until ")
	})
	if !slices.ContainsFunc(labels(t, menu), func(l menuLabel) bool { return strings.HasPrefix(l.label, names[2]+" snoozed until ") }) {
		t.Errorf("no %q submenu in %v", names[2]+" snoozed until …", labels(t, menu))
	}
	if b, err := os.ReadFile(filepath.Join(dir, ".local", "state", "gatewatch", "snooze.json")); err != nil || !strings.Contains(string(b), sites[2].srv.URL) {
		t.Errorf("snooze not saved: %q, %v", b, err)
	}
	sites[2].status.Store(http.StatusBadGateway)
	click(t, menu, "Check all now")
	waitFor(t, 45*time.Second, "the snoozed site to show down in the menu", func() bool {
		return strings.Contains(lineOf(names[2]), "their side")
	})
	for _, n := range notes.all() {
		if strings.Contains(n.Summary, names[2]) {
			t.Errorf("notification about a snoozed site: %+v", n)
		}
	}

	click(t, menu, "Quit")
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("gatewatch exited with %v after Quit", err)
		}
		exited <- err // for the cleanup
	case <-time.After(10 * time.Second):
		t.Errorf("gatewatch still runs 10s after Quit; its goroutines follow")
		_ = cmd.Process.Signal(syscall.SIGQUIT)
		time.Sleep(time.Second)
	}
}

// iconColour names the main colour of the item's IconPixmap (ARGB bytes):
// green, red, amber or grey.
func iconColour(t *testing.T, item dbus.BusObject) string {
	t.Helper()
	v, err := item.GetProperty("org.kde.StatusNotifierItem.IconPixmap")
	if err != nil {
		t.Fatalf("IconPixmap: %v", err)
	}
	var pixmaps []struct {
		W, H int32
		Pix  []byte
	}
	if err := dbus.Store([]any{v.Value()}, &pixmaps); err != nil || len(pixmaps) == 0 {
		t.Fatalf("IconPixmap %v: %v", v, err)
	}
	counts := map[string]int{}
	pix := pixmaps[0].Pix
	for i := 0; i+3 < len(pix); i += 4 {
		a, r, g, b := int(pix[i]), int(pix[i+1]), int(pix[i+2]), int(pix[i+3])
		switch {
		case a < 250:
		case r > 180 && g < 80 && b < 80:
			counts["red"]++
		case g > 130 && r < 80:
			counts["green"]++
		case r > 200 && g > 130 && g < 190 && b < 60:
			counts["amber"]++
		case abs(r-g) < 16 && abs(g-b) < 16 && r > 90 && r < 160:
			counts["grey"]++
		}
	}
	best, n := "none", 0
	for c, k := range counts {
		if k > n {
			best, n = c, k
		}
	}
	t.Logf("tray icon: %s (%v)", best, counts)
	return best
}

func abs(x int) int { return max(x, -x) }

// closedUDPPort returns 127.0.0.1:PORT where nothing listens: the
// reference resolver that never answers.
func closedUDPPort(t *testing.T) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := pc.LocalAddr().String()
	pc.Close()
	return addr
}

type menuLabel struct {
	id    int32
	label string
}

// labels reads the whole menu with com.canonical.dbusmenu.GetLayout.
func labels(t *testing.T, menu dbus.BusObject) []menuLabel {
	t.Helper()
	var rev uint32
	var root struct {
		ID       int32
		Props    map[string]dbus.Variant
		Children []dbus.Variant
	}
	if err := menu.Call("com.canonical.dbusmenu.GetLayout", 0, int32(0), int32(-1), []string{}).Store(&rev, &root); err != nil {
		t.Fatalf("GetLayout: %v", err)
	}
	var out []menuLabel
	var walk func(children []dbus.Variant)
	walk = func(children []dbus.Variant) {
		for _, c := range children {
			fields, ok := c.Value().([]any)
			if !ok || len(fields) != 3 {
				continue
			}
			id, _ := fields[0].(int32)
			props, _ := fields[1].(map[string]dbus.Variant)
			if l, ok := props["label"]; ok {
				s, _ := l.Value().(string)
				out = append(out, menuLabel{id, s})
			}
			sub, _ := fields[2].([]dbus.Variant)
			walk(sub)
		}
	}
	walk(root.Children)
	return out
}

// click sends the dbusmenu "clicked" event to the item with this label.
func click(t *testing.T, menu dbus.BusObject, label string) {
	t.Helper()
	for _, l := range labels(t, menu) {
		if l.label == label {
			call := menu.Call("com.canonical.dbusmenu.Event", 0, l.id, "clicked", dbus.MakeVariant(int32(0)), uint32(0))
			if call.Err != nil {
				t.Fatalf("clicking %q: %v", label, call.Err)
			}
			return
		}
	}
	t.Fatalf("no menu item %q in %v", label, labels(t, menu))
}

// clickAfter clicks the first item labelled label that follows the item
// labelled after in the menu (a submenu's items follow their parent).
func clickAfter(t *testing.T, menu dbus.BusObject, after, label string) {
	t.Helper()
	all := labels(t, menu)
	i := slices.IndexFunc(all, func(l menuLabel) bool { return l.label == after })
	if i < 0 {
		t.Fatalf("no menu item %q in %v", after, all)
	}
	for _, l := range all[i+1:] {
		if l.label == label {
			if call := menu.Call("com.canonical.dbusmenu.Event", 0, l.id, "clicked", dbus.MakeVariant(int32(0)), uint32(0)); call.Err != nil {
				t.Fatalf("clicking %q: %v", label, call.Err)
			}
			return
		}
	}
	t.Fatalf("no menu item %q after %q in %v", label, after, all)
}

// waitFor polls cond every 100 ms until it holds or limit passes.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("timed out after %s waiting for %s", limit, what)
		case <-tick.C:
		}
	}
}
