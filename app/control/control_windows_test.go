package control

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"
)

// Run under Wine by scripts/windows-test.sh (a Windows test binary): the
// named pipe answers, is exclusive, and is gone with its resident.
func TestPipeCallListenClose(t *testing.T) {
	path := fmt.Sprintf(`\\.\pipe\gatewatch-test-%d-control`, os.Getpid())
	if _, err := Call(path, Request{Cmd: CmdPing}); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("Call without a resident: %v, want ErrNotRunning", err)
	}
	srv, err := Listen(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- srv.Serve(ctx, func(r Request) Reply { return Reply{OK: true, Message: "pong " + r.URL} })
	}()
	rep, err := Call(path, Request{Cmd: CmdPing, URL: "x"})
	if err != nil || rep.Message != "pong x" {
		t.Fatalf("Call = %+v, %v", rep, err)
	}
	if _, err := Listen(path); !errors.Is(err, ErrRunning) {
		t.Errorf("second Listen: %v, want ErrRunning", err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	srv2, err := Listen(path)
	if err != nil {
		t.Fatalf("Listen after the resident ended: %v", err)
	}
	srv2.Close()
}

func TestSocketPathIsPipe(t *testing.T) {
	t.Setenv("XDG_RUNTIME_DIR", `C:\xdg`)
	sid, err := userSID()
	if err != nil {
		t.Fatal(err)
	}
	if got := SocketPath(); got != pipeName(sid) {
		t.Errorf("SocketPath = %q, want %q", got, pipeName(sid))
	}
}

// A resident that never answers must not hang its caller: the pipe's
// deadline timer breaks the exchange.
func TestPipeHungResident(t *testing.T) {
	path := fmt.Sprintf(`\\.\pipe\gatewatch-test-%d-hung`, os.Getpid())
	srv, err := Listen(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	release := make(chan struct{})
	defer close(release)
	go srv.Serve(ctx, func(Request) Reply { <-release; return Reply{OK: true} })
	start := time.Now()
	if _, err := Call(path, Request{Cmd: CmdPing}); err == nil {
		t.Fatal("Call to a hung resident succeeded")
	}
	if d := time.Since(start); d > callTimeout+2*time.Second {
		t.Errorf("Call to a hung resident took %v, want about %v", d, callTimeout)
	}
}
