package verdict

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"
)

// A working site costs one request; a failing one gets the full diagnosis
// (the same verdict Diagnose gives).
func TestWatchCheckEscalatesOnlyOnFailure(t *testing.T) {
	var status atomic.Int32
	status.Store(200)
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.WriteHeader(int(status.Load()))
	}))
	defer srv.Close()
	u, err := url.Parse(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Net: &NetEvidence{}, SkipSystemProxy: true, Getenv: func(string) string { return "" }}
	tests := []struct {
		status   int32
		wantSide Side
		wantHits int32
	}{
		{200, SideOK, 1},
		{503, SideServer, 2}, // the quick look, then Diagnose's own request
	}
	for _, tt := range tests {
		status.Store(tt.status)
		hits.Store(0)
		v := WatchCheck(context.Background(), u, opt)
		if v.Side != tt.wantSide || hits.Load() != tt.wantHits {
			t.Errorf("status %d: side %s after %d requests, want %s after %d (%s)", tt.status, v.Side, hits.Load(), tt.wantSide, tt.wantHits, v.Summary)
		}
		if tt.status == 200 && (v.Phases == nil || v.Rule != "site-ok") {
			t.Errorf("ok verdict lacks phases or rule: %+v", v)
		}
	}
}
