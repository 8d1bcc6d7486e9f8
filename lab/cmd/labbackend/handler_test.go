package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestHandler(t *testing.T) {
	tests := []struct {
		name     string
		mode     string // "" = no mode file
		wantBody bool
	}{
		{"no mode file", "", true},
		{"healthy mode", "ok\n", true},
		{"slow mode", "slow\n", false},
		{"proxy page mode", "proxy-page\n", false},
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
		})
	}
}
