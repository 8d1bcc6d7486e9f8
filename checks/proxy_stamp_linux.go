package checks

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// GSettings reads GNOME's proxy keys from dconf: the user's database
// ($XDG_CONFIG_HOME/dconf/user, replaced by a rename on every write) and
// the system databases a profile names. Their file metadata changes
// whenever a value can have changed, so it stands in for running
// gsettings (a process start, 5–20 ms of CPU) to learn that nothing did.

// dconfFiles are the files whose metadata make the stamp, and whether any
// of them could hold settings at all.
func dconfFiles() (files []string, anySettings bool) {
	if cfgHome := userConfigDir(); cfgHome == "" {
		anySettings = true // no home to look in: only gsettings knows
	} else {
		files = append(files, filepath.Join(cfgHome, "dconf", "user"))
	}
	// The profiles dconf may use before the "user" one (see dconfProfile).
	files = append(files, "/run/dconf/user/"+strconv.Itoa(os.Getuid()), filepath.Join(userRuntimeDir(), "dconf", "profile"))
	for _, dir := range append(dconfProfileDirs(), dconfSystemDBDir) {
		ents, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range ents {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	for _, f := range files {
		if _, err := os.Stat(f); err == nil {
			anySettings = true
		}
	}
	return files, anySettings
}

// systemProxyStamp changes when GNOME's proxy settings may have changed;
// "" means no stamp can tell (another backend or profile is in use).
func systemProxyStamp() string {
	if !plainDconf() {
		return ""
	}
	files, _ := dconfFiles()
	// The defaults come from the compiled schemas: a recompile (a new
	// vendor override) can change the answer too.
	for _, dir := range schemaDirs() {
		files = append(files, filepath.Join(dir, "gschemas.compiled"))
	}
	var b strings.Builder
	for _, f := range files {
		if st, err := os.Stat(f); err == nil {
			fmt.Fprintf(&b, "%s %d %d;", f, st.Size(), st.ModTime().UnixNano())
		} else {
			fmt.Fprintf(&b, "%s -;", f)
		}
	}
	return b.String()
}

// gnomeDefaultsOnly says that the proxy keys can only hold their schema
// default (mode 'none'): GSettings uses dconf, no dconf database or
// profile exists, and no vendor override names the proxy schema. Then
// gsettings need not run: its answer is known.
func gnomeDefaultsOnly() bool {
	if !plainDconf() || os.Getenv("GSETTINGS_SCHEMA_DIR") != "" {
		return false
	}
	if _, any := dconfFiles(); any {
		return false
	}
	return !proxySchemaOverridden()
}

// plainDconf: the default GSettings backend and dconf profile.
func plainDconf() bool {
	b := os.Getenv("GSETTINGS_BACKEND")
	return (b == "" || b == "dconf") && os.Getenv("DCONF_PROFILE") == ""
}

// schemaDirs are where GLib looks for schemas (and their overrides).
func schemaDirs() []string {
	dataHome := os.Getenv("XDG_DATA_HOME")
	if dataHome == "" {
		if home := os.Getenv("HOME"); home != "" {
			dataHome = filepath.Join(home, ".local", "share")
		}
	}
	dirs := os.Getenv("XDG_DATA_DIRS")
	if dirs == "" {
		dirs = "/usr/local/share/:/usr/share/"
	}
	var out []string
	for _, d := range append([]string{dataHome}, filepath.SplitList(dirs)...) {
		if d != "" {
			out = append(out, filepath.Join(d, "glib-2.0", "schemas"))
		}
	}
	return out
}
