package netwatch

import (
	"sync/atomic"
	"testing"
	"time"
)

func TestDebouncerFoldsBursts(t *testing.T) {
	var calls atomic.Int32
	fired := make(chan struct{}, 10)
	d := newDebouncer(50*time.Millisecond, func() { calls.Add(1); fired <- struct{}{} })
	for i := 0; i < 20; i++ {
		d.poke()
	}
	select {
	case <-fired:
	case <-time.After(5 * time.Second):
		t.Fatal("debounced call never came")
	}
	select {
	case <-fired:
		t.Fatal("a burst made more than one call")
	case <-time.After(200 * time.Millisecond):
	}
	if calls.Load() != 1 {
		t.Fatalf("%d calls", calls.Load())
	}
	d.stop()
}
