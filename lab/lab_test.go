//go:build linux

// The network lab needs Linux network namespaces.

package lab_test

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gwverdict "github.com/gatewatch/gatewatch/monitor/verdict"
)

// The lab's fixed addresses (lab/README.md).
const (
	canaryURL = "http://203.0.113.30/generate_204"
	// dualCanaryURL is the canary by a name with both an IPv4 and an IPv6
	// address (while an ipv6 fault is on).
	dualCanaryURL = "http://dual-canary.gw.test/generate_204"
	resolver      = "203.0.113.53"
	proxyURL      = "http://198.51.100.80:3128"
	portalURL     = "http://192.0.2.1/login"
	shopURL       = "https://shop.gw.test"
	originURL     = "https://origin.gw.test"
	checkTimeout  = "5s"
)

// labEnv is what TestMain prepared for the tests.
var labEnv struct {
	unavailable string // why the lab cannot run here (skip, or fail when required)
	err         error  // the lab should run but could not be built
	dir         string // lab/
	run         string // lab/run (or $LAB_RUN)
	bin         string // the gatewatch binary under test
	clientNS    string
	home        string // an empty HOME for gatewatch
}

func TestMain(m *testing.M) { os.Exit(runMain(m)) }

func runMain(m *testing.M) int {
	dir, err := filepath.Abs(".")
	if err != nil {
		fmt.Fprintf(os.Stderr, "lab: %v\n", err)
		return 1
	}
	labEnv.dir = dir
	labEnv.run = envOr("LAB_RUN", filepath.Join(dir, "run"))
	labEnv.clientNS = envOr("LAB_PREFIX", "gw") + "-client"
	if reason := unavailable(); reason != "" {
		labEnv.unavailable = reason
		return m.Run()
	}
	tmp, err := os.MkdirTemp("", "gatewatch-lab-")
	if err != nil {
		fmt.Fprintf(os.Stderr, "lab: %v\n", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	labEnv.home = filepath.Join(tmp, "home")
	if err := os.Mkdir(labEnv.home, 0o755); err != nil {
		fmt.Fprintf(os.Stderr, "lab: %v\n", err)
		return 1
	}
	// GATEWATCH_BIN tests a binary built elsewhere (e.g. bin/gatewatch).
	labEnv.bin = os.Getenv("GATEWATCH_BIN")
	if labEnv.bin == "" {
		labEnv.bin = filepath.Join(tmp, "gatewatch")
		if out, err := runCmd(5*time.Minute, dir, "go", "build", "-o", labEnv.bin, ".."); err != nil {
			labEnv.err = fmt.Errorf("building gatewatch: %w\n%s", err, out)
			return m.Run()
		}
	} else if labEnv.bin, err = filepath.Abs(labEnv.bin); err != nil {
		labEnv.err = err
		return m.Run()
	}

	teardown := startTeardown(dir)
	defer teardown()
	start := time.Now()
	if out, err := runCmd(2*time.Minute, dir, "./up.sh"); err != nil {
		labEnv.err = fmt.Errorf("lab/up.sh: %w\n%s", err, out)
		return m.Run()
	}
	fmt.Fprintf(os.Stderr, "lab: up in %v\n", time.Since(start).Round(time.Millisecond))
	return m.Run()
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// unavailable says why the lab cannot run on this machine, or "".
func unavailable() string {
	if os.Geteuid() != 0 {
		return "the network lab needs root (network namespaces)"
	}
	for _, tool := range []string{"go", "ip", "nft", "nginx", "dnsmasq", "tinyproxy", "curl", "ss", "setsid", "sysctl"} {
		if _, err := exec.LookPath(tool); err != nil {
			if _, err := os.Stat(filepath.Join("/usr/sbin", tool)); err != nil {
				return fmt.Sprintf("%s not found: install the packages in lab/packages.txt", tool)
			}
		}
	}
	if _, err := os.Stat("/dev/net/tun"); err != nil {
		return "no /dev/net/tun (needed for the vpn-blackhole fault)"
	}
	return ""
}

// needLab skips the test when the lab cannot run here, unless
// GATEWATCH_LAB=required, when it fails instead.
func needLab(t *testing.T) {
	t.Helper()
	if labEnv.err != nil {
		t.Fatal(labEnv.err)
	}
	if labEnv.unavailable != "" {
		if os.Getenv("GATEWATCH_LAB") == "required" {
			t.Fatalf("GATEWATCH_LAB=required, but %s", labEnv.unavailable)
		}
		t.Skip(labEnv.unavailable + " (set GATEWATCH_LAB=required to fail instead)")
	}
}

// runCmd runs a command with a deadline and returns its combined output.
func runCmd(limit time.Duration, dir, name string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	// Daemons started by up.sh must not hold our pipes open.
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		err = fmt.Errorf("%w (after %v)", ctx.Err(), limit)
	}
	return out, err
}

// startTeardown makes sure down.sh runs however the test process ends: on
// return (the function it returns), on SIGINT/SIGTERM, and — through a
// watchdog in its own session — after a panic, a -timeout or a SIGKILL,
// none of which run deferred code.
func startTeardown(dir string) func() {
	// Bounded: gives up after two hours even if the test process lives on.
	watchdog := exec.Command("bash", "-c",
		`for ((i = 0; i < 14400; i++)); do kill -0 "$1" 2>/dev/null || exec "$2"; sleep 0.5; done`,
		"watchdog", strconv.Itoa(os.Getpid()), filepath.Join(dir, "down.sh"))
	watchdog.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := watchdog.Start(); err != nil {
		fmt.Fprintf(os.Stderr, "lab: no teardown watchdog: %v\n", err)
		watchdog = nil
	}
	var once sync.Once
	teardown := func() {
		once.Do(func() {
			if out, err := runCmd(time.Minute, dir, "./down.sh"); err != nil {
				fmt.Fprintf(os.Stderr, "lab: down.sh: %v\n%s", err, out)
			}
			// The lab is down: the watchdog must not tear down a later one.
			if watchdog != nil {
				_ = watchdog.Process.Kill()
				_ = watchdog.Wait()
			}
		})
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		if _, ok := <-sigs; ok {
			fmt.Fprintln(os.Stderr, "lab: interrupted, tearing the lab down")
			teardown()
			os.Exit(130)
		}
	}()
	return func() {
		signal.Stop(sigs)
		teardown()
	}
}

// verdict is the part of gatewatch's JSON output the tests read.
type verdict struct {
	URL         string `json:"url"`
	Side        string `json:"side"`
	Hop         string `json:"hop"`
	Rule        string `json:"rule"`
	Status      int    `json:"status"`
	Error       string `json:"error"`
	Summary     string `json:"summary"`
	ErrorPageBy string `json:"error_page_by"`
	Evidence    []struct {
		Check  string `json:"check"`
		OK     bool   `json:"ok"`
		Detail string `json:"detail"`
		MS     int64  `json:"ms"`
	} `json:"evidence"`
	Fixes []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	} `json:"fixes"`
	PortalURL string   `json:"portal_url"`
	Warnings  []string `json:"warnings"`
	ElapsedMS int64    `json:"elapsed_ms"`
}

// requiredKeys is the JSON contract of `gatewatch check --json`.
var requiredKeys = []string{"url", "side", "hop", "status", "error", "summary", "gateway", "evidence", "fixes", "elapsed_ms"}

func parseVerdicts(out []byte) ([]verdict, error) {
	var vs []verdict
	s := bufio.NewScanner(bytes.NewReader(out))
	s.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	for s.Scan() {
		line := bytes.TrimSpace(s.Bytes())
		if len(line) == 0 {
			continue
		}
		var keys map[string]json.RawMessage
		if err := json.Unmarshal(line, &keys); err != nil {
			return nil, fmt.Errorf("not a JSON object: %q: %w", line, err)
		}
		for _, k := range requiredKeys {
			if _, ok := keys[k]; !ok {
				return nil, fmt.Errorf("JSON object lacks %q: %s", k, line)
			}
		}
		var v verdict
		if err := json.Unmarshal(line, &v); err != nil {
			return nil, fmt.Errorf("decoding verdict: %w", err)
		}
		vs = append(vs, v)
	}
	if err := s.Err(); err != nil {
		return nil, fmt.Errorf("reading output: %w", err)
	}
	return vs, nil
}

func (v verdict) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: side=%s hop=%s rule=%s status=%d error_page_by=%q elapsed=%dms\n  summary: %s\n",
		v.URL, v.Side, v.Hop, v.Rule, v.Status, v.ErrorPageBy, v.ElapsedMS, v.Summary)
	if v.Error != "" {
		fmt.Fprintf(&b, "  error: %s\n", v.Error)
	}
	for _, e := range v.Evidence {
		mark := "✗"
		if e.OK {
			mark = "✓"
		}
		fmt.Fprintf(&b, "  %s %-12s %5dms  %s\n", mark, e.Check, e.MS, e.Detail)
	}
	for _, f := range v.Fixes {
		fmt.Fprintf(&b, "  fix %s: %s\n", f.ID, f.Title)
	}
	return b.String()
}

