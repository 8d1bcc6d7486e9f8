package resident

import (
	"os"
	"runtime"
	"runtime/debug"
)

// LeanRuntime runs the watch loop on one processor unless GOMAXPROCS says
// otherwise. The loop is I/O-bound: with more processors, the scheduler's
// idle threads spin and wake each other on every socket event, which
// measured (make bench-scale, 1,000 sites) as ~40% of the monitor's CPU
// for no gain in throughput.
func LeanRuntime() {
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(1)
	}
}

// SmallHeap sets a soft limit on the Go runtime's memory for a resident
// watching sites sites, unless GOMEMLIMIT says otherwise: without one the
// heap of an idle tray grows to twice what is live before the collector
// runs (bench-idle: ~1.5 MB more RSS at 10 sites, no measurable CPU). The
// limit leaves room per site, so a longer list (or one grown by a config
// reload) does not make the collector run constantly; and it is soft: the
// runtime exceeds it rather than fail.
func SmallHeap(sites int) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(smallHeapLimit(sites))
}

func smallHeapLimit(sites int) int64 {
	return 10<<20 + int64(max(sites, 0))*(128<<10)
}
