//go:build linux || freebsd || openbsd || netbsd

package tray

import (
	"context"
	"fmt"
	"log"
	"slices"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"
)

// The freedesktop notification service.
const (
	notifyDest      = "org.freedesktop.Notifications"
	notifyPath      = "/org/freedesktop/Notifications"
	notifyIface     = "org.freedesktop.Notifications"
	notifyMethod    = notifyIface + ".Notify"
	notifyCaps      = notifyIface + ".GetCapabilities"
	notifyApp       = "gatewatch"
	notifyWait      = 5 * time.Second
	desktopEntry    = "io.github.gatewatch"
	signalActionKey = notifyIface + ".ActionInvoked"
	signalClosed    = notifyIface + ".NotificationClosed"
)

// dbusNotifier shows desktop notifications over the session bus. Send never
// blocks the monitor: messages are queued and sent by one goroutine, and
// dropped (with a log line) if the notification service is stuck. Clicks
// on a notification's buttons come back as onAction calls.
type dbusNotifier struct {
	conn *dbus.Conn
	*queue
	onAction func(Message, string)
	caps     []string // the service's capabilities, asked once
	asked    bool
	signals  chan *dbus.Signal

	mu    sync.Mutex
	ids   map[string]uint32  // last notification id per key, to replace it
	sent  map[uint32]Message // what each live notification was about
	order []uint32           // sent ids, oldest first, to forget old ones
}

// NewNotifier opens its own session-bus connection (systray owns the
// shared one and closes it on exit). onAction may be nil.
func NewNotifier(onAction func(Message, string)) (Notifier, error) {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return nil, fmt.Errorf("notifications: connecting to the session bus: %w", err)
	}
	n := &dbusNotifier{
		conn: conn, onAction: onAction, ids: map[string]uint32{}, sent: map[uint32]Message{},
	}
	if onAction != nil {
		if err := conn.AddMatchSignal(dbus.WithMatchInterface(notifyIface), dbus.WithMatchObjectPath(notifyPath)); err != nil {
			log.Printf("gatewatch: notification buttons will not work: %v", err)
		} else {
			n.signals = make(chan *dbus.Signal, 16)
			conn.Signal(n.signals)
			go n.listen()
		}
	}
	n.queue = newQueue(n.show)
	return n, nil
}

// Send queues a notification.
// Close stops sending, after the queued notifications, and closes the
// connection.
func (n *dbusNotifier) Close() error {
	n.queue.stop()
	return n.conn.Close() // also closes n.signals, ending listen
}

// show sends one message, on the queue's goroutine.
func (n *dbusNotifier) show(m Message) {
	if !n.asked {
		// Asked once the first message is due, not at start: the
		// service may be started on demand, and an idle resident
		// should not wake it.
		n.caps, n.asked = n.capabilities(), true
	}
	if err := n.send(m, slices.Contains(n.caps, "actions")); err != nil {
		log.Printf("gatewatch: %v", err)
	}
}

func (n *dbusNotifier) capabilities() []string {
	ctx, cancel := context.WithTimeout(context.Background(), notifyWait)
	defer cancel()
	var caps []string
	if err := n.conn.Object(notifyDest, notifyPath).CallWithContext(ctx, notifyCaps, 0).Store(&caps); err != nil {
		log.Printf("gatewatch: notification capabilities: %v (sending without buttons)", err)
		return nil
	}
	return caps
}

func (n *dbusNotifier) send(m Message, withActions bool) error {
	ctx, cancel := context.WithTimeout(context.Background(), notifyWait)
	defer cancel()
	actions := []string{}
	if withActions && n.onAction != nil {
		for _, a := range m.Actions {
			actions = append(actions, a.Key, a.Label)
		}
	}
	hints := map[string]dbus.Variant{"desktop-entry": dbus.MakeVariant(desktopEntry)}
	n.mu.Lock()
	replaces := n.ids[m.Key]
	n.mu.Unlock()
	var id uint32
	err := n.conn.Object(notifyDest, notifyPath).CallWithContext(ctx, notifyMethod, 0,
		notifyApp, replaces, m.Icon, m.Summary, m.Body, actions, hints, int32(-1),
	).Store(&id)
	if err != nil {
		return fmt.Errorf("notification %q: %w", m.Summary, err)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if m.Key != "" {
		n.ids[m.Key] = id
	}
	if _, seen := n.sent[id]; !seen {
		n.order = append(n.order, id)
	}
	n.sent[id] = m
	for len(n.order) > notifyRemember {
		delete(n.sent, n.order[0])
		n.order = n.order[1:]
	}
	return nil
}

// listen turns ActionInvoked signals for our notifications into onAction
// calls. Other programs' notifications share the signal; their ids are not
// in n.sent.
func (n *dbusNotifier) listen() {
	for sig := range n.signals {
		switch sig.Name {
		case signalActionKey:
			if len(sig.Body) < 2 {
				continue
			}
			id, ok1 := sig.Body[0].(uint32)
			key, ok2 := sig.Body[1].(string)
			if !ok1 || !ok2 {
				continue
			}
			n.mu.Lock()
			m, ours := n.sent[id]
			n.mu.Unlock()
			if ours {
				go n.onAction(m, key)
			}
		case signalClosed:
			if len(sig.Body) < 1 {
				continue
			}
			if id, ok := sig.Body[0].(uint32); ok {
				n.forget(id)
			}
		}
	}
}

func (n *dbusNotifier) forget(id uint32) {
	n.mu.Lock()
	defer n.mu.Unlock()
	m, ok := n.sent[id]
	if !ok {
		return
	}
	delete(n.sent, id)
	n.order = slices.DeleteFunc(n.order, func(x uint32) bool { return x == id })
	if n.ids[m.Key] == id {
		delete(n.ids, m.Key)
	}
}
