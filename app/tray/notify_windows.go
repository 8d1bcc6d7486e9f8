package tray

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	toast "git.sr.ht/~jackmordaunt/go-toast/v2"

	"github.com/gatewatch/gatewatch/assets"
	"github.com/gatewatch/gatewatch/internal/atomicfile"
)

// toastNotifier shows Windows toasts through the WinRT API (go-toast):
// the text goes into the toast's XML escaped, never into a command. Button
// clicks come back through the activation callback as "key|id".
type toastNotifier struct {
	*queue
	onAction func(Message, string)

	mu   sync.Mutex
	next int
	sent map[int]Message
	ids  []int
}

// NewNotifier registers gatewatch as the toasts' sender.
func NewNotifier(onAction func(Message, string)) (Notifier, error) {
	data := toast.AppData{AppID: "gatewatch"}
	// Windows reads the sender's icon from a file.
	if dir, err := os.UserCacheDir(); err == nil {
		icon := filepath.Join(dir, "gatewatch", "icon.png")
		if err := atomicfile.WriteFile(icon, assets.AppIcon, 0o644); err == nil {
			data.IconPath = icon
		} else {
			log.Printf("gatewatch: notification icon: %v", err)
		}
	}
	if err := toast.SetAppData(data); err != nil {
		return nil, fmt.Errorf("notifications: registering with Windows: %w", err)
	}
	n := &toastNotifier{onAction: onAction, sent: map[int]Message{}}
	if onAction != nil {
		toast.SetActivationCallback(n.activated)
	}
	n.queue = newQueue(n.show)
	return n, nil
}

func (n *toastNotifier) Close() error {
	n.queue.stop()
	return nil
}

func (n *toastNotifier) show(m Message) {
	n.mu.Lock()
	n.next++
	id := n.next
	n.sent[id] = m
	n.ids = append(n.ids, id)
	for len(n.ids) > notifyRemember {
		delete(n.sent, n.ids[0])
		n.ids = n.ids[1:]
	}
	n.mu.Unlock()
	t := toast.Notification{AppID: "gatewatch", Title: m.Summary, Body: m.Body}
	for _, a := range m.Actions {
		arg := a.Key + "|" + strconv.Itoa(id)
		if a.Key == ActionDefault {
			t.ActivationArguments = arg
			continue
		}
		t.Actions = append(t.Actions, toast.Action{Type: toast.Foreground, Content: a.Label, Arguments: arg})
	}
	if err := t.Push(); err != nil {
		log.Printf("gatewatch: notification %q: %v", m.Summary, err)
	}
}

func (n *toastNotifier) activated(args string, _ []toast.UserData) {
	key, idText, ok := strings.Cut(args, "|")
	if !ok {
		return
	}
	id, err := strconv.Atoi(idText)
	if err != nil {
		return
	}
	n.mu.Lock()
	m, ours := n.sent[id]
	n.mu.Unlock()
	if ours {
		go n.onAction(m, key)
	}
}
