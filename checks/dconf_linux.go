package checks

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// Reading dconf without dconf: the profile says which databases make up
// the settings, and each is a GVDB file. Semantics from dconf's
// engine/dconf-engine-profile.c (which profile, its lines),
// engine/dconf-engine-source-{user,system}.c (where each database is)
// and dconf_engine_read in engine/dconf-engine.c (locks and order).

// errDconfUnsupported marks a setup this reader does not model (a
// service-db, a file-db, a user database on NFS, which dconf then reads
// through its service): the caller asks gsettings instead.
var errDconfUnsupported = errors.New("dconf setup not read directly")

// dconfSystemDBDir holds the system databases (SYSCONFDIR/dconf/db);
// a variable for tests.
var dconfSystemDBDir = "/etc/dconf/db"

// dconfSource is one database of a profile, highest priority first.
type dconfSource struct {
	Path  string
	User  bool       // a user-db (in ~/.config/dconf)
	db    gvdbTable  // zero when the file is missing: no values
	locks *gvdbTable // the database's ".locks" table, if any
}

// dconfProfile finds the profile dconf would use and returns its
// sources, in dconf_engine_profile_open's order: the mandatory profile
// /run/dconf/user/UID, then DCONF_PROFILE (a name or an absolute path),
// then $XDG_RUNTIME_DIR/dconf/profile, then the profile named "user",
// else the single source "user-db:user".
func dconfProfile() ([]dconfSource, error) {
	open := func(path string) ([]byte, bool, error) {
		b, err := readCapped(path, 1<<20)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, false, nil
		}
		return b, err == nil, err
	}
	b, ok, err := open("/run/dconf/user/" + strconv.Itoa(os.Getuid()))
	if err != nil {
		return nil, fmt.Errorf("mandatory dconf profile: %w", err)
	}
	if !ok {
		if name, set := os.LookupEnv("DCONF_PROFILE"); set {
			if name == "" {
				return nil, fmt.Errorf("%w: DCONF_PROFILE is empty", errDconfUnsupported)
			}
			if strings.HasPrefix(name, "/") {
				b, ok, err = open(name)
			} else {
				b, ok, err = openNamedProfile(name, open)
			}
			if err != nil {
				return nil, fmt.Errorf("dconf profile %s: %w", name, err)
			}
			if !ok {
				return nil, nil // dconf's null profile: every key at its default
			}
			return parseDconfProfile(b)
		}
	}
	if !ok {
		if b, ok, err = open(filepath.Join(userRuntimeDir(), "dconf", "profile")); err != nil {
			return nil, fmt.Errorf("runtime dconf profile: %w", err)
		}
	}
	if !ok {
		if b, ok, err = openNamedProfile("user", open); err != nil {
			return nil, fmt.Errorf("dconf profile user: %w", err)
		}
	}
	if !ok {
		b = []byte("user-db:user\n")
	}
	return parseDconfProfile(b)
}

// openNamedProfile looks for a profile in dconfProfileDirs' order. dconf
// stops at the first error other than a missing file; so does this.
func openNamedProfile(name string, open func(string) ([]byte, bool, error)) ([]byte, bool, error) {
	for _, dir := range dconfProfileDirs() {
		b, ok, err := open(filepath.Join(dir, name))
		if err != nil || ok {
			return b, ok, err
		}
	}
	return nil, false, nil
}

// dconfProfileDirs are where named profiles are looked for:
// /etc/dconf/profile, then each XDG_DATA_DIRS/dconf/profile.
func dconfProfileDirs() []string {
	dirs := []string{"/etc/dconf/profile"}
	for _, d := range systemDataDirs() {
		dirs = append(dirs, filepath.Join(d, "dconf", "profile"))
	}
	return dirs
}

