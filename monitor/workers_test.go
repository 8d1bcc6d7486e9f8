package monitor

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// Checks run one after another reuse one worker; checks run at once get
// one each; a cancelled context ends the idle ones.
func TestWorkersReuse(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := newWorkers()
	for i := range 5 {
		p.do(ctx, func() {})
		waitWorkers(t, p, 1, "after check %d in a row", i+1)
	}
	var wg sync.WaitGroup
	release := make(chan struct{})
	started := make(chan struct{}, 3)
	for range 3 {
		wg.Add(1)
		p.do(ctx, func() { defer wg.Done(); started <- struct{}{}; <-release })
	}
	for range 3 {
		<-started
	}
	close(release)
	wg.Wait()
	waitWorkers(t, p, 3, "after 3 checks at once")
	cancel()
	waitWorkers(t, p, 0, "after the context ended")
}

// waitWorkers waits until exactly n of p's workers wait for a job.
func waitWorkers(t *testing.T, p *workers, n int, format string, args ...any) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if p.idleCount() == n {
			return
		}
	}
	t.Fatalf("%d workers idle %s, want %d", p.idleCount(), fmt.Sprintf(format, args...), n)
}
