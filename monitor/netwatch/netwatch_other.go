//go:build !linux

package netwatch

import (
	"context"
	"time"
)

// watchNetwork asks for a look every 30 seconds; WatchNetwork compares
// snapshots. The native change notifications (SCDynamicStore on macOS,
// NotifyIpInterfaceChange on Windows) are future work; 30 s keeps the
// idle cost negligible.
func watchNetwork(ctx context.Context, changed func()) error {
	t := time.NewTicker(30 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			changed()
		}
	}
}
