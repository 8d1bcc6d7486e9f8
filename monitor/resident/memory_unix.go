//go:build unix

package resident

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// onSignal calls f on each SIGUSR1 until ctx ends.
func onSignal(ctx context.Context, f func()) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR1)
	go func() {
		defer signal.Stop(c)
		for {
			select {
			case <-ctx.Done():
				return
			case <-c:
				f()
			}
		}
	}()
}
