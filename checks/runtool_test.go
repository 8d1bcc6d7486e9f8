package checks

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestRunTool(t *testing.T) {
	for _, tool := range []string{"echo", "sh", "sleep"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	echo, _ := exec.LookPath("echo")
	sh, _ := exec.LookPath("sh")
	sleep, _ := exec.LookPath("sleep")

	out, err := runTool(context.Background(), 5*time.Second, echo, "hello; $(no shell)")
	if err != nil || out != "hello; $(no shell)\n" {
		t.Errorf("echo: %q, %v", out, err)
	}

	_, err = runTool(context.Background(), 5*time.Second, sh, "-c", "echo oops >&2; exit 3")
	var ee *exec.ExitError
	if !errors.As(err, &ee) || !strings.Contains(err.Error(), "oops") {
		t.Errorf("failing tool: %v", err)
	}

	_, err = runTool(context.Background(), 50*time.Millisecond, sleep, "10")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("slow tool: %v", err)
	}
}
