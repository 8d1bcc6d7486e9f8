//go:build unix

package control

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func serve(t *testing.T, path string, h Handler) {
	t.Helper()
	s, err := Listen(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, h) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
}

func shortDir(t *testing.T) string {
	// Unix socket paths are limited to ~108 bytes; t.TempDir can be long.
	d, err := os.MkdirTemp("", "gwc")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(d) })
	return d
}

func TestCallAndReply(t *testing.T) {
	path := filepath.Join(shortDir(t), "gw", "control.sock")
	serve(t, path, func(r Request) Reply {
		switch r.Cmd {
		case CmdPing:
			return Reply{OK: true}
		case CmdNotifyBack:
			return Reply{OK: true, Message: "armed " + r.URL}
		}
		return Reply{Error: "unknown command " + r.Cmd}
	})
	fi, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o700 {
		t.Errorf("directory mode %v, want 0700", fi.Mode().Perm())
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("socket mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	rep, err := Call(path, Request{Cmd: CmdNotifyBack, URL: "https://shop.example/"})
	if err != nil || rep.Message != "armed https://shop.example/" {
		t.Fatalf("Call = %+v, %v", rep, err)
	}
	if _, err := Call(path, Request{Cmd: "format-disk"}); err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Errorf("unknown command: err = %v", err)
	}
}

func TestSecondListenSaysRunning(t *testing.T) {
	path := filepath.Join(shortDir(t), "control.sock")
	serve(t, path, func(Request) Reply { return Reply{OK: true} })
	if _, err := Listen(path); !errors.Is(err, ErrRunning) {
		t.Fatalf("second Listen: %v, want ErrRunning", err)
	}
}

func TestStaleSocketIsReplaced(t *testing.T) {
	path := filepath.Join(shortDir(t), "control.sock")
	// A socket file nobody listens on, as a crashed resident leaves it.
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("stale socket should remain: %v", err)
	}
	serve(t, path, func(Request) Reply { return Reply{OK: true} })
	if _, err := Call(path, Request{Cmd: CmdPing}); err != nil {
		t.Fatal(err)
	}
}

func TestCallWithoutResident(t *testing.T) {
	_, err := Call(filepath.Join(shortDir(t), "none.sock"), Request{Cmd: CmdPing})
	if !errors.Is(err, ErrNotRunning) {
		t.Fatalf("err = %v, want ErrNotRunning", err)
	}
}

func TestBadRequestGetsError(t *testing.T) {
	path := filepath.Join(shortDir(t), "control.sock")
	serve(t, path, func(Request) Reply { return Reply{OK: true} })
	c, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write([]byte("not json\n")); err != nil {
		t.Fatal(err)
	}
	var rep Reply
	if err := readJSON(c, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.OK || !strings.Contains(rep.Error, "bad request") {
		t.Errorf("reply %+v", rep)
	}
}

func TestPrivateDirTightensMode(t *testing.T) {
	d := filepath.Join(shortDir(t), "open")
	if err := os.Mkdir(d, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := privateDir(d); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(d)
	if fi.Mode().Perm() != 0o700 {
		t.Errorf("mode %v, want 0700", fi.Mode().Perm())
	}
}
