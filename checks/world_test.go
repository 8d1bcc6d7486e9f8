package checks

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/lab/cmd/labglobalping/gpstub"
)

// stubWorld runs a second opinion of target against the stand-in API on
// loopback, under the loopback-only test guard (the client's own guarded
// transport: nothing else could be reached).
func stubWorld(t *testing.T, s *gpstub.Server, target string, opt WorldOptions) (WorldResult, time.Duration) {
	t.Helper()
	t.Setenv(LabOnlyEnv, "1")
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	opt.Client = &GlobalpingClient{API: srv.URL, MinPoll: 10 * time.Millisecond}
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	w := World(context.Background(), u, opt)
	return w, time.Since(start)
}

func okCount(w WorldResult) (ok, failed int) {
	for _, p := range w.Probes {
		if p.OK {
			ok++
		} else {
			failed++
		}
	}
	return ok, failed
}

func TestWorldScenarios(t *testing.T) {
	cases := []struct {
		scenario     string
		ok, failed   int
		errHas       string // "" = no error
		rateLimited  bool
		failedInUser bool
	}{
		{scenario: gpstub.WorksElsewhere, ok: 7},
		{scenario: gpstub.FailsEverywhere, failed: 7, failedInUser: true},
		{scenario: gpstub.Down5xx, failed: 7, failedInUser: true},
		{scenario: gpstub.FailsInUserASN, ok: 6, failed: 1, failedInUser: true},
		{scenario: gpstub.Regional, ok: 5, failed: 2},
		{scenario: gpstub.RateLimited, errHas: "rate limit reached (API rate limit exceeded.); resets in 30 min", rateLimited: true},
		{scenario: gpstub.ServiceDown, errHas: "globalping unavailable"},
	}
	for _, c := range cases {
		t.Run(c.scenario, func(t *testing.T) {
			w, _ := stubWorld(t, &gpstub.Server{Scenario: c.scenario}, "https://site.lab/x", WorldOptions{ASN: gpstub.DefaultUserASN, Country: "de"})
			if c.errHas == "" && w.Err != "" || !strings.Contains(w.Err, c.errHas) {
				t.Fatalf("Err %q, want %q", w.Err, c.errHas)
			}
			if ok, failed := okCount(w); ok != c.ok || failed != c.failed {
				t.Fatalf("ok %d failed %d, want %d and %d: %+v", ok, failed, c.ok, c.failed, w.Probes)
			}
			if w.RateLimited != c.rateLimited {
				t.Errorf("RateLimited %v", w.RateLimited)
			}
			for _, p := range w.Probes {
				if p.ASN == gpstub.DefaultUserASN && p.OK == c.failedInUser {
					t.Errorf("user-network probe %+v", p)
				}
				if !p.OK && p.Error == "" {
					t.Errorf("failed probe without its error: %+v", p)
				}
				if p.Place == "" || p.Network == "" {
					t.Errorf("probe without place or network: %+v", p)
				}
			}
		})
	}
}

// A failed probe's error is its rawOutput's first line; an answered 5xx
// keeps its status; a good answer its status and time.
func TestWorldProbeRows(t *testing.T) {
	w, _ := stubWorld(t, &gpstub.Server{Scenario: gpstub.Regional}, "https://site.lab/", WorldOptions{})
	for _, p := range w.Probes {
		switch p.Continent {
		case "AS", "OC":
			if p.OK || p.Error != "Timeout awaiting 'request' for 10000ms" || p.Status != 0 {
				t.Errorf("%+v", p)
			}
		default:
			if !p.OK || p.Status != 200 || p.MS < 120 {
				t.Errorf("%+v", p)
			}
		}
	}
	w, _ = stubWorld(t, &gpstub.Server{Scenario: gpstub.Down5xx}, "https://site.lab/", WorldOptions{})
	if p := w.Probes[0]; p.OK || p.Status != 503 || p.Error != "answered 503" {
		t.Errorf("%+v", p)
	}
}

