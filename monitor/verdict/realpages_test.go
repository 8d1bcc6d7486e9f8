package verdict

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gatewatch/gatewatch/checks"
)

// realPage is one line of ../shared/realpages/corpus.jsonl (issue 13): a
// real response and the verdict a careful diagnosis gives it. The corpus
// is other projects' material: read from beside the checkout, never
// copied into the repository.
type realPage struct {
	ID           string      `json:"id"`
	Role         checks.Role `json:"role"`
	Status       int         `json:"status"`
	Headers      [][2]string `json:"headers"`
	Body         string      `json:"body"`
	ExpectedSide []Side      `json:"expected_side"`
	ExpectedHop  []Hop       `json:"expected_hop"`
	Reason       string      `json:"reason"`
}

// realPagesPath is the corpus from this package's directory, two levels
// below the repository root (CI has ../shared beside the checkout).
var realPagesPath = filepath.Join("..", "..", "..", "shared", "realpages", "corpus.jsonl")

// loadRealPages reads the corpus; without it the test fails under CI and
// is skipped elsewhere.
func loadRealPages(t *testing.T) []realPage {
	t.Helper()
	raw, err := os.ReadFile(realPagesPath)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("real-pages corpus missing under CI: %v", err)
		}
		t.Skipf("real-pages corpus not beside the checkout: %v", err)
	}
	var pages []realPage
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var p realPage
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatalf("corpus line %d: %v", len(pages)+1, err)
		}
		pages = append(pages, p)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(pages) == 0 {
		t.Fatal("real-pages corpus is empty")
	}
	return pages
}

// realPageEvidence is what Diagnose gathers when the site answers with p
// on the healthy lab network: a forward proxy's page came through the
// proxy configured on this computer, an edge's or origin's directly.
func realPageEvidence(p realPage) *Evidence {
	e := healthy()
	h := http.Header{}
	for _, kv := range p.Headers {
		h.Add(kv[0], kv[1])
	}
	if p.Role == checks.RoleProxy {
		withProxy(e, true)
	}
	e.HTTP = response(p.Status, h, p.Body)
	e.FP = checks.FingerprintResponse(p.Status, h, []byte(p.Body))
	return e
}

// Every real response gets the side (and, where the corpus names one, the
// hop) a careful diagnosis gives it: a bot check is never an outage, a
// proxy's refusal never "ok".
func TestDecideRealPages(t *testing.T) {
	for _, p := range loadRealPages(t) {
		t.Run(p.ID, func(t *testing.T) {
			v := Decide(realPageEvidence(p))
			if !slices.Contains(p.ExpectedSide, v.Side) || (len(p.ExpectedHop) > 0 && !slices.Contains(p.ExpectedHop, v.Hop)) {
				t.Errorf("got %s/%s (%s): %s\nwant side %q hop %q: %s", v.Side, v.Hop, v.Rule, v.Summary, p.ExpectedSide, p.ExpectedHop, p.Reason)
			}
			t.Logf("%s/%s (%s): %s", v.Side, v.Hop, v.Rule, v.Summary)
		})
	}
}
