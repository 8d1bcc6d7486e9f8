package history

import (
	"context"
	"testing"
	"time"
)

// The counters come from the store's own connection: after writes and a
// query its page cache and schema hold something, and the parts add up.
func TestMemoryReadsTheConnection(t *testing.T) {
	s := openTest(t, Options{})
	for i := range 50 {
		s.Record(rec("https://a.test/", t0.Add(-time.Duration(i)*time.Minute), "ok", ""))
	}
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	m, err := s.Memory(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if m.Cache <= 0 || m.Schema <= 0 {
		t.Errorf("memory = %+v, want a page cache and a schema", m)
	}
	if got := m.Total(); got != m.Cache+m.Schema+m.Stmts+m.Lookaside {
		t.Errorf("Total = %d, want the sum of %+v", got, m)
	}
}
