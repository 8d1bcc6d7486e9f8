//go:build linux

package lab_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runFix runs `gatewatch fix ARGS` in the client namespace with a clean
// environment (plus extraPath in front of PATH) and its own state dir.
func runFix(t *testing.T, state, extraPath string, args ...string) (string, int) {
	t.Helper()
	return runFixEnv(t, state, extraPath, nil, args...)
}

func runFixEnv(t *testing.T, state, extraPath string, extraEnv []string, args ...string) (string, int) {
	t.Helper()
	path := "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
	if extraPath != "" {
		path = extraPath + ":" + path
	}
	cmdArgs := []string{"netns", "exec", labEnv.clientNS, "env", "-i",
		"PATH=" + path,
		"HOME=" + labEnv.home,
		"SSL_CERT_FILE=" + filepath.Join(labEnv.run, "certs", "ca.pem"),
		"GATEWATCH_LAB_ONLY=lab"}
	cmdArgs = append(cmdArgs, extraEnv...)
	cmdArgs = append(cmdArgs, labEnv.bin, "fix")
	cmdArgs = append(cmdArgs, args...)
	cmdArgs = append(cmdArgs, "--config", filepath.Join(labEnv.dir, "gatewatch-lab.toml"),
		"--canary", canaryURL, "--resolver", resolver, "--state-dir", state)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ip", cmdArgs...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	t.Logf("gatewatch fix %s:\n%s", strings.Join(args, " "), out.String())
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("gatewatch fix did not finish in 90s")
	case errors.As(err, &exit):
		return out.String(), exit.ExitCode()
	case err != nil:
		t.Fatalf("running gatewatch fix: %v", err)
	}
	return out.String(), 0
}

func inode(t *testing.T, path string) uint64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Sys().(*syscall.Stat_t).Ino
}

