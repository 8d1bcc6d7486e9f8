// Package realpages reads ../shared/realpages/corpus.jsonl, real error
// responses that real infrastructure sends, each with the verdict a careful
// diagnosis gives it (issue 13). The corpus is other projects' material:
// it stays beside the checkout and is read from there, never copied into
// the repository. Tests of checks (who generated a page) and of the
// verdict engine (whose side) read it through Load.
package realpages

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

// Page is one line of the corpus.
type Page struct {
	ID                 string      `json:"id"`
	Role               string      `json:"role"` // edge, origin or proxy: who generated it
	Status             int         `json:"status"`
	Headers            [][2]string `json:"headers"`
	Body               string      `json:"body"`
	ExpectedSide       []string    `json:"expected_side"`
	ExpectedHop        []string    `json:"expected_hop"`
	ExpectedGatewayAny []string    `json:"expected_gateway_any"`
	Reason             string      `json:"reason"`
	Source             string      `json:"source"`
}

// Header is the page's headers, in order.
func (p Page) Header() http.Header {
	h := http.Header{}
	for _, kv := range p.Headers {
		h.Add(kv[0], kv[1])
	}
	return h
}

// Path finds the corpus beside the checkout: ../shared/realpages from the
// module root, found by walking up from the working directory (a
// package's own directory under go test) to go.mod.
func Path() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("finding the module root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "realpages", "corpus.jsonl"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Parse reads corpus lines; blank lines are skipped.
func Parse(raw []byte) ([]Page, error) {
	var pages []Page
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var p Page
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			return nil, fmt.Errorf("corpus line %d: %w", line, err)
		}
		pages = append(pages, p)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading the corpus: %w", err)
	}
	return pages, nil
}

// Load reads the corpus for a test: without it the test fails under CI
// (CI has ../shared beside its checkout) and is skipped elsewhere.
func Load(t testing.TB) []Page {
	t.Helper()
	path, err := Path()
	var raw []byte
	if err == nil {
		raw, err = os.ReadFile(path)
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("real-pages corpus missing under CI: %v", err)
		}
		t.Skipf("real-pages corpus not beside the checkout: %v", err)
	}
	pages, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) == 0 {
		t.Fatal("real-pages corpus is empty")
	}
	return pages
}
