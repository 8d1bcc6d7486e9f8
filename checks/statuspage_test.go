package checks

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

const summaryMajor = `{"page":{"id":"x","name":"OpenAI","url":"https://status.openai.com"},
"status":{"indicator":"major","description":"Partial System Outage"},
"components":[{"name":"ChatGPT","status":"major_outage"},{"name":"API","status":"operational"},{"name":"Group","status":"major_outage","group":true}],
"incidents":[{"name":"Elevated errors on ChatGPT","status":"investigating","impact":"major"},{"name":"Old one","status":"resolved","impact":"minor"}]}`

// A Statuspage-shaped server on loopback, with the ways such a page can
// go wrong.
func TestStatusPage(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/ok/api/v2/summary.json", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte(summaryMajor)) })
	mux.HandleFunc("/old/api/v2/status.json", func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte(`{"page":{"name":"Old"},"status":{"indicator":"none","description":"All Systems Operational"}}`))
	})
	mux.HandleFunc("/junk/api/v2/summary.json", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte(`<html>not json`)) })
	mux.HandleFunc("/weird/api/v2/summary.json", func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte(`{"status":{"indicator":"apocalypse","description":"?"}}`))
	})
	mux.HandleFunc("/huge/api/v2/summary.json", func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte(`{"page":{"name":"` + strings.Repeat("A", 2<<20) + `"},"status":{"indicator":"none"}}`))
	})
	mux.HandleFunc("/broken/api/v2/summary.json", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(502) })
	mux.HandleFunc("/ctrl/api/v2/summary.json", func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte(`{"page":{"name":"Evil\u001b[31m\nCorp"},"status":{"indicator":"MINOR","description":"` + strings.Repeat("x", 500) + `"}}`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	tests := []struct {
		path          string
		wantIndicator string
		wantErr       string
		check         func(t *testing.T, r StatusPageResult)
	}{
		{"/ok", "major", "", func(t *testing.T, r StatusPageResult) {
			if r.Name != "OpenAI" || len(r.Incidents) != 1 || r.Incidents[0].Name != "Elevated errors on ChatGPT" || len(r.Components) != 2 {
				t.Errorf("parsed %+v", r)
			}
		}},
		{"/old/", "none", "", func(t *testing.T, r StatusPageResult) {
			if r.Description != "All Systems Operational" || !strings.HasSuffix(r.URL, "/old/api/v2/status.json") {
				t.Errorf("parsed %+v", r)
			}
		}},
		{"/junk", "", "not a status page answer", nil},
		{"/weird", "", "unknown status indicator", nil},
		{"/huge", "", "larger than", nil},
		{"/broken", "", "502", nil},
		{"/missing", "", "404", nil},
		{"/ctrl", "minor", "", func(t *testing.T, r StatusPageResult) {
			if r.Name != "Evil [31m Corp" || len([]rune(r.Description)) != maxStatusText+1 {
				t.Errorf("text not cleaned: name %q, description %d runes", r.Name, len([]rune(r.Description)))
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			base, err := url.Parse(srv.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			r := StatusPage(context.Background(), base, StatusPageOptions{})
			if r.Indicator != tt.wantIndicator || (tt.wantErr == "") != r.OK() || !strings.Contains(r.Error, tt.wantErr) {
				t.Fatalf("indicator %q, error %q; want %q, %q", r.Indicator, r.Error, tt.wantIndicator, tt.wantErr)
			}
			if tt.check != nil {
				tt.check(t, r)
			}
		})
	}
}

func FuzzParseStatusPage(f *testing.F) {
	f.Add([]byte(summaryMajor))
	f.Add([]byte(`{"status":{"indicator":"none"}}`))
	f.Add([]byte(`{"status":null,"components":[{}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var r StatusPageResult
		if err := ParseStatusPage(data, &r); err != nil {
			return
		}
		if !knownIndicators[r.Indicator] || len(r.Components) > maxStatusComponents || len(r.Incidents) > maxStatusIncidents {
			t.Fatalf("accepted %+v", r)
		}
		for _, s := range []string{r.Name, r.Description} {
			if strings.ContainsAny(s, "\n\r\x1b") || len([]rune(s)) > maxStatusText+1 {
				t.Fatalf("unclean text %q", s)
			}
		}
	})
}
