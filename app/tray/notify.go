package tray

import (
	"context"
	"fmt"
	"log"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"
)

// The freedesktop notification service.
const (
	notifyDest   = "org.freedesktop.Notifications"
	notifyPath   = "/org/freedesktop/Notifications"
	notifyMethod = "org.freedesktop.Notifications.Notify"
	notifyApp    = "gatewatch"
	notifyQueue  = 16
	notifyWait   = 5 * time.Second
)

// Notifier shows desktop notifications over the session bus. Send never
// blocks the monitor: messages are queued and sent by one goroutine, and
// dropped (with a log line) if the notification service is stuck.
type Notifier struct {
	conn  *dbus.Conn
	queue chan Message
	done  chan struct{}
	once  sync.Once

	ids map[string]uint32 // last notification id per key, to replace it
}

// NewNotifier opens its own session-bus connection (systray owns the
// shared one and closes it on exit).
func NewNotifier() (*Notifier, error) {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return nil, fmt.Errorf("notifications: connecting to the session bus: %w", err)
	}
	n := &Notifier{conn: conn, queue: make(chan Message, notifyQueue), done: make(chan struct{}), ids: map[string]uint32{}}
	go n.loop()
	return n, nil
}

// Send queues a notification.
func (n *Notifier) Send(m Message) {
	select {
	case n.queue <- m:
	default:
		log.Printf("gatewatch: notification dropped (queue full): %s", m.Summary)
	}
}

// Close stops sending, after the queued notifications, and closes the
// connection.
func (n *Notifier) Close() error {
	n.once.Do(func() { close(n.queue) })
	<-n.done
	return n.conn.Close()
}

func (n *Notifier) loop() {
	defer close(n.done)
	for m := range n.queue {
		if err := n.send(m); err != nil {
			log.Printf("gatewatch: %v", err)
		}
	}
}

func (n *Notifier) send(m Message) error {
	ctx, cancel := context.WithTimeout(context.Background(), notifyWait)
	defer cancel()
	var id uint32
	err := n.conn.Object(notifyDest, notifyPath).CallWithContext(ctx, notifyMethod, 0,
		notifyApp, n.ids[m.Key], m.Icon, m.Summary, m.Body,
		[]string{}, map[string]dbus.Variant{}, int32(-1),
	).Store(&id)
	if err != nil {
		return fmt.Errorf("notification %q: %w", m.Summary, err)
	}
	if m.Key != "" {
		n.ids[m.Key] = id
	}
	return nil
}
