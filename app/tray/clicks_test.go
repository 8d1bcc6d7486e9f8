package tray

import (
	"context"
	"testing"
	"time"

	"fyne.io/systray"
)

// One goroutine serves every item: a click runs that item's action and no
// other, a removed item (closed channel) is dropped without running
// anything, and the end of the menu's context stops it.
func TestServeClicks(t *testing.T) {
	items := []*systray.MenuItem{{ClickedCh: make(chan struct{})}, {ClickedCh: make(chan struct{})}, {ClickedCh: make(chan struct{})}}
	ran := make(chan int, 1<<10)
	var actions []menuAction
	for i, it := range items {
		actions = append(actions, menuAction{it, func() {
			select {
			case ran <- i:
			default: // a spinning server fills it: the checks below say so
			}
		}})
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { serveClicks(ctx, actions); close(done) }()

	close(items[0].ClickedCh) // removed: must not count as a click
	items[2].ClickedCh <- struct{}{}
	if got := <-ran; got != 2 {
		t.Fatalf("clicking item 2 ran action %d", got)
	}
	items[1].ClickedCh <- struct{}{}
	if got := <-ran; got != 1 {
		t.Fatalf("clicking item 1 ran action %d", got)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("serveClicks did not stop with its context")
	}
	if len(ran) != 0 {
		t.Errorf("%d more actions ran (the closed item's?)", len(ran))
	}
}
