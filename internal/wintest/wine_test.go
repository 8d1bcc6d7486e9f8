//go:build wine

package wintest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// The environment scripts/windows-test.sh sets: where the executables
// are, the Wine prefix (with the ProcessPrng stand-in in it) and the X
// display (Xvfb) the tray draws on.
var (
	binDir = os.Getenv("GATEWATCH_WINE_BIN")
	prefix = os.Getenv("WINEPREFIX")
)

func TestMain(m *testing.M) {
	if binDir == "" || prefix == "" {
		fmt.Fprintln(os.Stderr, "wintest: run by scripts/windows-test.sh (GATEWATCH_WINE_BIN, WINEPREFIX)")
		os.Exit(2)
	}
	os.Exit(m.Run())
}

// wine runs a Windows program of binDir with the loopback guard on.
func wine(ctx context.Context, exe string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "wine", append([]string{filepath.Join(binDir, exe)}, args...)...)
	cmd.Env = append(os.Environ(), "GATEWATCH_LAB_ONLY=1", "WINEDEBUG=-all", "GATEWATCH_NO_DIALOG=1")
	return cmd
}

func run(t *testing.T, timeout time.Duration, exe string, args ...string) (string, string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var out, errb bytes.Buffer
	cmd := wine(ctx, exe, args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("%s %v: %v", exe, args, err)
		}
		code = ee.ExitCode()
	}
	return out.String(), errb.String(), code
}

func TestVersion(t *testing.T) {
	for _, exe := range []string{"gatewatch-cli.exe", "gatewatch.exe"} {
		out, errs, code := run(t, time.Minute, exe, "--version")
		if code != 0 || !strings.HasPrefix(out, "gatewatch ") {
			t.Errorf("%s --version: exit %d, stdout %q, stderr %q", exe, code, out, errs)
		}
	}
}

// The console build without a command prints its usage: it must not
// become a second tray with a console window.
func TestCLIWithoutCommand(t *testing.T) {
	_, errs, code := run(t, time.Minute, "gatewatch-cli.exe")
	if code != 2 || !strings.Contains(errs, "usage:") {
		t.Errorf("gatewatch-cli.exe: exit %d, stderr %q; want 2 and the usage", code, errs)
	}
}

// loopback starts what a check needs, on 127.0.0.1 only: a site (status
// code siteStatus), a canary answering 204 and a reference resolver.
func loopback(t *testing.T, siteStatus int) (site, canary, resolver string) {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(siteStatus)
		fmt.Fprintln(w, "hello from the loopback site")
	}))
	t.Cleanup(s.Close)
	c := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	t.Cleanup(c.Close)
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := dns.HandlerFunc(func(w dns.ResponseWriter, q *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(q)
		if len(q.Question) == 1 && q.Question[0].Qtype == dns.TypeA {
			m.Answer = append(m.Answer, &dns.A{Hdr: dns.RR_Header{Name: q.Question[0].Name, Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: 60}, A: net.IPv4(127, 0, 0, 1)})
		}
		_ = w.WriteMsg(m)
	})
	srv := &dns.Server{PacketConn: pc, Handler: h}
	started := make(chan struct{})
	srv.NotifyStartedFunc = func() { close(started) }
	go srv.ActivateAndServe()
	<-started
	t.Cleanup(func() { srv.Shutdown() })
	return s.URL + "/", c.URL + "/generate_204", pc.LocalAddr().String()
}

// check --json against loopback servers, in a console program: the exit
// code reaches the caller (0 for a site that answers, 1 for a problem).
func TestCheckJSON(t *testing.T) {
	for _, tc := range []struct {
		status   int
		wantCode int
		wantSide string
	}{
		{http.StatusOK, 0, "ok"},
		{http.StatusServiceUnavailable, 1, "server"},
	} {
		site, canary, resolver := loopback(t, tc.status)
		out, errs, code := run(t, 2*time.Minute, "gatewatch-cli.exe", "check", "--json", "--timeout", "5s",
			"--canary", canary, "--resolver", resolver, site)
		var got struct {
			Side string `json:"side"`
			Rule string `json:"rule"`
		}
		line, _, _ := strings.Cut(out, "\n")
		if err := json.Unmarshal([]byte(line), &got); err != nil {
			t.Fatalf("site %d: not JSON (%v): stdout %q, stderr %q", tc.status, err, out, errs)
		}
		t.Logf("site %d: exit %d, %s", tc.status, code, line)
		if code != tc.wantCode || got.Side != tc.wantSide {
			t.Errorf("site %d: exit %d side %q, want %d %q (stderr %q)", tc.status, code, got.Side, tc.wantCode, tc.wantSide, errs)
		}
	}
}
