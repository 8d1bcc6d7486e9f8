package checks

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readApplianceSample parses testdata/fingerprint/appliance/<name>.http:
// one or more "source: URL (what it shows)" lines, then a raw HTTP
// response. A sample without a source fails: every block page here is
// modelled on a documented one.
func readApplianceSample(t *testing.T, name string) (int, http.Header, []byte) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "fingerprint", "appliance", name+".http"))
	if err != nil {
		t.Fatal(err)
	}
	sources := 0
	for bytes.HasPrefix(raw, []byte("source: ")) {
		nl := bytes.IndexByte(raw, '\n')
		if nl < 0 {
			t.Fatalf("sample %s: only source lines", name)
		}
		raw = raw[nl+1:]
		sources++
	}
	if sources == 0 {
		t.Fatalf("sample %s names no source", name)
	}
	resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(raw)), nil)
	if err != nil {
		t.Fatalf("sample %s: %v", name, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, body
}

func TestApplianceBlockPages(t *testing.T) {
	t.Parallel()
	cases := map[string]string{ // sample: vendor, "" for not a block page
		"fortiguard":            "FortiGuard",
		"zscaler":               "Zscaler",
		"paloalto":              "Palo Alto Networks",
		"sophos":                "Sophos",
		"umbrella":              "Cisco Umbrella",
		"pfblockerng":           "pfBlockerNG",
		"untangle":              "Untangle",
		"article-names-zscaler": "",
		"site-access-denied":    "",
	}
	for name, vendor := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			status, h, body := readApplianceSample(t, name)
			got := FingerprintResponse(status, h, body)
			if vendor == "" {
				if got.GeneratedBy == RoleFilter || got.Page == PageBlocked {
					t.Fatalf("not a block page, got %+v", got)
				}
				return
			}
			if got.GeneratedBy != RoleFilter || got.Page != PageBlocked || got.Vendor != vendor {
				t.Fatalf("got vendor %q role %q page %q, want %q filter blocked; signals %q", got.Vendor, got.GeneratedBy, got.Page, vendor, got.Signals)
			}
			if len(got.Signals) != 1 || !strings.Contains(got.Signals[0], vendor) {
				t.Errorf("signals %q do not name %s", got.Signals, vendor)
			}
		})
	}
	// Every appliance of the table has its sample.
	for _, a := range appliances {
		if _, ok := cases[a.id]; !ok {
			t.Errorf("appliance %s has no sample", a.id)
		}
	}
}

// A tell alone, or a block title alone, is not a block page; a phrase of
// the product's own page counts as the block title does.
func TestApplianceNeedsTellAndBlock(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, body string
		want       bool
	}{
		{"tell and title", "<title>Website blocked</title>zscaler", true},
		{"tell only", "<title>Zscaler pricing</title>zscaler", false},
		{"title only", "<title>Website blocked</title>our own page", false},
		{"tell and phrase", "<title>Notice</title>Powered by pfBlockerNG: blocked via DNSBL", true},
		{"phrase of another product", "<title>Notice</title>zscaler: blocked via dnsbl", false},
		{"unclosed title", "<title>Website blocked zscaler", false},
	} {
		_, got := applianceBlock(newFPInput(200, nil, []byte(c.body)))
		if got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
	if _, got := applianceBlock(newFPInput(0, nil, []byte("<title>blocked</title>zscaler"))); got {
		t.Error("no status, no page: must not match")
	}
}
