package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestHandler(t *testing.T) {
	tests := []struct {
		name     string
		mode     string // "" = no mode file
		wantBody bool
		status   int    // 0: 200
		header   string // a header the page must carry, "Name: value"
	}{
		{"no mode file", "", true, 0, ""},
		{"healthy mode", "ok\n", true, 0, ""},
		{"slow mode", "slow\n", false, 0, ""},
		{"large mode", "large\n", false, 0, "Cache-Control: no-store"},
		{"proxy page mode", "proxy-page\n", false, http.StatusServiceUnavailable, "X-Squid-Error: ERR_CONNECT_FAIL 111"},
		{"cdn challenge mode", "cdn-challenge\n", false, http.StatusForbidden, "Cf-Mitigated: challenge"},
		{"cdn access denied mode", "cdn-access-denied\n", false, http.StatusForbidden, "Content-Type: text/html; charset=UTF-8"},
		{"rate limited mode", "rate-limited\n", false, http.StatusTooManyRequests, "Retry-After: 120"},
		{"cdn 530 mode", "cdn-530\n", false, 530, "Content-Type: text/plain; charset=UTF-8"},
		{"waf challenge mode", "waf-challenge\n", false, http.StatusAccepted, "X-Amzn-Waf-Action: challenge"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			modeFile := filepath.Join(t.TempDir(), "mode")
			if tt.mode != "" {
				if err := os.WriteFile(modeFile, []byte(tt.mode), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			h := handler{modeFile: modeFile, slow: time.Hour}
			// A slow answer must end when the client gives up, as nginx does.
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/", nil)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			got := rec.Body.String() == "hello from origin\n"
			if got != tt.wantBody {
				t.Fatalf("body %q, want hello: %v", rec.Body.String(), tt.wantBody)
			}
			if tt.mode == "large\n" && (rec.Body.Len() < 60<<10 || !strings.HasPrefix(rec.Body.String(), "hello from origin\n")) {
				t.Errorf("large page of %d bytes", rec.Body.Len())
			}
			if tt.status != 0 && rec.Code != tt.status {
				t.Errorf("status %d, want %d", rec.Code, tt.status)
			}
			if name, value, ok := strings.Cut(tt.header, ": "); ok && rec.Header().Get(name) != value {
				t.Errorf("header %s %q, want %q", name, rec.Header().Get(name), value)
			}
		})
	}
}