// mentions reports whether the summary, the portal URL, a warning or any
// evidence detail contains s.
func (v verdict) mentions(s string) bool {
	if strings.Contains(v.Summary, s) || strings.Contains(v.PortalURL, s) || strings.Contains(strings.Join(v.Warnings, "\n"), s) {
		return true
	}
	for _, e := range v.Evidence {
		if strings.Contains(e.Detail, s) {
			return true
		}
	}
	return false
}

func setFault(t *testing.T, name string) {
	t.Helper()
	if out, err := runCmd(time.Minute, labEnv.dir, "./fault.sh", name); err != nil {
		t.Fatalf("fault.sh %s: %v\n%s", name, err, out)
	}
}

// clearFault runs deferred, possibly after a t.Fatal: it only reports.
func clearFault(t *testing.T) {
	t.Helper()
	if out, err := runCmd(time.Minute, labEnv.dir, "./fault.sh", "clear"); err != nil {
		t.Errorf("fault.sh clear: %v\n%s", err, out)
	}
}

// check runs `gatewatch check --json` for url inside the client namespace,
// with a clean environment (no proxy unless asked), and logs its output.
func check(t *testing.T, url string, viaProxy bool) (verdict, int) {
	t.Helper()
	return checkWith(t, url, viaProxy, canaryURL, "")
}

