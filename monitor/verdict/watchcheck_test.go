package verdict

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gatewatch/gatewatch/checks"
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

// The routine check notices an answer that moved to an address serving
// another page than the last good one; another address with the same page
// (a CDN's other edge) or a new page at the same address is routine.
func TestWatchCheckNoticesAMovedPage(t *testing.T) {
	var hits atomic.Int32
	l, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no 127.0.0.2 here: %v", err)
	}
	var title atomic.Value
	title.Store("Blocked")
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		fmt.Fprintf(w, "<html><title>%s</title></html>", title.Load())
	}))
	srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	defer srv.Close()
	u, err := url.Parse(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	elsewhere := netip.MustParseAddr("127.0.0.1")
	here := netip.MustParseAddr("127.0.0.2")
	for _, tt := range []struct {
		name     string
		last     *checks.PageSig
		title    string
		wantHits int32
		warns    string
	}{
		{"first check", nil, "Blocked", 1, ""},
		{"moved to another page", &checks.PageSig{Addr: elsewhere, Status: 200, Title: "Shop"}, "Blocked", 2, `moved from 127.0.0.1 to 127.0.0.2, where the page differs from the last good one (title "Blocked" instead of "Shop")`},
		{"another edge, the same page", &checks.PageSig{Addr: elsewhere, Status: 200, Title: "Shop"}, "Shop", 1, ""},
		{"a new page at the same address", &checks.PageSig{Addr: here, Status: 200, Title: "Shop"}, "Blocked", 1, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			hits.Store(0)
			title.Store(tt.title)
			opt := Options{Net: &NetEvidence{}, SkipSystemProxy: true, Getenv: func(string) string { return "" }, LastGood: tt.last}
			v := WatchCheck(context.Background(), u, opt)
			warned := strings.Join(v.Warnings, "; ")
			if v.Side != SideOK || hits.Load() != tt.wantHits || (tt.warns == "") != (warned == "") || !strings.Contains(warned, tt.warns) {
				t.Errorf("side %s after %d requests, warnings %q; want ok after %d warning %q", v.Side, hits.Load(), warned, tt.wantHits, tt.warns)
			}
			if v.Page == nil || v.Page.Addr != here || v.Page.Title != tt.title {
				t.Errorf("page %+v, want %s titled %q", v.Page, here, tt.title)
			}
		})
	}
}
