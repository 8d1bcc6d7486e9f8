package fix

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gatewatch/gatewatch/internal/atomicfile"
)

// Executor carries out one step. System is the real one; Recorder records
// steps for tests.
type Executor interface {
	Exec(ctx context.Context, s Step) (output string, err error)
}

// DefaultTimeout bounds one command (an administrator prompt included).
const DefaultTimeout = 2 * time.Minute

// System runs steps on this machine: commands with exec.CommandContext
// (argv, never a shell) under a timeout, elevated per OS when privileged.
type System struct {
	Timeout time.Duration
	// Open opens a validated URL in the default browser (Fyne's OpenURL in
	// the windows, github.com/cli/browser in the CLI).
	Open func(url string) error
	// Copy puts text on the clipboard; nil: not available here.
	Copy func(text string) error
	// WriteHelper is the command that writes a file as administrator,
	// given the target and a file holding the new content: gatewatch's
	// own "fix-write-file" (see WriteFileHelper). Linux only.
	WriteHelper []string
}

// Exec runs one step.
func (x System) Exec(ctx context.Context, s Step) (string, error) {
	switch {
	case s.Argv != nil:
		if len(s.Argv) == 0 || s.Argv[0] == "" {
			return "", errors.New("empty command")
		}
		if s.Privileged {
			return x.runElevated(ctx, s.Argv)
		}
		return x.run(ctx, s.Argv)
	case s.File != nil:
		if !s.Privileged || isRoot() {
			return "", WriteFile(s.File.Path, s.File.Content)
		}
		return x.writePrivileged(ctx, s.File)
	case s.OpenURL != "":
		u, err := SafeURL(s.OpenURL)
		if err != nil {
			return "", err
		}
		if x.Open == nil {
			return "", errors.New("no browser available: open " + u + " yourself")
		}
		return "", x.Open(u)
	case s.Copy != "":
		if x.Copy == nil {
			return s.Copy, errors.New("no clipboard here")
		}
		return "", x.Copy(s.Copy)
	}
	return "", errors.New("empty step")
}

func (x System) timeout() time.Duration {
	if x.Timeout > 0 {
		return x.Timeout
	}
	return DefaultTimeout
}

// run executes argv directly; output is stdout and stderr together.
func (x System) run(ctx context.Context, argv []string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, x.timeout())
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	cmd.WaitDelay = time.Second
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	text := strings.TrimSpace(out.String())
	if ctx.Err() != nil {
		return text, fmt.Errorf("%s: %w after %v", QuoteArgv(argv), ctx.Err(), x.timeout())
	}
	if err != nil {
		if text != "" {
			return text, fmt.Errorf("%s: %w: %s", QuoteArgv(argv), err, firstLine(text))
		}
		return text, fmt.Errorf("%s: %w", QuoteArgv(argv), err)
	}
	return text, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

func (x System) writePrivileged(ctx context.Context, fc *FileChange) (string, error) {
	if len(x.WriteHelper) == 0 {
		return "", fmt.Errorf("writing %s needs administrator rights: run the fix as administrator", fc.Path)
	}
	tmp, err := os.CreateTemp("", "gatewatch-fix-*")
	if err != nil {
		return "", fmt.Errorf("staging %s: %w", fc.Path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(fc.Content); err != nil {
		tmp.Close()
		return "", fmt.Errorf("staging %s: %w", fc.Path, err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("staging %s: %w", fc.Path, err)
	}
	argv := append(append([]string{}, x.WriteHelper...), fc.Path, tmp.Name())
	return x.runElevated(ctx, argv)
}

// WriteFile replaces path's content atomically (atomicfile.WriteFile).
// When path is a mount point, as /etc/resolv.conf is in containers and in
// "ip netns exec" namespaces, nothing can be renamed over it: then the
// file is rewritten in place, which is what the mount's owner sees.
func WriteFile(path string, data []byte) error {
	perm := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		perm = fi.Mode().Perm()
	}
	err := atomicfile.WriteFile(path, data, perm)
	if err == nil || !(errors.Is(err, syscall.EBUSY) || errors.Is(err, syscall.EXDEV)) {
		return err
	}
	f, ferr := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if ferr != nil {
		return fmt.Errorf("rewriting %s in place: %w", path, ferr)
	}
	if _, werr := f.Write(data); werr != nil {
		f.Close()
		return fmt.Errorf("rewriting %s in place: %w", path, werr)
	}
	if serr := f.Sync(); serr != nil {
		f.Close()
		return fmt.Errorf("syncing %s: %w", path, serr)
	}
	if cerr := f.Close(); cerr != nil {
		return fmt.Errorf("closing %s: %w", path, cerr)
	}
	return nil
}

// Recorder is a fake Executor: it records every step and returns canned
// outputs. Files are not written unless Apply is set.
type Recorder struct {
	mu    sync.Mutex
	Steps []Step
	// Fail makes the step whose argv starts with this word fail.
	Fail string
	// Apply writes file changes for real (tests with a temp dir).
	Apply bool
}

// Exec records s.
func (r *Recorder) Exec(_ context.Context, s Step) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Steps = append(r.Steps, s)
	if r.Fail != "" && len(s.Argv) > 0 && s.Argv[0] == r.Fail {
		return "", fmt.Errorf("%s: exit status 1", s.Argv[0])
	}
	if r.Apply && s.File != nil {
		return "", WriteFile(s.File.Path, s.File.Content)
	}
	return "", nil
}

// Argvs returns the recorded commands.
func (r *Recorder) Argvs() [][]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out [][]string
	for _, s := range r.Steps {
		if s.Argv != nil {
			out = append(out, s.Argv)
		}
	}
	return out
}