// checkWith is check with another canary and, when config is not "",
// another config file.
func checkWith(t *testing.T, url string, viaProxy bool, canary, config string) (verdict, int) {
	if config == "" {
		config = filepath.Join(labEnv.dir, "gatewatch-lab.toml")
	}
	t.Helper()
	env := []string{
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"HOME=" + labEnv.home,
		"SSL_CERT_FILE=" + filepath.Join(labEnv.run, "certs", "ca.pem"),
		"GATEWATCH_LAB_ONLY=lab",
		// Read only behind the dns-stub faults' stub (fault.sh).
		"GATEWATCH_RESOLVED_CONF=" + filepath.Join(labEnv.run, "client", "resolved.conf"),
	}
	if viaProxy {
		env = append(env, "HTTPS_PROXY="+proxyURL, "HTTP_PROXY="+proxyURL, "https_proxy="+proxyURL, "http_proxy="+proxyURL)
	}
	args := []string{"netns", "exec", labEnv.clientNS, "env", "-i"}
	args = append(args, env...)
	args = append(args, labEnv.bin, "check", "--json",
		"--config", config,
		"--canary", canary, "--resolver", resolver, "--timeout", checkTimeout, url)

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ip", args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start).Round(time.Millisecond)
	t.Logf("gatewatch check %s: exit after %v, raw output:\n%s", url, took, stdout.String())
	if stderr.Len() > 0 {
		t.Logf("stderr:\n%s", stderr.String())
	}
	code := 0
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("gatewatch check did not finish in 60s")
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("running gatewatch: %v", err)
	}
	vs, perr := parseVerdicts(stdout.Bytes())
	if perr != nil {
		t.Fatalf("exit %d: %v", code, perr)
	}
	if len(vs) != 1 {
		t.Fatalf("exit %d: want 1 verdict, got %d", code, len(vs))
	}
	v := vs[0]
	// One line first: make lab-test shows only the first line of each log.
	t.Logf("verdict %s/%s rule=%s status=%d exit=%d: %s", v.Side, v.Hop, v.Rule, v.Status, code, v.Summary)
	t.Logf("verdict in full:\n%s", v)
	return v, code
}

// outcome is one acceptable verdict: side, hop and the rule of
// monitor/verdict/rules.go that decided it. Asserting the rule too keeps
// two faults with the same side and hop (dns-down and dns-hijack, the
// origin faults) from swapping verdicts unnoticed.
type outcome struct{ side, hop, rule string }

func (o outcome) String() string { return o.side + "/" + o.hop + " (" + o.rule + ")" }

