package realpages

import "testing"

func TestParse(t *testing.T) {
	pages, err := Parse([]byte(`{"id":"a","role":"edge","status":503,"headers":[["Server","cloudflare"],["Set-Cookie","x"]]}` + "\n\n" +
		`{"id":"b","role":"proxy","status":403,"expected_side":["user"]}` + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 || pages[0].ID != "a" || pages[1].ExpectedSide[0] != "user" {
		t.Fatalf("pages %+v", pages)
	}
	if h := pages[0].Header(); h.Get("Server") != "cloudflare" || h.Get("Set-Cookie") != "x" {
		t.Errorf("header %v", h)
	}
	if _, err := Parse([]byte("{not json\n")); err == nil {
		t.Error("a broken line parsed")
	}
}

// The corpus itself, where it is (CI: always).
func TestLoad(t *testing.T) {
	for _, p := range Load(t) {
		if p.ID == "" || p.Status == 0 || p.Source == "" {
			t.Errorf("corpus entry %+v lacks id, status or source", p)
		}
	}
}
