package tray

import (
	"log"
	"sync"
)

// Notifier shows desktop notifications: over D-Bus on Linux and the BSDs,
// Notification Center on macOS, toasts on Windows. Send never blocks the
// monitor; buttons the user clicks come back through the onAction given to
// NewNotifier.
type Notifier interface {
	Send(Message)
	// Close stops sending, after the queued notifications.
	Close() error
}

// queueLen is how many notifications may wait to be shown: a burst beyond
// it is dropped with a log line rather than blocking the monitor.
const queueLen = 16

// queue runs send for each message, one at a time, off the caller's
// goroutine; it is the part every platform's notifier shares.
type queue struct {
	ch   chan Message
	done chan struct{}
	once sync.Once
}

func newQueue(send func(Message)) *queue {
	q := &queue{ch: make(chan Message, queueLen), done: make(chan struct{})}
	go func() {
		defer close(q.done)
		for m := range q.ch {
			send(m)
		}
	}()
	return q
}

// Send queues m, or drops it with a log line when the queue is full.
func (q *queue) Send(m Message) {
	select {
	case q.ch <- m:
	default:
		log.Printf("gatewatch: notification dropped (queue full): %s", m.Summary)
	}
}

// stop ends the queue after the messages already in it; later calls wait
// for nothing.
func (q *queue) stop() {
	q.once.Do(func() {
		close(q.ch)
		<-q.done
	})
}

// notifyRemember is how many sent notifications keep answering their
// buttons; older ones are forgotten.
const notifyRemember = 64