func (o outcome) matches(v verdict) bool {
	return v.Side == o.side && v.Hop == o.hop && v.Rule == o.rule
}

type labCase struct {
	name     string
	fault    string
	url      string
	viaProxy bool
	want     []outcome // any of these
	status   int       // HTTP status the verdict must report; 0: not checked
	mention  string    // the summary, portal URL, a warning or evidence must contain this
	warns    string    // a warning must contain this
	canary   string    // the canary URL; "" for canaryURL
}

var healthy = outcome{"ok", "none", "site-ok"}

func userAt(hop, rule string) outcome   { return outcome{"user", hop, rule} }
func serverAt(hop, rule string) outcome { return outcome{"server", hop, rule} }

var labCases = []labCase{
	{name: "healthy", fault: "healthy", url: shopURL, want: []outcome{healthy}},
	{name: "link-down", fault: "link-down", url: shopURL, want: []outcome{userAt("link", "link-down")}},
	{name: "router-unreachable", fault: "router-unreachable", url: shopURL, want: []outcome{userAt("router", "router-unreachable")}},
	{name: "isp-down", fault: "isp-down", url: shopURL, want: []outcome{userAt("isp", "isp-down")}},
	{name: "dns-down", fault: "dns-down", url: shopURL, want: []outcome{userAt("dns", "dns-resolver-failing")}},
	{name: "dns-hijack", fault: "dns-hijack", url: shopURL, want: []outcome{userAt("dns", "dns-wrong-answer")}},
	{name: "gone", fault: "healthy", url: "https://gone.gw.test", want: []outcome{serverAt("site-dns", "site-dns-broken")}, mention: "NXDOMAIN"},
	{name: "site-dns-servfail", fault: "site-dns-servfail", url: shopURL, want: []outcome{serverAt("site-dns", "site-dns-broken")}, mention: "SERVFAIL"},
	{name: "vpn-blackhole", fault: "vpn-blackhole", url: shopURL, want: []outcome{userAt("vpn", "vpn-blackhole")}},
	{name: "proxy-down", fault: "proxy-down", url: shopURL, viaProxy: true, want: []outcome{userAt("proxy", "proxy-down")}},
	{name: "proxy-502", fault: "proxy-502", url: shopURL, viaProxy: true, want: []outcome{userAt("proxy", "proxy-error")}},
	// The proxy's own certificate: intercepted, though the site works
	// without the proxy (tls-intercepted comes before proxy-error).
	{name: "proxy-mitm", fault: "proxy-mitm", url: shopURL, viaProxy: true, want: []outcome{userAt("proxy", "tls-intercepted")}},
	// A proxy's page from the site's address with no proxy configured: it
	// may be on this network, the provider's or the site's own, so the
	// side cannot be told.
	{name: "proxy-page", fault: "proxy-page", url: originURL, want: []outcome{{"unknown", "proxy", "proxy-in-path-unconfigured"}}, status: 503, mention: "none is configured"},
	// The proxy's own rules refuse the site: its 403 to CONNECT.
	{name: "proxy-filter", fault: "proxy-filter", url: shopURL, viaProxy: true, want: []outcome{userAt("proxy", "proxy-refused")}, status: 403, mention: "refuses to fetch"},
	// An inline appliance's block page with no proxy configured: the
	// user's network blocks the site (filter-blocked), whatever the page's
	// status; over https the appliance's own certificate, from an
	// authority this computer does not trust, is named as inspection.
	{name: "filter-block", fault: "filter-block", url: "http://shop.gw.test", want: []outcome{userAt("firewall", "filter-blocked")}, status: 200, mention: "FortiGuard"},
	{name: "filter-block-https", fault: "filter-block", url: shopURL, want: []outcome{userAt("firewall", "tls-intercepted-network")}, mention: "FortiGate CA (lab)"},
	// Inspection the computer trusts: the site works, and a warning says
	// who reads the traffic.
	{name: "tls-inspect", fault: "tls-inspect", url: shopURL, want: []outcome{healthy}, warns: "Your network (Zscaler) inspects encrypted traffic: the certificate comes from Zscaler Root CA (lab)"},
	{name: "captive", fault: "captive", url: shopURL, want: []outcome{userAt("captive-portal", "captive-portal")}, mention: portalURL},
	{name: "firewall", fault: "firewall", url: originURL, want: []outcome{userAt("firewall", "firewall-blocked")}},
	{name: "origin-502", fault: "origin-502", url: originURL, want: []outcome{serverAt("origin", "origin-error")}, status: 502},
	{name: "origin-502-via-cdn", fault: "origin-502", url: shopURL, want: []outcome{serverAt("origin", "origin-error")}, status: 502},
	{name: "origin-504", fault: "origin-504", url: originURL, want: []outcome{serverAt("origin", "origin-error")}, status: 504},
	{name: "origin-503", fault: "origin-503", url: originURL, want: []outcome{serverAt("origin", "origin-error")}, status: 503},
	{name: "origin-refused", fault: "origin-refused", url: originURL, want: []outcome{serverAt("origin", "origin-refused")}},
	{name: "origin-silent", fault: "origin-silent", url: originURL, want: []outcome{serverAt("origin", "origin-silent")}},
	{name: "cdn-502", fault: "cdn-502", url: shopURL, want: []outcome{serverAt("cdn", "cdn-error")}, status: 502},
	// A bot check is the site up, whatever its status; a refusal of this
	// computer's address is the user's to change (VPN, proxy), never the
	// site down.
	{name: "cdn-challenge", fault: "cdn-challenge", url: shopURL, want: []outcome{{"ok", "none", "bot-check"}}, status: 403, mention: "asks for a browser check"},
	{name: "cdn-access-denied", fault: "cdn-access-denied", url: shopURL, want: []outcome{userAt("none", "access-refused")}, status: 403, mention: "refuses this computer's address"},
	// A rate limit is the site up asking for fewer requests; Cloudflare's
	// 530 with 1016 (it cannot resolve the origin) is the CDN's own
	// failure; a non-Cloudflare firewall's challenge is a bot check too.
	{name: "rate-limited", fault: "rate-limited", url: shopURL, want: []outcome{{"ok", "none", "rate-limited"}}, status: 429, mention: "rate-limits this computer"},
	{name: "cdn-530", fault: "cdn-530", url: shopURL, want: []outcome{serverAt("cdn", "cdn-error")}, status: 530},
	{name: "waf-challenge", fault: "waf-challenge", url: shopURL, want: []outcome{{"ok", "none", "bot-check"}}, status: 202, mention: "asks for a browser check"},
	{name: "expired", fault: "healthy", url: "https://expired.gw.test", want: []outcome{serverAt("tls", "tls-invalid")}},
	{name: "wrongname", fault: "healthy", url: "https://wrongname.gw.test", want: []outcome{serverAt("tls", "tls-invalid")}},
	// The same expired certificate, but the canary's clock says the
	// client's is 40 days fast: the clock is to blame, not the site.
	{name: "clock-wrong", fault: "clock-wrong", url: "https://expired.gw.test", want: []outcome{userAt("clock", "clock-wrong")}, mention: "judged by 2 clocks"},
	// Only the canary's clock is off: one clock against the site's is no
	// evidence against this computer's, so the expired certificate is the
	// site's.
	{name: "clock-canary-only", fault: "clock-canary-only", url: "https://expired.gw.test", want: []outcome{serverAt("tls", "tls-invalid")}, mention: "clocks disagree"},
	// Connected with only a self-assigned address and no route out.
	// IPv4 and IPv6 told apart, with a canary that has both: the dual-stack
	// lab works for the IPv6-only site; with the router forwarding no IPv6,
	// the dual-stack site still answers (over IPv4, Happy Eyeballs) with a
	// warning, and the IPv6-only site cannot be reached: the user's network.
	{name: "ipv6-v6only", fault: "ipv6", url: "https://v6only.gw.test", canary: dualCanaryURL, want: []outcome{healthy}},
	{name: "ipv6-broken-dual", fault: "ipv6-broken", url: "https://dual.gw.test", canary: dualCanaryURL, want: []outcome{healthy}, mention: "IPv6 is broken on your network"},
	{name: "ipv6-broken-v6only", fault: "ipv6-broken", url: "https://v6only.gw.test", canary: dualCanaryURL, want: []outcome{userAt("router", "ip-family-broken")}, mention: "IPv6 is broken on your network"},
	{name: "no-dhcp", fault: "no-dhcp", url: shopURL, want: []outcome{userAt("link", "dhcp-failed")}, mention: "169.254.10.10"},
	// 30% loss each way may or may not break a single check; it must never
	// be blamed on the site. When the router's resolver times out under it
	// while the reference resolvers answer, the DNS verdict stands (with a
	// packet-loss warning): the site was never waited for. When the site
	// times out on a path that loses packets or leaves some internet host
	// silent, gatewatch cannot tell the path from the site: undecided,
	// never origin-silent.
	{name: "loss30", fault: "loss30", url: shopURL, want: []outcome{healthy, userAt("isp", "isp-packet-loss"), userAt("isp", "isp-down"), userAt("dns", "dns-resolver-failing"), {"unknown", "none", gwverdict.Undecided}}},
	// The router drops outgoing 443: the reference host's 443 is as silent
	// as the site, its 53 and the http canary answer.
	{name: "https-blocked", fault: "https-blocked", url: originURL, want: []outcome{userAt("firewall", "https-blocked")}, mention: "DNS and plain http get through"},
	{name: "https-blocked-cdn", fault: "https-blocked", url: shopURL, want: []outcome{userAt("firewall", "https-blocked")}, mention: "answered at 0 of 1 reference hosts"},
	// Full-size packets vanish between router and ISP (no ICMP back): the
	// 1200-byte-segment retry gets the 64 KiB page.
	{name: "mtu-blackhole", fault: "mtu-blackhole", url: originURL, want: []outcome{userAt("isp", "mtu-blackhole")}, mention: "at most 1200 bytes"},
	// The same, with the traffic leaving by a VPN-like interface: the
	// tunnel's MTU is the one to lower.
	{name: "mtu-blackhole-vpn", fault: "mtu-blackhole-vpn", url: originURL, want: []outcome{userAt("vpn", "mtu-blackhole-vpn")}, mention: "Through your VPN (tunmtu0)"},
	// Connect and TLS fast, the answer after the timeout.
	{name: "origin-slow", fault: "origin-slow", url: originURL, want: []outcome{serverAt("origin", "origin-slow")}, mention: "answers too slowly"},
	// Behind a local stub (systemd-resolved's place): healthy, then the
	// stub dead with its upstream answering.
	{name: "dns-stub", fault: "dns-stub", url: shopURL, want: []outcome{healthy}},
	{name: "dns-stub-dead", fault: "dns-stub-dead", url: shopURL, want: []outcome{userAt("dns", "dns-stub-failing")}, mention: "systemd-resolved"},
	// A DNS filter: a blocking answer, and a block page answering 200 with
	// the site's own certificate name; a CDN's geo-DNS stays ok.
	{name: "dns-filter-zero", fault: "dns-filter-zero", url: shopURL, want: []outcome{userAt("dns", "dns-filtered")}, mention: "it answers 0.0.0.0"},
	{name: "dns-block-page", fault: "dns-block-page", url: shopURL, want: []outcome{userAt("dns", "dns-block-page")}, mention: "Website blocked"},
	{name: "dns-geo", fault: "dns-geo", url: shopURL, want: []outcome{healthy}},
	// Loss heavy enough that the site cannot answer, measured on every run.
	{name: "loss-heavy", fault: "loss-heavy", url: shopURL, want: []outcome{userAt("isp", "isp-packet-loss")}},
}

