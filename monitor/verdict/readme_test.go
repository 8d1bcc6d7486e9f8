package verdict

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite README.md's verdict table from the rule table")

const (
	readmePath  = "../../README.md"
	tableHeader = "| # | rule | side | hop | what it means | suggested fixes |"
)

// readmeRows are the verdict table's rows as README.md should show them:
// the rule table in order, then undecided.
func readmeRows() []string {
	row := func(i int, name string, side Side, hop Hop, means string, fixes []string) string {
		titles := make([]string, 0, len(fixes))
		for _, f := range Fixes(fixes...) {
			titles = append(titles, f.Title)
		}
		return fmt.Sprintf("| %d | `%s` | %s | %s | %s | %s |", i, name, side, hop, means, strings.Join(titles, "; "))
	}
	var rows []string
	for i, r := range Rules {
		rows = append(rows, row(i+1, r.Name, r.Side, r.Hop, r.Means, r.Fixes))
	}
	return append(rows, row(len(Rules)+1, Undecided, SideUnknown, HopNone, undecidedMeans, undecidedFixes))
}

// tableRows finds the verdict table in README.md: the rows after the
// header and its separator, up to the first line that is not a row.
func tableRows(lines []string) (start, end int, err error) {
	for i, l := range lines {
		if l != tableHeader {
			continue
		}
		start = i + 2
		end = start
		for end < len(lines) && strings.HasPrefix(lines[end], "|") {
			end++
		}
		return start, end, nil
	}
	return 0, 0, fmt.Errorf("no verdict table (header %q)", tableHeader)
}

func cells(row string) []string {
	parts := strings.Split(strings.Trim(row, "|"), " | ")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// README.md's verdict table is the rule table: order, name, side, hop,
// meaning and fixes, row by row. -update rewrites it.
func TestReadmeVerdictTable(t *testing.T) {
	data, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatalf("README.md must document the verdicts: %v", err)
	}
	lines := strings.Split(string(data), "\n")
	start, end, err := tableRows(lines)
	if err != nil {
		t.Fatal(err)
	}
	want := readmeRows()
	if *update {
		out := append(append(append([]string{}, lines[:start]...), want...), lines[end:]...)
		if err := os.WriteFile(readmePath, []byte(strings.Join(out, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got := lines[start:end]
	columns := []string{"#", "rule", "side", "hop", "what it means", "suggested fixes"}
	for i := 0; i < len(got) || i < len(want); i++ {
		switch {
		case i >= len(got):
			t.Errorf("README row %d missing: want %s", i+1, want[i])
		case i >= len(want):
			t.Errorf("README row %d is not in the rule table: %s", i+1, got[i])
		default:
			g, w := cells(got[i]), cells(want[i])
			if len(g) != len(w) {
				t.Errorf("README row %d has %d cells, want %d: %s", i+1, len(g), len(w), got[i])
				continue
			}
			for c := range w {
				if g[c] != w[c] {
					t.Errorf("README row %d, %s: %q, the table says %q", i+1, columns[c], g[c], w[c])
				}
			}
		}
	}
	if t.Failed() {
		t.Log("regenerate with: go test ./monitor/verdict/ -run TestReadmeVerdictTable -update")
	}
}
