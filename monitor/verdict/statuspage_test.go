package verdict

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/checks"
	"github.com/gatewatch/gatewatch/monitor/config"
)

func TestStatusPageFor(t *testing.T) {
	tests := []struct {
		site, setting, want string
	}{
		{"https://chatgpt.com/", "", "https://status.openai.com"},
		{"https://api.openai.com/v1", "", "https://status.openai.com"},
		{"https://www.github.com/", "", "https://www.githubstatus.com"},
		{"https://example.gw.test/", "", ""},
		{"https://example.gw.test/", "https://status.gw.test", "https://status.gw.test"},
		{"https://www.shop.gw.test/", config.StatusPageGuess, "https://status.gw.test"},
		{"https://www.bbc.co.uk/news", config.StatusPageGuess, "https://status.bbc.co.uk"},
		{"https://shop.example.com.au/", config.StatusPageGuess, "https://status.example.com.au"},
		{"https://user.github.io/", config.StatusPageGuess, "https://status.user.github.io"},
		{"https://127.0.0.1:8080/", config.StatusPageGuess, ""},
		{"http://localhost/", config.StatusPageGuess, ""},
		{"https://chatgpt.com/", config.StatusPageNone, ""},
	}
	for _, tt := range tests {
		u, err := config.ParseTarget(tt.site)
		if err != nil {
			t.Fatal(err)
		}
		if got := statusPageFor(u, tt.setting); got != tt.want {
			t.Errorf("statusPageFor(%s, %q) = %q, want %q", tt.site, tt.setting, got, tt.want)
		}
	}
}

// The vendor's word goes into the verdict; the page is fetched once per
// TTL whatever the number of failing checks.
func TestAnnotate(t *testing.T) {
	var indicator atomic.Value
	indicator.Store("major")
	var fetches atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fetches.Add(1)
		if r.URL.Path != "/api/v2/summary.json" {
			http.NotFound(w, r)
			return
		}
		ind := indicator.Load().(string)
		inc := `[{"name":"Elevated errors on ChatGPT","status":"investigating","impact":"major"}]`
		if ind == "none" {
			inc = `[]`
		}
		w.Write([]byte(`{"page":{"name":"OpenAI"},"status":{"indicator":"` + ind + `","description":"x"},"incidents":` + inc + `}`))
	}))
	defer srv.Close()
	site, _ := config.ParseTarget("https://chatgpt.gw.test")
	cfg := config.Config{Sites: []config.Site{{URL: site.String(), StatusPage: srv.URL}}}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	sp := NewStatusPages(cfg)
	sp.now = func() time.Time { return now }

	tests := []struct {
		name      string
		indicator string
		after     time.Duration
		side      Side
		hop       Hop
		rule      string
		wantNote  string
		wantFetch int32
	}{
		{"confirmed", "major", 0, SideServer, HopCDN, "cdn-error", "OpenAI reports a major outage: Elevated errors on ChatGPT.", 1},
		{"cached", "none", time.Minute, SideServer, HopCDN, "cdn-error", "OpenAI reports a major outage", 1},
		{"hint after TTL", "none", statusTTL, SideUser, HopDNS, "dns-resolver-failing", "OpenAI reports no problem (x): the failure looks local to you.", 2},
		{"no path out: not fetched", "none", 2 * statusTTL, SideUser, HopISP, "isp-down", "", 2},
	}
	for _, tt := range tests {
		indicator.Store(tt.indicator)
		now = now.Add(tt.after)
		v := Verdict{Side: tt.side, Hop: tt.hop, Rule: tt.rule, Summary: "It failed."}
		sp.Annotate(context.Background(), site, &v)
		note := ""
		if v.StatusPage != nil {
			note = v.StatusPage.Note
		}
		if !strings.HasPrefix(note, tt.wantNote) || (tt.wantNote == "") != (note == "") || fetches.Load() != tt.wantFetch {
			t.Errorf("%s: note %q after %d fetches, want %q after %d", tt.name, note, fetches.Load(), tt.wantNote, tt.wantFetch)
		}
		if tt.wantNote != "" && !strings.Contains(v.Summary, tt.wantNote) {
			t.Errorf("%s: summary %q lacks the note", tt.name, v.Summary)
		}
		if !strings.HasPrefix(v.CrowdURL, "https://downdetector.com/search/?q=chatgpt.gw.test") {
			t.Errorf("%s: crowd link %q", tt.name, v.CrowdURL)
		}
	}
	ok := Verdict{Side: SideOK}
	sp.Annotate(context.Background(), site, &ok)
	if ok.StatusPage != nil || ok.CrowdURL != "" {
		t.Error("a working site was annotated")
	}
}

func TestAnnotateRateLimited(t *testing.T) {
	sp := NewStatusPages(config.Config{})
	var n int
	sp.fetch = func(context.Context, *url.URL) checks.StatusPageResult {
		n++
		return checks.StatusPageResult{Indicator: "none"}
	}
	for i := range 3 * statusBurst {
		u, _ := config.ParseTarget("https://x.gw.test")
		cfgSite := u.String()
		sp.override = map[string]string{cfgSite: "https://status" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ".gw.test"}
		v := Verdict{Side: SideServer, Hop: HopOrigin}
		sp.Annotate(context.Background(), u, &v)
	}
	if n != statusBurst {
		t.Errorf("%d fetches in a minute, want %d", n, statusBurst)
	}
}
