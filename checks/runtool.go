package checks

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// runTool runs an OS tool with fixed arguments (never through a shell) and
// returns its standard output. The timeout bounds the whole run, including
// a child that keeps the output pipe open after being killed.
func runTool(ctx context.Context, timeout time.Duration, path string, args ...string) (string, error) {
	// The C locale keeps tools from translating the words we parse.
	return runToolLocale(ctx, timeout, "C", path, args...)
}

// runToolLocale is runTool in another locale: C.UTF-8 for a tool whose
// output is data, not words (gsettings prints non-ASCII text as "?" in C).
func runToolLocale(ctx context.Context, timeout time.Duration, locale, path string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = append(os.Environ(), "LC_ALL="+locale)
	cmd.WaitDelay = 100 * time.Millisecond
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		return stdout.String(), fmt.Errorf("%s %s: %w", path, strings.Join(args, " "), ctx.Err())
	}
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 200 {
			msg = msg[:200]
		}
		if msg != "" {
			return stdout.String(), fmt.Errorf("%s %s: %w: %s", path, strings.Join(args, " "), err, msg)
		}
		return stdout.String(), fmt.Errorf("%s %s: %w", path, strings.Join(args, " "), err)
	}
	return stdout.String(), nil
}