func TestFaults(t *testing.T) {
	needLab(t)
	for _, tc := range labCases {
		t.Run(tc.name, func(t *testing.T) {
			setFault(t, tc.fault)
			defer clearFault(t)
			v, code := checkWith(t, tc.url, tc.viaProxy, cmp.Or(tc.canary, canaryURL), "")
			matched := false
			for _, o := range tc.want {
				matched = matched || o.matches(v)
			}
			if !matched {
				t.Errorf("fault %s, %s: got %s/%s (%s), want %v", tc.fault, tc.url, v.Side, v.Hop, v.Rule, tc.want)
			}
			wantCode := 1
			if v.Side == "ok" {
				wantCode = 0
			}
			if code != wantCode {
				t.Errorf("exit code %d for side %s, want %d", code, v.Side, wantCode)
			}
			if tc.status != 0 && v.Status != tc.status {
				t.Errorf("status %d, want %d", v.Status, tc.status)
			}
			if tc.mention != "" && !v.mentions(tc.mention) {
				t.Errorf("neither summary, portal_url nor evidence mentions %s", tc.mention)
			}
			if tc.warns != "" && !strings.Contains(strings.Join(v.Warnings, "\n"), tc.warns) {
				t.Errorf("no warning says %q: %q", tc.warns, v.Warnings)
			}
		})
	}
}