// TestFixSwitchDNS: the dns-hijack fault is fixed for real by switch-dns
// with the resolv.conf backend in the client namespace, the re-diagnosis
// says ok, and undo brings the hijacking resolver back.
func TestFixSwitchDNS(t *testing.T) {
	needLab(t)
	nsConf := filepath.Join("/etc/netns", labEnv.clientNS, "resolv.conf")
	orig, err := os.ReadFile(nsConf)
	if err != nil {
		t.Fatal(err)
	}
	hostConf, err := os.ReadFile("/etc/resolv.conf")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := os.WriteFile(nsConf, orig, 0o644); err != nil {
			t.Errorf("restoring %s: %v", nsConf, err)
		}
		if now, _ := os.ReadFile("/etc/resolv.conf"); !bytes.Equal(now, hostConf) {
			t.Errorf("the host's /etc/resolv.conf changed: %q", now)
		}
	})
	// Inside the namespace, /etc/resolv.conf must be the bind mount of
	// the namespace's file (same inode), never the host's own file.
	out, err := runCmd(10*time.Second, labEnv.dir, "ip", "netns", "exec", labEnv.clientNS, "stat", "-c", "%i", "/etc/resolv.conf")
	if err != nil {
		t.Fatalf("stat in the namespace: %v\n%s", err, out)
	}
	if got, want := strings.TrimSpace(string(out)), inode(t, nsConf); got != strconv.FormatUint(want, 10) {
		t.Fatalf("/etc/resolv.conf in %s is inode %s, not %s's %d: refusing to edit it", labEnv.clientNS, got, nsConf, want)
	}

	setFault(t, "dns-hijack")
	defer clearFault(t)
	state := t.TempDir()
	if v, _ := check(t, shopURL, false); v.Side != "user" || v.Hop != "dns" {
		t.Fatalf("before the fix: %s/%s, want user/dns", v.Side, v.Hop)
	}
	fixArgs := []string{"switch-dns", "--dns-backend", "resolvconf", "--resolv-conf", "/etc/resolv.conf", shopURL}

	out2, code := runFix(t, state, "", append([]string{"--dry-run"}, fixArgs...)...)
	if code != 0 || !strings.Contains(out2, "write /etc/resolv.conf:") || !strings.Contains(out2, "nameserver 203.0.113.53") {
		t.Fatalf("dry run: exit %d, want the file change shown", code)
	}
	if now, _ := os.ReadFile(nsConf); !bytes.Equal(now, orig) {
		t.Fatalf("the dry run changed %s: %q", nsConf, now)
	}

	out2, code = runFix(t, state, "", append([]string{"--yes"}, fixArgs...)...)
	if code != 0 || !strings.Contains(out2, "Fixed: shop.gw.test answers again.") {
		t.Fatalf("switch-dns: exit %d, want 0 and \"Fixed\"", code)
	}
	if now, _ := os.ReadFile(nsConf); !strings.Contains(string(now), "nameserver 203.0.113.53") || strings.Contains(string(now), "192.0.2.1") {
		t.Fatalf("%s after the fix: %q", nsConf, now)
	}
	if v, code := check(t, shopURL, false); v.Side != "ok" || code != 0 {
		t.Errorf("after the fix, a new check says %s/%s (exit %d), want ok", v.Side, v.Hop, code)
	}

	out2, code = runFix(t, state, "", "--undo", "--yes", "switch-dns", shopURL)
	if code != 1 || !strings.Contains(out2, "Still failing") {
		t.Errorf("undo: exit %d, want 1 and \"Still failing\" (the hijacking resolver is back)", code)
	}
	if now, _ := os.ReadFile(nsConf); !bytes.Equal(now, orig) {
		t.Errorf("undo left %q, want %q", now, orig)
	}
	if v, _ := check(t, shopURL, false); v.Side != "user" || v.Hop != "dns" {
		t.Errorf("after undo: %s/%s, want user/dns again", v.Side, v.Hop)
	}
	logData, err := os.ReadFile(filepath.Join(state, "fixes.jsonl"))
	if err != nil || strings.Count(string(logData), "\n") != 2 {
		t.Errorf("fix log: %v\n%s", err, logData)
	}
}

// TestFixDisconnectVPN: the vpn-blackhole fault is fixed by taking the
// lab's tunnel interface down through the fix (the unmanaged-tunnel
// backend; NetworkManager's is unit-tested).
func TestFixDisconnectVPN(t *testing.T) {
	needLab(t)
	setFault(t, "vpn-blackhole")
	defer clearFault(t)
	state := t.TempDir()
	if v, _ := check(t, shopURL, false); v.Side != "user" || v.Hop != "vpn" {
		t.Fatalf("before the fix: %s/%s, want user/vpn", v.Side, v.Hop)
	}
	out, code := runFix(t, state, "", "disconnect-vpn", "--dry-run", shopURL)
	if code != 0 || !strings.Contains(out, "run: ip link set dev gwvpn0 down") {
		t.Fatalf("dry run: exit %d, want the ip command", code)
	}
	out, code = runFix(t, state, "", "disconnect-vpn", "--yes", shopURL)
	if code != 0 || !strings.Contains(out, "Fixed: shop.gw.test answers again.") {
		t.Fatalf("disconnect-vpn: exit %d, want 0 and \"Fixed\"", code)
	}
	link, err := runCmd(10*time.Second, labEnv.dir, "ip", "-n", labEnv.clientNS, "-o", "link", "show", "gwvpn0")
	if err != nil || strings.Contains(string(link), ",UP") {
		t.Errorf("gwvpn0 after the fix: %v %s", err, link)
	}
	if v, code := check(t, shopURL, false); v.Side != "ok" || code != 0 {
		t.Errorf("after the fix: %s/%s (exit %d), want ok", v.Side, v.Hop, code)
	}
}

