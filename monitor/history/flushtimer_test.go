package history

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// A record is written within FlushEvery of being queued, batch after
// batch, although the timer only runs while records wait.
func TestRecordsFlushedWithinFlushEvery(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "h.db"), Options{FlushEvery: 20 * time.Millisecond, FlushAt: 1000})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i, site := range []string{"https://a.test/", "https://b.test/"} {
		s.Record(rec(site, time.Now(), "ok", "none"))
		deadline := time.Now().Add(5 * time.Second)
		for {
			sites, err := s.Sites(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(sites) == i+1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("batch %d not written after 5 s (sites %v)", i+1, sites)
			}
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(50 * time.Millisecond) // the timer has fired and stopped: the next record must start it again
	}
}
