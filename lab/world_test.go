//go:build linux

package lab_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The second opinion in the lab: the Globalping stand-in
// (lab/cmd/labglobalping, scenario live) runs in the "internet"
// namespace, where its pretend probes really fetch the site; its probe in
// the user's network fetches through the ISP's proxy, so it takes the
// provider's path.
const (
	worldAPIAddr = "203.0.113.30:8090" // beside the canary, on a port nginx does not use
	worldUserASN = 64500
)

var worldCases = []labCase{
	// Without the second opinion, a provider's block looks like the site
	// being silent: the confident guess issue 14 is about.
	{name: "isp-blocks-origin-alone", fault: "isp-blocks-origin", url: originURL, want: []outcome{serverAt("origin", "origin-silent")}},
	// Blocked on the user's provider's path, reachable from the world:
	// the user's side.
	{name: "isp-blocks-origin", fault: "isp-blocks-origin", url: originURL, want: []outcome{userAt("isp", "world-isp-blocked")}, mention: "cannot reach origin.gw.test; other networks can"},
	// Blocked by the home router: other places and the provider's own
	// network reach the site; between you and the site.
	{name: "router-blocks-origin", fault: "router-blocks-origin", url: originURL, want: []outcome{{"unknown", "none", "world-elsewhere"}}, mention: "answers from 7 of 7 places elsewhere"},
	// A regional outage, scripted (-target wrongname.gw.test=regional):
	// the lab has one internet, so regions are the stand-in's story.
	{name: "regional", fault: "healthy", url: "https://wrongname.gw.test", want: []outcome{serverAt("origin", "world-regional")}, mention: "is down in Asia, Oceania"},
	// The site is down and the world agrees: the site's side, for everyone.
	{name: "origin-refused-everywhere", fault: "origin-refused", url: originURL, want: []outcome{serverAt("origin", "world-down")}, mention: "is down for everyone (7 of 7 places)"},
}

func TestWorldFaults(t *testing.T) {
	needLab(t)
	cfg := startWorldAPI(t)
	for _, tc := range worldCases {
		t.Run(tc.name, func(t *testing.T) {
			setFault(t, tc.fault)
			defer clearFault(t)
			conf := cfg
			if strings.HasSuffix(tc.name, "-alone") {
				conf = filepath.Join(labEnv.dir, "gatewatch-lab.toml")
			}
			v, code := checkWith(t, tc.url, false, canaryURL, conf)
			matched := false
			for _, o := range tc.want {
				matched = matched || o.matches(v)
			}
			if !matched {
				t.Errorf("fault %s, %s: got %s/%s (%s), want %v", tc.fault, tc.url, v.Side, v.Hop, v.Rule, tc.want)
			}
			if code != 1 {
				t.Errorf("exit code %d, want 1", code)
			}
			if tc.mention != "" && !v.mentions(tc.mention) {
				t.Errorf("the summary does not say %q", tc.mention)
			}
		})
	}
}

// startWorldAPI builds and starts the stand-in in the internet namespace
// and returns a lab config with the second opinion pointed at it.
func startWorldAPI(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "labglobalping")
	if out, err := runCmd(3*time.Minute, labEnv.dir, "go", "build", "-o", bin, "./cmd/labglobalping"); err != nil {
		t.Fatalf("building labglobalping: %v\n%s", err, out)
	}
	netNS := strings.TrimSuffix(labEnv.clientNS, "-client") + "-net"
	pid := filepath.Join(dir, "labglobalping.pid")
	cmd := exec.Command("ip", "netns", "exec", netNS, "env", "-i",
		"SSL_CERT_FILE="+filepath.Join(labEnv.run, "certs", "ca.pem"),
		bin, "-listen", worldAPIAddr, "-scenario", "live", "-user-proxy", proxyURL, "-target", "wrongname.gw.test=regional",
		"-user-asn", fmt.Sprint(worldUserASN), "-pidfile", pid)
	log, err := os.Create(filepath.Join(dir, "labglobalping.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting labglobalping: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill() // the process this test started, by its pid
		_ = cmd.Wait()
		log.Close()
	})
	for i := 0; ; i++ {
		if _, err := os.Stat(pid); err == nil {
			break
		}
		if i > 50 {
			out, _ := os.ReadFile(log.Name())
			t.Fatalf("labglobalping did not start:\n%s", out)
		}
		time.Sleep(100 * time.Millisecond)
	}
	base, err := os.ReadFile(filepath.Join(labEnv.dir, "gatewatch-lab.toml"))
	if err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "gatewatch-lab-world.toml")
	world := fmt.Sprintf("\n[world]\nenabled = true\napi = \"http://%s\"\nasn = %d\n", worldAPIAddr, worldUserASN)
	// [world] must come before the [[sites]] arrays of tables.
	text := strings.Replace(string(base), "[[sites]]", strings.TrimPrefix(world, "\n")+"\n[[sites]]", 1)
	if err := os.WriteFile(conf, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return conf
}
