package fix

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The real executor passes every word literally: no shell ever sees them.
func TestSystemExecNoShell(t *testing.T) {
	x := System{Timeout: 10 * time.Second}
	words := []string{"$(id)", ";", "`id`", "|", "&&", "rm -rf ~", "*"}
	out, err := x.Exec(context.Background(), Step{Argv: append([]string{"echo"}, words...)})
	if err != nil {
		t.Fatal(err)
	}
	if out != strings.Join(words, " ") {
		t.Errorf("echo printed %q", out)
	}
}

func TestSystemExecErrors(t *testing.T) {
	x := System{Timeout: 200 * time.Millisecond}
	if _, err := x.Exec(context.Background(), Step{Argv: []string{"sleep", "5"}}); err == nil || !strings.Contains(err.Error(), "deadline") {
		t.Errorf("timeout: %v", err)
	}
	if _, err := x.Exec(context.Background(), Step{Argv: []string{"false"}}); err == nil {
		t.Error("a failing command must fail the step")
	}
	if _, err := x.Exec(context.Background(), Step{Argv: []string{}}); err == nil {
		t.Error("empty argv accepted")
	}
	var opened []string
	x.Open = func(u string) error { opened = append(opened, u); return nil }
	if _, err := x.Exec(context.Background(), Step{OpenURL: "javascript:alert(1)"}); err == nil {
		t.Error("javascript: URL opened")
	}
	if _, err := x.Exec(context.Background(), Step{OpenURL: "http://192.0.2.1/login"}); err != nil || len(opened) != 1 {
		t.Errorf("open: %v %v", err, opened)
	}
	if out, err := x.Exec(context.Background(), Step{Copy: "report"}); err == nil || out != "report" {
		t.Errorf("no clipboard: %q %v", out, err)
	}
}

func TestSystemExecFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "resolv.conf")
	if err := os.WriteFile(p, []byte("nameserver 192.0.2.1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := (System{}).Exec(context.Background(), Step{File: &FileChange{Path: p, Content: []byte("nameserver 203.0.113.53\n")}}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "nameserver 203.0.113.53\n" {
		t.Errorf("content %q", b)
	}
	// Privileged without a helper and without root: refused, not run.
	if !isRoot() {
		if _, err := (System{}).Exec(context.Background(), Step{File: &FileChange{Path: p}, Privileged: true}); err == nil {
			t.Error("privileged write without a helper")
		}
	}
}