// parseDconfProfile reads a profile's lines: "user-db:NAME" and
// "system-db:NAME"; text from a '#' on is a comment; lines of another
// kind dconf ignores with a warning. service-db and file-db sources are
// not read here.
func parseDconfProfile(b []byte) ([]dconfSource, error) {
	var out []dconfSource
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		line = strings.TrimSpace(line)
		kind, name, ok := strings.Cut(line, ":")
		if line == "" || !ok {
			continue
		}
		switch kind {
		case "user-db":
			if userConfigDir() == "" {
				return nil, fmt.Errorf("%w: no home directory", errDconfUnsupported)
			}
			out = append(out, dconfSource{Path: filepath.Join(userConfigDir(), "dconf", name), User: true})
		case "system-db":
			out = append(out, dconfSource{Path: filepath.Join(dconfSystemDBDir, name)})
		case "service-db", "file-db":
			return nil, fmt.Errorf("%w: %s source", errDconfUnsupported, kind)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("dconf profile: %w", err)
	}
	// dconf reads a first user database on NFS through its service
	// ("service-db:safe/NAME"), elsewhere than this file.
	if len(out) > 0 && out[0].User && onNFS(userConfigDir()) {
		return nil, fmt.Errorf("%w: user configuration on NFS", errDconfUnsupported)
	}
	return out, nil
}

// openDconfSources reads each source's database; a missing file is an
// empty database, as for dconf.
func openDconfSources(srcs []dconfSource) error {
	for i := range srcs {
		b, err := readCapped(srcs[i].Path, gvdbMaxSize)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("dconf database: %w", err)
		}
		db, err := parseGVDB(b)
		if err != nil {
			return fmt.Errorf("dconf database %s: %w", srcs[i].Path, err)
		}
		srcs[i].db = db
		// Like dconf_engine_source_refresh, every database's locks are
		// read; dconfRead ignores the first one's.
		locks, ok, err := db.table(".locks")
		if err != nil {
			return fmt.Errorf("dconf database %s: %w", srcs[i].Path, err)
		}
		if ok {
			srcs[i].locks = &locks
		}
	}
	return nil
}

// dconfRead reads key as dconf_engine_read does: the lowest-priority
// source (index > 0) that locks the key is where reading starts, so a
// locked system value wins over the user's; without locks, from the
// first source; the first source holding the key gives its value.
// found is false when no source has it: the schema default applies.
func dconfRead(srcs []dconfSource, key string) (v gvValue, found bool, err error) {
	start := 0
	for i := len(srcs) - 1; i > 0; i-- {
		if srcs[i].locks != nil {
			if _, ok := srcs[i].locks.lookup(key, 'v'); ok {
				start = i
				break
			}
		}
	}
	for _, s := range srcs[start:] {
		raw, ok, err := s.db.value(key)
		if err != nil {
			return gvValue{}, false, fmt.Errorf("%s: %w", s.Path, err)
		}
		if !ok {
			continue
		}
		v, err := decodeGVariantV(raw)
		if err != nil {
			return gvValue{}, false, fmt.Errorf("%s: %s: %w", s.Path, key, err)
		}
		return v, true, nil
	}
	return gvValue{}, false, nil
}

// readCapped reads a file of at most max bytes.
func readCapped(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	if st.Size() > max {
		return nil, fmt.Errorf("%s: %d bytes, over the %d-byte cap", path, st.Size(), max)
	}
	b := make([]byte, st.Size())
	n, err := f.ReadAt(b, 0)
	if err != nil && n != len(b) {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return b[:n], nil
}

// userConfigDir is GLib's g_get_user_config_dir: XDG_CONFIG_HOME, else
// ~/.config ("" without a home).
func userConfigDir() string {
	if d := os.Getenv("XDG_CONFIG_HOME"); d != "" {
		return d
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".config")
	}
	return ""
}

// userRuntimeDir is GLib's g_get_user_runtime_dir: XDG_RUNTIME_DIR,
// else the user cache directory.
func userRuntimeDir() string {
	if d := os.Getenv("XDG_RUNTIME_DIR"); d != "" {
		return d
	}
	if d := os.Getenv("XDG_CACHE_HOME"); d != "" {
		return d
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, ".cache")
}

// systemDataDirs is GLib's g_get_system_data_dirs.
func systemDataDirs() []string {
	dirs := os.Getenv("XDG_DATA_DIRS")
	if dirs == "" {
		dirs = "/usr/local/share/:/usr/share/"
	}
	var out []string
	for _, d := range filepath.SplitList(dirs) {
		if d != "" {
			out = append(out, d)
		}
	}
	return out
}

// onNFS: dconf's file_is_on_nfs, by the file system's magic number.
func onNFS(dir string) bool {
	var st syscall.Statfs_t
	return syscall.Statfs(dir, &st) == nil && st.Type == 0x6969 // NFS_SUPER_MAGIC
}
