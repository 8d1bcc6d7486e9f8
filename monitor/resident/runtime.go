package resident

import (
	"os"
	"runtime"
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
