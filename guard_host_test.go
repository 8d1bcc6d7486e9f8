// The nftables counter and the uid switch are Linux.

//go:build linux

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runMainEnv makes the test binary act as gatewatch itself (TestMain), so
// the host guard test runs the real program without building it again.
const runMainEnv = "GATEWATCH_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		os.Exit(run(os.Args[1:]))
	}
	os.Exit(m.Run())
}

// TestHostGuardSendsNothingOutside runs `gatewatch check` and a short
// `gatewatch monitor` on the host, as an otherwise unused uid, under the
// loopback-only guard with a loopback config, and counts with nftables
// every packet that uid sends anywhere but the loopback interface: there
// must be none, although the host's default route leads to a real router
// and its resolv.conf to a real resolver. The counting rule also drops
// those packets, so a broken guard fails the test without reaching the
// network. Needs root (nft, setuid); CI runs as root.
func TestHostGuardSendsNothingOutside(t *testing.T) {
	if os.Geteuid() != 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI must run the host guard test: it needs root")
		}
		t.Skip("needs root: nftables counter and a spare uid")
	}
	nft, err := exec.LookPath("nft")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("nft not found (apt-get install nftables)")
		}
		t.Skip("nft not found")
	}
	// An id no account uses, distinct per run so parallel runs keep apart.
	uid := 61000 + os.Getpid()%4000
	table := fmt.Sprintf("gatewatch_guard_%d", os.Getpid())
	nftRun := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(nft, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("nft %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	nftRun("add", "table", "inet", table)
	t.Cleanup(func() {
		if out, err := exec.Command(nft, "delete", "table", "inet", table).CombinedOutput(); err != nil {
			t.Errorf("removing nft table %s: %v\n%s", table, err, out)
		}
	})
	nftRun("add", "chain", "inet", table, "out", "{ type filter hook output priority 0 ; policy accept ; }")
	nftRun("add", "rule", "inet", table, "out", "meta", "skuid", strconv.Itoa(uid), "oifname", "!=", "lo", "counter", "drop", "comment", `"outside"`)
	nftRun("add", "rule", "inet", table, "out", "meta", "skuid", strconv.Itoa(uid), "oifname", "lo", "counter", "comment", `"loopback"`)

	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/generate_204" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		io.WriteString(w, "hello")
	}))
	defer site.Close()
	resolver := tcpAcceptor(t) // the reference "resolver": Reach only connects
	port := site.Listener.Addr().(*net.TCPAddr).Port

	dir := t.TempDir()
	bin := filepath.Join(dir, "gatewatch")
	copyExecutable(t, bin)
	cfg := filepath.Join(dir, "config.toml")
	// A named site too: its lookup must not reach the system resolver.
	conf := fmt.Sprintf(`interval = "15s"
timeout = "2s"
[network]
canaries = ["%[1]s/generate_204"]
resolvers = ["%[2]s"]
[[sites]]
url = "%[1]s/"
[[sites]]
url = "http://gatewatch-guard.test:%[3]d/"
`, site.URL, resolver, port)
	if err := os.WriteFile(cfg, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	for d := dir; d != os.TempDir() && d != "/"; d = filepath.Dir(d) {
		os.Chmod(d, 0o755) // t.TempDir's directories are private to root
	}
	home := filepath.Join(dir, "home")
	if err := os.Mkdir(home, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(home, uid, uid); err != nil {
		t.Fatal(err)
	}
	gatewatch := func(args ...string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Env = []string{runMainEnv + "=1", "GATEWATCH_LAB_ONLY=1", "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
			"HOME=" + home, "XDG_CONFIG_HOME=" + home, "XDG_DATA_HOME=" + home, "XDG_STATE_HOME=" + home, "XDG_CACHE_HOME=" + home}
		cmd.Dir = home
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(uid)}}
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		t.Logf("gatewatch %s: %v\n%s", strings.Join(args, " "), err, out.String())
		if ctx.Err() != nil {
			t.Fatalf("gatewatch %s did not finish", args[0])
		}
		return out.String()
	}
	out := gatewatch("check", "--json", "--config", cfg)
	if !strings.Contains(out, `"side":"ok"`) {
		t.Errorf("the loopback site was not diagnosed ok")
	}
	if strings.Contains(out, `"check":"router"`) {
		t.Errorf("a router step under the guard: the router must be not tested")
	}
	if !strings.Contains(out, "test guard") {
		t.Errorf("no refusal of the guard in the evidence (router, system resolvers, name lookup)")
	}
	afterCheck := nftCounter(t, nftRun("list", "table", "inet", table), "loopback")
	if afterCheck == 0 {
		t.Fatalf("no loopback packet counted for uid %d: the counter does not see gatewatch", uid)
	}
	gatewatch("monitor", "--config", cfg, "--no-history", "--for", "3s")

	counts := nftRun("list", "table", "inet", table)
	outside, loop := nftCounter(t, counts, "outside"), nftCounter(t, counts, "loopback")
	if loop == afterCheck {
		t.Errorf("the monitor sent no loopback packet: it ran no round to count\n%s", counts)
	}
	if outside != 0 {
		t.Errorf("uid %d sent %d packets outside loopback under GATEWATCH_LAB_ONLY=1 (dropped by the test's rule)\n%s", uid, outside, counts)
	}
}

// tcpAcceptor listens on loopback and accepts (and closes) connections.
func tcpAcceptor(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	return ln.Addr().String()
}

// copyExecutable copies this test binary where another uid may run it.
func copyExecutable(t *testing.T, dst string) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o755); err != nil {
		t.Fatal(err)
	}
}

var counterRe = regexp.MustCompile(`counter packets (\d+) bytes \d+(?: drop)? comment "([a-z]+)"`)

// nftCounter reads the packet count of the rule with comment name.
func nftCounter(t *testing.T, listing, name string) int {
	t.Helper()
	for _, m := range counterRe.FindAllStringSubmatch(listing, -1) {
		if m[2] == name {
			n, _ := strconv.Atoi(m[1])
			return n
		}
	}
	t.Fatalf("no counter %q in\n%s", name, listing)
	return 0
}
