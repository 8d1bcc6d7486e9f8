package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewatch/gatewatch/lab/cmd/labglobalping/gpstub"
)

// `gatewatch check --world` against the stand-in API on loopback: a site
// that refuses here is settled by the other places' answers, and the JSON
// carries the world object. Everything is on loopback, under the guard.
func TestCheckWorld(t *testing.T) {
	t.Setenv("GATEWATCH_LAB_ONLY", "1")
	for _, k := range []string{"HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"} {
		t.Setenv(k, "")
	}
	canary := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	defer canary.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	site := "http://" + l.Addr().String() + "/shop?session=secret"
	l.Close() // refused from here

	cases := []struct {
		scenario, extra string
		flag            bool
		rule, side      string
		places, agreed  int
		says            string
	}{
		{scenario: gpstub.FailsEverywhere, flag: true, rule: "world-down", side: "server", places: 6, agreed: 6, says: "is down for everyone (6 of 6 places)"},
		{scenario: gpstub.WorksElsewhere, flag: true, rule: "world-elsewhere", side: "unknown", places: 6, agreed: 0, says: "answers from 6 of 6 places elsewhere"},
		{scenario: gpstub.FailsInUserASN, extra: "asn = 64500\n", rule: "world-isp-blocked", side: "user", places: 7, agreed: 1, says: "Your provider (AS64500 Lab Home ISP) cannot reach 127.0.0.1"},
		{scenario: gpstub.RateLimited, flag: true, rule: "origin-refused", side: "server", places: 0, agreed: 0, says: "refuses connections"},
	}
	for _, c := range cases {
		t.Run(c.scenario, func(t *testing.T) {
			stub := &gpstub.Server{Scenario: c.scenario}
			api := httptest.NewServer(stub)
			defer api.Close()
			enabled := !c.flag
			cfg := filepath.Join(t.TempDir(), "config.toml")
			toml := fmt.Sprintf("[network]\ncanaries = [%q]\nresolvers = []\n[world]\nenabled = %v\napi = %q\ntoken = \"tok-secret\"\n%s", canary.URL+"/generate_204", enabled, api.URL, c.extra)
			if err := os.WriteFile(cfg, []byte(toml), 0o600); err != nil {
				t.Fatal(err)
			}
			args := []string{"--json", "--config", cfg, "--timeout", "2s", site}
			if c.flag {
				args = append(args, "--world")
			}
			var out, errb bytes.Buffer
			Check(args, &out, &errb)
			var v struct {
				Rule, Side, Summary string
				Warnings            []string
				World               *struct {
					Places, Agreed int
					Probes         []map[string]any
				}
			}
			if err := json.Unmarshal(out.Bytes(), &v); err != nil {
				t.Fatalf("%v: %s %s", err, out.String(), errb.String())
			}
			if v.Rule != c.rule || v.Side != c.side || !strings.Contains(v.Summary, c.says) {
				t.Fatalf("got %s/%s %q, want %s/%s %q", v.Rule, v.Side, v.Summary, c.rule, c.side, c.says)
			}
			if v.World == nil || v.World.Places != c.places || v.World.Agreed != c.agreed {
				t.Fatalf("world %+v", v.World)
			}
			for _, p := range v.World.Probes {
				for _, k := range []string{"place", "network", "asn", "status", "ms"} {
					if _, ok := p[k]; !ok {
						t.Errorf("probe row without %q: %v", k, p)
					}
				}
			}
			if c.scenario == gpstub.RateLimited && !strings.Contains(strings.Join(v.Warnings, ";"), "rate limit") {
				t.Errorf("no note that the second opinion was refused: %q", v.Warnings)
			}
			sent := string(stub.LastRequest())
			if strings.Contains(sent, "secret") || !strings.Contains(sent, `"path":"/shop"`) || !strings.Contains(sent, `"target":"127.0.0.1"`) {
				t.Errorf("sent %s", sent)
			}
			if strings.Contains(out.String()+errb.String(), "tok-secret") {
				t.Error("the token is shown")
			}
		})
	}
}

// Off by default and without --world: nothing is asked.
func TestCheckWorldOffByDefault(t *testing.T) {
	t.Setenv("GATEWATCH_LAB_ONLY", "1")
	stub := &gpstub.Server{}
	api := httptest.NewServer(stub)
	defer api.Close()
	canary := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	defer canary.Close()
	cfg := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[network]\ncanaries = [%q]\nresolvers = []\n[world]\napi = %q\n", canary.URL+"/generate_204", api.URL)), 0o600)
	var out, errb bytes.Buffer
	Check([]string{"--json", "--config", cfg, "--timeout", "1s", "http://127.0.0.1:1/"}, &out, &errb)
	if stub.Created() != 0 || strings.Contains(out.String(), `"world"`) {
		t.Errorf("asked without consent: %d measurements; %s", stub.Created(), out.String())
	}
}
