package fix

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/gatewatch/gatewatch/checks"
)

// The administrator-side writer (WriteFileHelper) is the one place where
// gatewatch writes as root what an ordinary user asked for. It must not
// become a general file writer: it writes only the system resolver file
// and only resolver settings.

// systemResolvConf is the file the system resolver reads: /etc/resolv.conf
// itself, or the file its symlinks end at (resolvconf's
// /run/resolvconf/resolv.conf, for instance). Writing through the link
// would replace the link by a file, so the end of the chain is what gets
// written. eval is filepath.EvalSymlinks (a fake in tests).
func systemResolvConf(system string, eval func(string) (string, error)) (string, error) {
	if eval == nil {
		return system, nil
	}
	p, err := eval(system)
	if err != nil {
		return "", fmt.Errorf("resolving %s: %w", system, err)
	}
	return p, nil
}

// checkHelperTarget accepts target only when it is the system resolver
// file (system, usually DefaultResolvConf, after its symlinks), spelled
// exactly so: absolute and clean, a regular file, no link in its path.
func checkHelperTarget(target, system string) error {
	refuse := func(why string) error {
		return fmt.Errorf("refusing to write %q: %s; only the system resolver file %s is written", target, why, system)
	}
	if !filepath.IsAbs(target) || filepath.Clean(target) != target {
		return refuse("not an absolute, clean path")
	}
	want, err := systemResolvConf(system, filepath.EvalSymlinks)
	if err != nil {
		return refuse(err.Error())
	}
	if target != want {
		return refuse("not the system resolver file (it is " + want + ")")
	}
	fi, err := os.Lstat(target)
	if err != nil {
		return refuse(err.Error())
	}
	if !fi.Mode().IsRegular() {
		return refuse("not a regular file")
	}
	return nil
}

// checkResolvContent accepts only what checks.ValidateResolvConf does.
func checkResolvContent(data []byte) error {
	if err := checks.ValidateResolvConf(data); err != nil {
		return fmt.Errorf("refusing to write this as resolv.conf: %w", err)
	}
	return nil
}

// WriteFileHelper is the body of the administrator-side "fix-write-file
// TARGET SOURCE" command: it writes the system resolver file, the only
// file a fix edits, and only resolver settings.
func WriteFileHelper(target, source string) error {
	return writeFileHelper(target, source, DefaultResolvConf)
}

func writeFileHelper(target, source, system string) error {
	if err := checkHelperTarget(target, system); err != nil {
		return err
	}
	f, err := os.Open(source)
	if err != nil {
		return fmt.Errorf("reading the new content: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 64<<10+1))
	if err != nil {
		return fmt.Errorf("reading the new content: %w", err)
	}
	if err := checkResolvContent(data); err != nil {
		return err
	}
	return WriteFile(target, data)
}
