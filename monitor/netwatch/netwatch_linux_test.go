package netwatch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// cannotRun skips a test that needs what this machine lacks, except in CI
// (CI=true), where a skipped test would hide that it never ran: it fails.
func cannotRun(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("cannot run under CI=true: "+format, args...)
	}
	t.Skipf(format, args...)
}

// TestWatchNetworkSeesLinkChange runs the watcher in a network namespace
// of its own (this test binary re-executed there). An address added and
// removed within the debounce makes events but no change: no
// notification. Bringing the namespace's loopback up is a change: one
// notification. The host's network is never touched.
func TestWatchNetworkSeesLinkChange(t *testing.T) {
	if os.Getenv("GATEWATCH_NETWATCH_CHILD") == "1" {
		netwatchChild()
		return
	}
	if os.Geteuid() != 0 {
		cannotRun(t, "needs root to create a network namespace")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		cannotRun(t, "needs iproute2")
	}
	ns := fmt.Sprintf("gwnw-%d", os.Getpid())
	if out, err := exec.Command("ip", "netns", "add", ns).CombinedOutput(); err != nil {
		cannotRun(t, "ip netns add: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("ip", "netns", "del", ns).Run() })

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	child := exec.CommandContext(ctx, "ip", "netns", "exec", ns, os.Args[0], "-test.run=^TestWatchNetworkSeesLinkChange$")
	child.Env = append(os.Environ(), "GATEWATCH_NETWATCH_CHILD=1")
	stdout, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { child.Process.Kill(); child.Wait() })
	lines := make(chan string, 10)
	go func() {
		buf := make([]byte, 4096)
		var acc string
		for {
			n, err := stdout.Read(buf)
			acc += string(buf[:n])
			for {
				i := strings.IndexByte(acc, '\n')
				if i < 0 {
					break
				}
				lines <- acc[:i]
				acc = acc[i+1:]
			}
			if err != nil {
				close(lines)
				return
			}
		}
	}()
	expect := func(want string) {
		t.Helper()
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("child ended before %q", want)
				}
				if l == want {
					return
				}
			case <-ctx.Done():
				t.Fatalf("no %q from the watcher", want)
			}
		}
	}
	ipIn := func(args ...string) {
		t.Helper()
		if out, err := exec.Command("ip", append([]string{"-n", ns}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("ip %v: %v %s", args, err, out)
		}
	}
	expect("watching")
	// One ip command for both: they happen well within the debounce.
	batch := exec.Command("ip", "-n", ns, "-batch", "-")
	batch.Stdin = strings.NewReader("address add 198.51.100.7/32 dev lo\naddress del 198.51.100.7/32 dev lo\n")
	if out, err := batch.CombinedOutput(); err != nil {
		t.Fatalf("ip -batch: %v %s", err, out)
	}
	select {
	case l := <-lines:
		t.Fatalf("an address added and removed again was reported: %q", l)
	case <-time.After(2 * time.Second):
	}
	ipIn("link", "set", "lo", "up")
	expect("changed")
}

func netwatchChild() {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	go func() {
		time.Sleep(200 * time.Millisecond) // subscribed by then
		fmt.Println("watching")
	}()
	WatchNetwork(ctx, 500*time.Millisecond, func() { fmt.Println("changed") })
}

// The resident waits for the watcher on quit: cancelling must end it even
// though nothing on the network changes (a blocked read(2) would not end).
func TestWatchNetworkEndsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- WatchNetwork(ctx, 0, func() {}) }()
	time.Sleep(100 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if err != nil && !errors.Is(err, context.Canceled) {
			t.Fatalf("WatchNetwork: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("WatchNetwork still running 5s after cancel")
	}
}

// A directory that cannot be watched is said, not ignored: /etc's failure
// is returned, another's logged, a missing optional one is nothing.
func TestWatchResolvDirsReportsFailures(t *testing.T) {
	dir := t.TempDir()
	file := dir + "/file"
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		dirs    []string
		wantErr bool
		logs    int
	}{
		{"all there", []string{dir, dir}, false, 0},
		{"required missing", []string{dir + "/none"}, true, 0},
		{"optional missing", []string{dir, dir + "/none"}, false, 0},
		{"optional unwatchable", []string{dir, file + "/x"}, false, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in, err := unix.InotifyInit1(unix.IN_CLOEXEC)
			if err != nil {
				t.Fatal(err)
			}
			defer unix.Close(in)
			var logs []string
			err = watchResolvDirs(in, c.dirs, func(f string, a ...any) { logs = append(logs, fmt.Sprintf(f, a...)) })
			if (err != nil) != c.wantErr || len(logs) != c.logs {
				t.Fatalf("err %v, logs %q", err, logs)
			}
			if err != nil && !strings.Contains(err.Error(), c.dirs[0]) {
				t.Fatalf("error %q does not name %s", err, c.dirs[0])
			}
		})
	}
}
