package cli

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/fix"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// fakeFixDeps: a Linux machine with systemd-resolved on eth0, a recording
// executor and a diagnosis that returns want. Nothing is sent, so the lab
// level of the guard may let the config name the documentation-range
// resolver to switch to (a fix never switches to a loopback one).
func fakeFixDeps(t *testing.T, rec *fix.Recorder, verdicts ...verdict.Verdict) (FixDeps, *int) {
	t.Setenv(config.GuardEnv, "lab")
	calls := 0
	return FixDeps{
		GOOS: "linux",
		Exec: rec,
		HostEnv: func(_ context.Context, o fix.HostOptions) (fix.Env, error) {
			env := fix.Env{
				GOOS: "linux", Verdict: o.Verdict, Resolvers: fix.ParseResolvers(o.Resolvers), StatusPage: o.StatusPage,
				DNSBackend: o.DNSBackend, ResolvConf: o.ResolvConf,
				Have:     func(t string) bool { return t == "resolvectl" },
				ReadFile: func(string) ([]byte, error) { return []byte("nameserver 127.0.0.53\n"), nil },
				Ifaces:   []string{"lo", "eth0"}, DefaultIface: "eth0",
			}
			if o.Store != nil && o.UndoID != "" {
				r, err := o.Store.Get(o.UndoID)
				if err != nil {
					return env, err
				}
				env.Undo = r
			}
			return env, nil
		},
		Diagnose: func(_ context.Context, target *url.URL, _ verdict.Options) verdict.Verdict {
			v := verdicts[min(calls, len(verdicts)-1)]
			calls++
			v.URL = target.String()
			return v
		},
	}, &calls
}

