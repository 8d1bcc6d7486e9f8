package tray

import (
	"context"
	"fmt"
	"log"
	"os/exec"
	"time"
)

// osascriptNotifier posts to Notification Center through osascript. The
// script is fixed; the title and text travel as arguments (argv of the
// script's run handler), so nothing a site sent is ever parsed as
// AppleScript, and no shell is involved. Notification Center shows no
// buttons for scripts: the menu's site lines are the way to a diagnosis.
type osascriptNotifier struct {
	*queue
}

// notifyScript shows argv's first item as the title, the second as the
// subtitle and the third as the text.
var notifyScript = []string{
	"-e", "on run argv",
	"-e", "display notification (item 3 of argv) with title (item 1 of argv) subtitle (item 2 of argv)",
	"-e", "end run",
}

// NewNotifier needs nothing at start on macOS.
func NewNotifier(func(Message, string)) (Notifier, error) {
	n := &osascriptNotifier{}
	n.queue = newQueue(n.show)
	return n, nil
}

func (n *osascriptNotifier) Close() error {
	n.queue.stop()
	return nil
}

func (n *osascriptNotifier) show(m Message) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	args := append(append([]string{}, notifyScript...), "gatewatch", m.Summary, m.Body)
	if out, err := exec.CommandContext(ctx, "/usr/bin/osascript", args...).CombinedOutput(); err != nil {
		log.Printf("gatewatch: %v", fmt.Errorf("notification %q: osascript: %w: %s", m.Summary, err, out))
	}
}
