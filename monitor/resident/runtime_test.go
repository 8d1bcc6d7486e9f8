package resident

import (
	"runtime/debug"
	"testing"
)

func TestSmallHeap(t *testing.T) {
	prev := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(prev)
	t.Setenv("GOMEMLIMIT", "")
	SmallHeap(10)
	if got, want := debug.SetMemoryLimit(-1), int64(10<<20+10*128<<10); got != want {
		t.Errorf("limit for 10 sites = %d, want %d", got, want)
	}
	if smallHeapLimit(1000) <= smallHeapLimit(10) {
		t.Error("the limit does not grow with the list")
	}
	debug.SetMemoryLimit(prev)
	t.Setenv("GOMEMLIMIT", "1GiB")
	SmallHeap(10)
	if got := debug.SetMemoryLimit(-1); got != prev {
		t.Errorf("GOMEMLIMIT set, yet the limit changed to %d", got)
	}
}