func TestFixCLI(t *testing.T) {
	okV := verdict.Verdict{Side: verdict.SideOK, Hop: verdict.HopNone, Summary: "fine"}
	dnsV := verdict.Verdict{Side: verdict.SideUser, Hop: verdict.HopDNS, Summary: "Your DNS resolver is hijacked.",
		Fixes: verdict.Fixes(verdict.FixSwitchDNS, verdict.FixRestartRouter)}
	portalV := verdict.Verdict{Side: verdict.SideUser, Hop: verdict.HopCaptive, PortalURL: "http://192.0.2.1/login"}
	cases := []struct {
		name     string
		args     []string
		verdicts []verdict.Verdict
		code     int
		argvs    string // fmt of recorded argv
		out      string // stdout contains
		diagnose int
	}{
		{name: "dry run", args: []string{"switch-dns", "--dry-run", "shop.gw.test"}, verdicts: []verdict.Verdict{okV},
			code: 0, argvs: "[]", out: "run: pkexec resolvectl dns eth0 203.0.113.53", diagnose: 0},
		{name: "needs --yes", args: []string{"switch-dns", "shop.gw.test"}, verdicts: []verdict.Verdict{okV},
			code: 2, argvs: "[]"},
		{name: "fixed", args: []string{"switch-dns", "--yes", "https://shop.gw.test"}, verdicts: []verdict.Verdict{okV},
			code: 0, argvs: "[[resolvectl dns eth0 203.0.113.53] [resolvectl domain eth0 ~.] [resolvectl flush-caches]]",
			out: "Fixed: shop.gw.test answers again.", diagnose: 1},
		{name: "still failing", args: []string{"--yes", "switch-dns", "https://shop.gw.test"}, verdicts: []verdict.Verdict{dnsV},
			code: 1, out: "Still failing: Your DNS resolver is hijacked — next try: Restart your router.", diagnose: 1,
			argvs: "[[resolvectl dns eth0 203.0.113.53] [resolvectl domain eth0 ~.] [resolvectl flush-caches]]"},
		{name: "portal", args: []string{"open-captive-portal", "https://shop.gw.test"}, verdicts: []verdict.Verdict{portalV},
			code: 0, argvs: "[]", out: "open in the browser: http://192.0.2.1/login", diagnose: 1},
		{name: "portal needs a site", args: []string{"open-captive-portal"}, code: 2, argvs: "[]"},
		{name: "unknown", args: []string{"format-disk"}, code: 2, argvs: "[]"},
		{name: "bad backend", args: []string{"switch-dns", "--dns-backend", "sh"}, code: 2, argvs: "[]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := filepath.Join(dir, "config.toml")
			if err := os.WriteFile(cfg, []byte("[network]\nresolvers = [\"203.0.113.53\"]\ncanaries = [\"http://203.0.113.30/generate_204\"]\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			rec := &fix.Recorder{}
			deps, calls := fakeFixDeps(t, rec, append(tc.verdicts, okV)...)
			var stdout, stderr bytes.Buffer
			args := append([]string{"--config", cfg, "--state-dir", dir}, tc.args...)
			code := Fix(args, strings.NewReader(""), &stdout, &stderr, deps)
			t.Logf("stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
			if code != tc.code {
				t.Errorf("exit %d, want %d", code, tc.code)
			}
			if got := fmt.Sprint(rec.Argvs()); got != tc.argvs {
				t.Errorf("ran %s, want %s", got, tc.argvs)
			}
			if !strings.Contains(stdout.String(), tc.out) {
				t.Errorf("stdout lacks %q", tc.out)
			}
			if *calls != tc.diagnose {
				t.Errorf("diagnosed %d times, want %d", *calls, tc.diagnose)
			}
		})
	}
}

func TestFixCLIUndo(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir) // no --config: the default must not be the real one
	conf := filepath.Join(dir, "resolv.conf")
	if err := os.WriteFile(conf, []byte("nameserver 192.0.2.1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rec := &fix.Recorder{Apply: true}
	deps, _ := fakeFixDeps(t, rec, verdict.Verdict{Side: verdict.SideOK})
	base := []string{"--state-dir", dir, "--resolver", "203.0.113.53", "--canary", "http://203.0.113.30/generate_204", "--dns-backend", "resolvconf", "--resolv-conf", conf, "--yes"}
	hostEnv := deps.HostEnv
	deps.HostEnv = func(ctx context.Context, o fix.HostOptions) (fix.Env, error) {
		env, err := hostEnv(ctx, o)
		env.ReadFile, env.Root = os.ReadFile, true
		return env, err
	}
	var out bytes.Buffer
	if code := Fix(append(base, "switch-dns"), nil, &out, &out, deps); code != 0 {
		t.Fatalf("switch: exit %d\n%s", code, out.String())
	}
	if b, _ := os.ReadFile(conf); !strings.Contains(string(b), "nameserver 203.0.113.53") {
		t.Fatalf("not switched: %q", b)
	}
	if code := Fix(append(base, "--undo", "switch-dns"), nil, &out, &out, deps); code != 0 {
		t.Fatalf("undo: exit %d\n%s", code, out.String())
	}
	if b, _ := os.ReadFile(conf); string(b) != "nameserver 192.0.2.1\n" {
		t.Errorf("undo left %q", b)
	}
	log, err := os.ReadFile(filepath.Join(dir, "fixes.jsonl"))
	if err != nil || strings.Count(string(log), "\n") != 2 {
		t.Errorf("log %q, %v", log, err)
	}
	if code := Fix(append(base, "--undo", "switch-dns"), nil, &out, &out, deps); code != 1 {
		t.Errorf("second undo: exit %d, want 1 (nothing to undo)", code)
	}
}

// TestFixCLIStatusPage: `fix open-status-page` resolves the page as the
// window does ("guess", built-in pages), not the raw setting.
func TestFixCLIStatusPage(t *testing.T) {
	cases := []struct {
		name, sites, url, out string
	}{
		{name: "guess", sites: "[[sites]]\nurl = \"https://www.shop.co.uk\"\nstatus_page = \"guess\"\n",
			url: "https://www.shop.co.uk", out: "open in the browser: https://status.shop.co.uk"},
		{name: "built-in", sites: "", url: "https://github.com", out: "open in the browser: https://www.githubstatus.com"},
		{name: "setting", sites: "[[sites]]\nurl = \"https://shop.gw.test\"\nstatus_page = \"https://health.gw.test\"\n",
			url: "https://shop.gw.test", out: "open in the browser: https://health.gw.test"},
		{name: "none", sites: "[[sites]]\nurl = \"https://github.com\"\nstatus_page = \"none\"\n",
			url: "https://github.com", out: "No status page is configured"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := filepath.Join(dir, "config.toml")
			body := "[network]\nresolvers = [\"203.0.113.53\"]\ncanaries = [\"http://203.0.113.30/generate_204\"]\n" + tc.sites
			if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			rec := &fix.Recorder{}
			deps, _ := fakeFixDeps(t, rec, verdict.Verdict{Side: verdict.SideServer, Hop: verdict.HopOrigin})
			var stdout, stderr bytes.Buffer
			code := Fix([]string{"--config", cfg, "--state-dir", dir, "--dry-run", "open-status-page", tc.url}, strings.NewReader(""), &stdout, &stderr, deps)
			if code != 0 || !strings.Contains(stdout.String(), tc.out) {
				t.Errorf("exit %d, stdout %q (stderr %q), want %q", code, stdout.String(), stderr.String(), tc.out)
			}
		})
	}
}
