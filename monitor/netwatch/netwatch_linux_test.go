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
)

// TestWatchNetworkSeesLinkChange runs the watcher in a network namespace
// of its own (this test binary re-executed there), changes that
// namespace's loopback link, and expects one debounced notification. The
// host's network is never touched.
func TestWatchNetworkSeesLinkChange(t *testing.T) {
	if os.Getenv("GATEWATCH_NETWATCH_CHILD") == "1" {
		netwatchChild()
		return
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root to create a network namespace")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("needs iproute2")
	}
	ns := fmt.Sprintf("gwnw-%d", os.Getpid())
	if out, err := exec.Command("ip", "netns", "add", ns).CombinedOutput(); err != nil {
		t.Skipf("ip netns add: %v %s", err, out)
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
	expect("watching")
	if out, err := exec.Command("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up").CombinedOutput(); err != nil {
		t.Fatalf("ip link set lo up: %v %s", err, out)
	}
	expect("changed")
}

func netwatchChild() {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	go func() {
		time.Sleep(200 * time.Millisecond) // subscribed by then
		fmt.Println("watching")
	}()
	WatchNetwork(ctx, 100*time.Millisecond, func() {
		fmt.Println("changed")
		cancel()
	})
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
