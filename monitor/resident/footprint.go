package resident

import (
	"runtime/debug"
	"sync"
	"time"
)

// TrimGap is the least time between two trims: the tray's rounds come
// every few seconds once its sites' jitter has spread them, and a forced
// collection each time would cost more CPU than the pages it returns are
// worth. Once a minute it costs ~0.6 ms of CPU more than the GC the round
// would have paid anyway (measured with 1.5 MB live and 1 MB of garbage a
// round), i.e. ~0.001 % of a core.
const TrimGap = time.Minute

// Trimmer hands the heap's free pages back to the OS after a round of
// checks. Go's background scavenger keeps about the GC goal (4 MB at
// least) mapped between collections; for a process that spends its life
// asleep between rounds, that is memory held for nothing. Call AfterRound
// at the end of every round; it trims at most once per TrimGap.
type Trimmer struct {
	mu   sync.Mutex
	last time.Time
	now  func() time.Time
	free func()
}

// NewTrimmer trims with debug.FreeOSMemory.
func NewTrimmer() *Trimmer {
	return &Trimmer{now: time.Now, free: debug.FreeOSMemory}
}

// AfterRound trims when the last trim is TrimGap old or more.
func (t *Trimmer) AfterRound() {
	t.mu.Lock()
	now := t.now()
	due := t.last.IsZero() || now.Sub(t.last) >= TrimGap
	if due {
		t.last = now
	}
	t.mu.Unlock()
	if due {
		t.free()
	}
}