// Hostile or stuck answers end within the bound, as an error, never a
// hang or a memory spike.
func TestWorldHostileAnswersAreBounded(t *testing.T) {
	cases := []struct {
		scenario string
		errIs    error
		errHas   string
		probes   int
	}{
		{scenario: gpstub.HostileHuge, errIs: ErrGPMalformed, errHas: "larger than 1048576 bytes"},
		{scenario: gpstub.HostileJSON, errIs: ErrGPMalformed},
		{scenario: gpstub.HostileTypes, errIs: ErrGPMalformed, errHas: "cannot unmarshal"},
		{scenario: gpstub.Endless, errIs: context.DeadlineExceeded, errHas: "still in progress"},
		{scenario: gpstub.Partial, errIs: context.DeadlineExceeded, errHas: "still in progress", probes: 2},
	}
	for _, c := range cases {
		t.Run(c.scenario, func(t *testing.T) {
			bound := 800 * time.Millisecond
			w, took := stubWorld(t, &gpstub.Server{Scenario: c.scenario}, "https://site.lab/", WorldOptions{Timeout: bound})
			if took > bound+500*time.Millisecond {
				t.Errorf("took %s, bound %s", took, bound)
			}
			if w.Err == "" || !strings.Contains(w.Err, c.errHas) {
				t.Errorf("Err %q, want %q", w.Err, c.errHas)
			}
			if len(w.Probes) != c.probes {
				t.Errorf("%d probes, want %d: %+v", len(w.Probes), c.probes, w.Probes)
			}
		})
	}
	// The error kinds, on the client directly.
	for _, c := range cases {
		t.Run(c.scenario+"/kind", func(t *testing.T) {
			t.Setenv(LabOnlyEnv, "1")
			srv := httptest.NewServer(&gpstub.Server{Scenario: c.scenario})
			defer srv.Close()
			cl := &GlobalpingClient{API: srv.URL, MinPoll: 10 * time.Millisecond}
			ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
			defer cancel()
			created, err := cl.Create(ctx, GPMeasurementRequest{Type: "http", Target: "site.lab", Locations: []GPLocation{{Continent: "EU", Limit: 1}}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := cl.Await(ctx, created.ID); !errors.Is(err, c.errIs) {
				t.Errorf("got %v, want %v", err, c.errIs)
			}
		})
	}
}

// The poll interval honours Retry-After.
func TestWorldHonoursRetryAfter(t *testing.T) {
	w, took := stubWorld(t, &gpstub.Server{Scenario: gpstub.RetryAfter}, "https://site.lab/", WorldOptions{})
	if w.Err != "" || len(w.Probes) != 6 {
		t.Fatalf("%+v", w)
	}
	if took < time.Second {
		t.Errorf("second poll after %s, Retry-After said 1 s", took)
	}
	w, took = stubWorld(t, &gpstub.Server{Scenario: gpstub.WorksElsewhere}, "https://site.lab/", WorldOptions{})
	if w.Err != "" || took > 500*time.Millisecond {
		t.Errorf("without Retry-After: %s, %q", took, w.Err)
	}
}

// An API that is not there is an honest error, quickly.
func TestWorldUnreachable(t *testing.T) {
	t.Setenv(LabOnlyEnv, "1")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	u, _ := url.Parse("https://site.lab/")
	w := World(context.Background(), u, WorldOptions{Client: &GlobalpingClient{API: "http://" + addr}})
	if !strings.Contains(w.Err, "globalping unavailable") || !strings.Contains(w.Err, "refused") {
		t.Errorf("Err %q", w.Err)
	}
}

// The real service is refused by the test guard: no test can reach it.
func TestWorldRealServiceGuarded(t *testing.T) {
	t.Setenv(LabOnlyEnv, "1")
	u, _ := url.Parse("https://site.lab/")
	w := World(context.Background(), u, WorldOptions{Timeout: 2 * time.Second})
	if !strings.Contains(w.Err, "test guard") {
		t.Errorf("Err %q: the real API was not refused by the guard", w.Err)
	}
}

// What is sent: the host as target, path apart, no query unless allowed,
// the token only as a bearer header.
func TestWorldRequestShape(t *testing.T) {
	cases := []struct {
		url       string
		opt       WorldOptions
		proto     string
		port      int
		path, q   string
		locations int
	}{
		{url: "https://site.lab/a/b?secret=1", proto: "HTTPS", port: 443, path: "/a/b", locations: 6},
		{url: "https://site.lab/a?x=1", opt: WorldOptions{SendQuery: true, ASN: 3320, Country: "de"}, proto: "HTTPS", port: 443, path: "/a", q: "x=1", locations: 8},
		{url: "http://site.lab:8080", proto: "HTTP", port: 8080, path: "/", locations: 6},
	}
	for _, c := range cases {
		u, _ := url.Parse(c.url)
		r, err := WorldRequest(u, c.opt)
		if err != nil {
			t.Fatal(err)
		}
		o := r.MeasurementOptions
		if r.Type != "http" || r.Target != "site.lab" || o.Protocol != c.proto || o.Port != c.port || o.Request.Path != c.path || o.Request.Query != c.q || o.Request.Method != "HEAD" {
			t.Errorf("%s: %+v %+v", c.url, r, o)
		}
		if len(r.Locations) != c.locations || WorldProbeBudget(c.opt) != c.locations {
			t.Errorf("%s: %d locations, budget %d", c.url, len(r.Locations), WorldProbeBudget(c.opt))
		}
	}
	var auth string
	s := &gpstub.Server{}
	t.Setenv(LabOnlyEnv, "1")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth = r.Header.Get("Authorization")
		s.ServeHTTP(w, r)
	}))
	defer srv.Close()
	u, _ := url.Parse("https://site.lab/p?secret=1")
	World(context.Background(), u, WorldOptions{Client: &GlobalpingClient{API: srv.URL, Token: "tok123", MinPoll: time.Millisecond}})
	if auth != "Bearer tok123" {
		t.Errorf("Authorization %q", auth)
	}
	var sent map[string]any
	if err := json.Unmarshal(s.LastRequest(), &sent); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(s.LastRequest()), "secret") || sent["target"] != "site.lab" {
		t.Errorf("sent %s", s.LastRequest())
	}
}

// The live scenario: the stand-in's probes really fetch the site, the
// user-network probe through the "provider's" proxy, here a dead one.
func TestWorldLiveScenario(t *testing.T) {
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodHead || r.URL.Path != "/p" || r.URL.RawQuery != "" {
			t.Errorf("probe sent %s %s", r.Method, r.URL)
		}
	}))
	defer site.Close()
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	deadProxy, _ := url.Parse("http://" + l.Addr().String())
	l.Close()
	s := &gpstub.Server{Scenario: gpstub.Live, Live: &gpstub.LiveProbes{UserProxy: deadProxy}}
	w, _ := stubWorld(t, s, site.URL+"/p?q=1", WorldOptions{ASN: gpstub.DefaultUserASN})
	if w.Err != "" {
		t.Fatal(w.Err)
	}
	for _, p := range w.Probes {
		if user := p.ASN == gpstub.DefaultUserASN; p.OK == user {
			t.Errorf("%+v", p)
		}
	}
	if len(w.Probes) != 7 {
		t.Errorf("%d probes", len(w.Probes))
	}
}
