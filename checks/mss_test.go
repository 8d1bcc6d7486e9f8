package checks

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestStalled(t *testing.T) {
	cases := []struct {
		err   ErrKind
		stage Stage
		want  bool
	}{
		{ErrTimeout, StageTLS, true},
		{ErrTimeout, StageWaiting, true},
		{ErrReset, StageTLS, true},
		{ErrReset, StageWaiting, true},
		{ErrTimeout, StageConnect, false}, // nothing answered the SYN: no MTU issue
		{ErrTimeout, "", false},
		{ErrRefused, StageConnect, false},
		{ErrTLS, StageTLS, false},
		{ErrNone, "", false},
	}
	for _, c := range cases {
		if got := (HTTPResult{Err: c.err, Stage: c.stage}).Stalled(); got != c.want {
			t.Errorf("%s at %q: Stalled %v, want %v", c.err, c.stage, got, c.want)
		}
	}
}

func TestMSSRetry(t *testing.T) {
	t.Parallel()
	if !mssSupported {
		res := MSSRetry(context.Background(), mustURL(t, "http://127.0.0.1:1/"), HTTPOptions{}, MSSSizes)
		if res.Supported || len(res.Tried) != 0 || !strings.Contains(res.Detail, "unknown") {
			t.Fatalf("unsupported system: %+v", res)
		}
		return
	}
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(200) }))
	t.Cleanup(ok.Close)
	silent := rawLoopbackServer(t, func(c net.Conn) { time.Sleep(2 * time.Second) })
	cases := []struct {
		name    string
		url     string
		working int
		detail  string
	}{
		{"answers", ok.URL + "/", 1200, "at most 1200 bytes: answered 200"},
		{"silent", "http://" + silent + "/", 0, "at most 1200 or 536 bytes: no answer either"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			res := MSSRetry(context.Background(), mustURL(t, c.url), HTTPOptions{Timeout: 300 * time.Millisecond}, []int{536, 1200})
			if !res.Supported || res.Working != c.working || !strings.Contains(res.Detail, c.detail) {
				t.Fatalf("got %+v, want working %d saying %q", res, c.working, c.detail)
			}
			if len(res.Tried) != 2 || res.Tried[0].MSS != 1200 || res.Tried[1].MSS != 536 {
				t.Errorf("tried %+v, want 1200 then 536", res.Tried)
			}
		})
	}
}

func TestSizesWords(t *testing.T) {
	for in, want := range map[string]string{"1200": "1200", "1200,536": "1200 or 536", "1400,1200,536": "1400, 1200 or 536"} {
		var sizes []int
		for _, f := range strings.Split(in, ",") {
			var n int
			for _, r := range f {
				n = n*10 + int(r-'0')
			}
			sizes = append(sizes, n)
		}
		if got := sizesWords(sizes); got != want {
			t.Errorf("%v: %q, want %q", sizes, got, want)
		}
	}
}
