package tray

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

// put queues m, or drops it when the queue is full; it reports whether m
// was queued.
func (q *queue) put(m Message) bool {
	select {
	case q.ch <- m:
		return true
	default:
		return false
	}
}

// close ends the queue after the messages already in it.
func (q *queue) close() {
	close(q.ch)
	<-q.done
}

// notifyRemember is how many sent notifications keep answering their
// buttons; older ones are forgotten.
const notifyRemember = 64
