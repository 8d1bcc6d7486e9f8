package resident

import (
	"os"
	"runtime/debug"
	"sync"
	"time"
)

// TrayGCPercent is the tray's GOGC. Its live heap is under 2 MB, so the
// default (100, with Go's 4 MB floor on the goal) let it hold twice what
// it uses between collections; at 50 the goal is 2 MB. Measured with
// bench-idle (runtime's GC CPU estimate, ~200 s): 50 sites 21.0 -> 19.7 MB
// mean RSS for 0.008 -> 0.024-0.030 s of GC (+0.01 % of a core); 10 sites
// no change in RSS, 0.002 -> 0.005 s of GC. Not for `gatewatch monitor`,
// whose thousand-site lists would pay for it in CPU.
const TrayGCPercent = 50

// LeanTray sets the tray's GC (TrayGCPercent) unless GOGC says otherwise.
func LeanTray() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(TrayGCPercent)
	}
}

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
