package resident

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewatch/gatewatch/monitor/history"
)

// The report adds the runtime's classes up consistently and reads the
// history's connection when there is one.
func TestReadMemory(t *testing.T) {
	s, err := history.Open(filepath.Join(t.TempDir(), "h.db"), history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	m := ReadMemory(context.Background(), s)
	if m.HeapObjects == 0 || m.Stacks == 0 || m.Metadata == 0 || m.Goroutines == 0 {
		t.Errorf("empty runtime figures: %+v", m)
	}
	if m.GoMapped < m.HeapObjects+m.Stacks {
		t.Errorf("mapped %d < heap objects %d + stacks %d", m.GoMapped, m.HeapObjects, m.Stacks)
	}
	if m.SQLite.Schema == 0 {
		t.Errorf("no SQLite schema memory: %+v", m.SQLite)
	}
	line := m.String()
	for _, f := range []string{"go-mapped=", "heap-objects=", "stacks=", "metadata=", "sqlite=", "gc-cycles="} {
		if !strings.Contains(line, f) {
			t.Errorf("%q lacks %s", line, f)
		}
	}
	if n := ReadMemory(context.Background(), nil); n.SQLite.Total() != 0 {
		t.Errorf("no store, yet SQLite = %+v", n.SQLite)
	}
}
