package verdict

import (
	"encoding/json"
	"testing"
)

// Scripts written against earlier versions read "gateway" and "vendor";
// the clearer names stand beside them with the same values.
func TestVerdictJSONKeepsOldFieldNames(t *testing.T) {
	v := Verdict{ErrorPageBy: "Cloudflare", StatusPage: &PublishedStatus{Page: "https://status.example"}}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"gateway", "error_page_by"} {
		if m[k] != "Cloudflare" {
			t.Errorf("%s = %v, want Cloudflare (%s)", k, m[k], b)
		}
	}
	for _, k := range []string{"vendor", "status_page"} {
		sp, _ := m[k].(map[string]any)
		if sp["page"] != "https://status.example" {
			t.Errorf("%s = %v, want the status page (%s)", k, m[k], b)
		}
	}
}
