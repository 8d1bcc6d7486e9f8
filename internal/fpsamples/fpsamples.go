// Package fpsamples reads checks/testdata/fingerprint/real: responses
// captured from real infrastructure (or quoted literally by their vendor's
// docs or source code), each naming its public source, who generated it
// and the verdict a careful diagnosis gives it. The fingerprint tests
// (checks) and the verdict tests (monitor/verdict) both read them.
//
// A file holds a few "key: value" lines, then "--- response" and the raw
// response (status line, headers, blank line, body):
//
//	source: <public URL, or the search-index file it was found in>
//	vendor: <who generated the page; empty: nothing to go on>
//	role: edge|origin|proxy|<empty>
//	page: challenge|refused|rate-limited   (optional)
//	via: A, B                               (optional: the whole path)
//	verdict: side/hop/rule                  (optional)
//	note: <why>                             (optional)
//	--- response
package fpsamples

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Sample is one file.
type Sample struct {
	Name, Source, Vendor, Role, Page string
	Via                              []string
	Verdict                          string // "side/hop/rule", or ""
	Status                           int
	Header                           http.Header
	Body                             []byte
}

// Parse reads one file's bytes.
func Parse(name string, raw []byte) (Sample, error) {
	s := Sample{Name: name}
	meta, resp, ok := bytes.Cut(raw, []byte("--- response\n"))
	if !ok {
		return s, fmt.Errorf("%s: no \"--- response\" line", name)
	}
	for _, line := range strings.Split(string(meta), "\n") {
		k, v, _ := strings.Cut(line, ":")
		v = strings.TrimSpace(v)
		switch k {
		case "source":
			s.Source = v
		case "vendor":
			s.Vendor = v
		case "role":
			s.Role = v
		case "page":
			s.Page = v
		case "via":
			s.Via = strings.Split(v, ", ")
		case "verdict":
			s.Verdict = v
		case "note", "":
		default:
			return s, fmt.Errorf("%s: unknown field %q", name, k)
		}
	}
	if s.Source == "" {
		return s, fmt.Errorf("%s: no source", name)
	}
	r, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(resp)), nil)
	if err != nil {
		return s, fmt.Errorf("%s: %w", name, err)
	}
	defer r.Body.Close()
	if s.Body, err = io.ReadAll(r.Body); err != nil {
		return s, fmt.Errorf("%s body: %w", name, err)
	}
	s.Status, s.Header = r.StatusCode, r.Header
	return s, nil
}

// Load reads every *.txt in dir for a test.
func Load(t testing.TB, dir string) []Sample {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no samples in %s", dir)
	}
	var out []Sample
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, err := Parse(strings.TrimSuffix(filepath.Base(f), ".txt"), raw)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}