// TestFixCaptivePortal: open-captive-portal opens the portal's login URL
// in the browser (a stand-in xdg-open that records its argument).
func TestFixCaptivePortal(t *testing.T) {
	needLab(t)
	setFault(t, "captive")
	defer clearFault(t)
	bin := t.TempDir()
	opened := filepath.Join(bin, "opened")
	stub := "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + opened + "\n"
	if err := os.WriteFile(filepath.Join(bin, "xdg-open"), []byte(stub), 0o755); err != nil {
		t.Fatal(err)
	}
	out, code := runFix(t, t.TempDir(), bin, "open-captive-portal", shopURL)
	if code != 0 || !strings.Contains(out, "Opened "+portalURL+" in the browser.") {
		t.Fatalf("exit %d, want 0 and the portal opened", code)
	}
	got, err := os.ReadFile(opened)
	if err != nil || string(got) != portalURL+"\n" {
		t.Errorf("xdg-open was given %q (%v), want %s", got, err, portalURL)
	}
}

// TestFixBypassProxy: with the proxy down, bypass-proxy re-checks the site
// without it at once and says the proxy is the problem.
func TestFixBypassProxy(t *testing.T) {
	needLab(t)
	setFault(t, "proxy-down")
	defer clearFault(t)
	proxyEnv := []string{"HTTPS_PROXY=" + proxyURL, "HTTP_PROXY=" + proxyURL, "https_proxy=" + proxyURL, "http_proxy=" + proxyURL}
	out, code := runFixEnv(t, t.TempDir(), "", proxyEnv, "bypass-proxy", shopURL)
	if code != 0 || !strings.Contains(out, "Without the proxy, shop.gw.test answers: the proxy is the problem.") {
		t.Errorf("exit %d, want 0 and the proxy named as the problem", code)
	}
}

// TestFixLowerMTU: the mtu-blackhole-vpn fault is fixed for real by
// lowering the VPN-like interface's MTU to the measured size plus headers
// (the client then announces a small MSS itself), and undo puts the old
// MTU back, which brings the stall back.
func TestFixLowerMTU(t *testing.T) {
	needLab(t)
	setFault(t, "mtu-blackhole-vpn")
	defer clearFault(t)
	state := t.TempDir()
	if v, _ := check(t, originURL, false); v.Rule != "mtu-blackhole-vpn" {
		t.Fatalf("before the fix: %s/%s (%s), want mtu-blackhole-vpn", v.Side, v.Hop, v.Rule)
	}
	mtu := func() string {
		out, err := runCmd(10*time.Second, labEnv.dir, "ip", "-n", labEnv.clientNS, "-o", "link", "show", "tunmtu0")
		if err != nil {
			t.Fatalf("ip link: %v %s", err, out)
		}
		f := strings.Fields(string(out))
		for i := range f[:len(f)-1] {
			if f[i] == "mtu" {
				return f[i+1]
			}
		}
		t.Fatalf("no mtu in %s", out)
		return ""
	}
	out, code := runFix(t, state, "", "lower-vpn-mtu", "--dry-run", originURL)
	if code != 0 || !strings.Contains(out, "run: ip link set dev tunmtu0 mtu 1240") || mtu() != "1500" {
		t.Fatalf("dry run: exit %d, mtu %s, want the ip command shown and nothing changed", code, mtu())
	}
	out, code = runFix(t, state, "", "lower-vpn-mtu", "--yes", originURL)
	if code != 0 || !strings.Contains(out, "Fixed: origin.gw.test answers again.") || mtu() != "1240" {
		t.Fatalf("lower-vpn-mtu: exit %d, mtu %s, want 0, \"Fixed\" and 1240", code, mtu())
	}
	out, code = runFix(t, state, "", "--undo", "--yes", "lower-vpn-mtu", originURL)
	if code != 1 || !strings.Contains(out, "Still failing") || mtu() != "1500" {
		t.Errorf("undo: exit %d, mtu %s, want 1, \"Still failing\" and 1500 again", code, mtu())
	}
}
