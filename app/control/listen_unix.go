//go:build unix

package control

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
)

// SocketPath is where the resident listens: $XDG_RUNTIME_DIR/gatewatch
// (a per-user, owner-only directory on systemd and elogind systems), else a
// gatewatch-UID directory in the temp dir that we create owner-only.
func SocketPath() string {
	if d := os.Getenv("XDG_RUNTIME_DIR"); d != "" {
		return filepath.Join(d, "gatewatch", "control.sock")
	}
	return filepath.Join(os.TempDir(), "gatewatch-"+strconv.Itoa(os.Getuid()), "control.sock")
}

// privateDir creates dir owner-only, or checks that an existing one is a
// directory owned by us that nobody else may enter: a socket in a
// directory another user controls could be swapped for theirs.
func privateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("control directory %s: %w", dir, err)
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("control directory %s: %w", dir, err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("control directory %s is not a directory", dir)
	}
	if err := checkOwner(fi); err != nil {
		return fmt.Errorf("control directory %s: %w", dir, err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("control directory %s: making it private: %w", dir, err)
		}
	}
	return nil
}

func listen(path string) (net.Listener, error) {
	if err := privateDir(filepath.Dir(path)); err != nil {
		return nil, err
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		if _, perr := Call(path, Request{Cmd: CmdPing}); perr == nil {
			return nil, ErrRunning
		}
		// Nobody answers: the file is stale.
		if rerr := os.Remove(path); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
			return nil, fmt.Errorf("control socket %s: removing a stale socket: %w", path, rerr)
		}
		if ln, err = net.Listen("unix", path); err != nil {
			return nil, fmt.Errorf("control socket %s: %w", path, err)
		}
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("control socket %s: %w", path, err)
	}
	return ln, nil
}

func dial(path string) (net.Conn, error) {
	d := net.Dialer{Timeout: callTimeout}
	return d.Dial("unix", path)
}

func removeEndpoint(path string) { os.Remove(path) }
