package checks

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// dconfHome makes a hermetic dconf setup: a temp home, a profile file
// named by DCONF_PROFILE, a system database directory, and a schema
// directory holding the proxy schema's file. It returns the config home.
func dconfHome(t *testing.T, profile string) (cfgHome string) {
	t.Helper()
	home := t.TempDir()
	cfgHome = filepath.Join(home, "cfg")
	for _, d := range []string{filepath.Join(cfgHome, "dconf"), filepath.Join(home, "run"), filepath.Join(home, "db"), filepath.Join(home, "share", "glib-2.0", "schemas")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	copyFixture(t, filepath.Join("schemas", "gschemas.compiled"), filepath.Join(home, "share", "glib-2.0", "schemas", "gschemas.compiled"))
	writeFile(t, filepath.Join(home, "profile"), []byte(profile))
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", cfgHome)
	t.Setenv("XDG_RUNTIME_DIR", filepath.Join(home, "run"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, "data"))
	t.Setenv("XDG_DATA_DIRS", filepath.Join(home, "share"))
	t.Setenv("DCONF_PROFILE", filepath.Join(home, "profile"))
	t.Setenv("GSETTINGS_BACKEND", "")
	t.Setenv("GSETTINGS_SCHEMA_DIR", "")
	old := dconfSystemDBDir
	dconfSystemDBDir = filepath.Join(home, "db")
	t.Cleanup(func() { dconfSystemDBDir = old })
	if _, err := os.Stat("/run/dconf/user/" + strconv.Itoa(os.Getuid())); err == nil {
		t.Skip("this machine has a mandatory dconf profile")
	}
	return cfgHome
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyFixture(t *testing.T, name, to string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "dconf", name))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, to, b)
}

// The committed databases (made by dconf-service, see
// testdata/dconf/make.sh) read where dconf is not installed.
func TestDconfFixtures(t *testing.T) {
	tests := []struct {
		file string
		want sysProxyConfig
	}{
		{"user-manual", sysProxyConfig{Source: srcGNOME,
			HTTP:   mustURL(t, "http://alice:s3cr3t@proxy.example:8080"),
			HTTPS:  mustURL(t, "http://secure-proxy.example:3128"),
			Bypass: []string{"localhost", "*.corp.example", "bücher.example"}}},
		{"user-auto", sysProxyConfig{Source: srcGNOME, PAC: "http://wpad.example/proxy.pac"}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			cfgHome := dconfHome(t, "user-db:user\n")
			copyFixture(t, tc.file, filepath.Join(cfgHome, "dconf", "user"))
			got, err := dconfProxyConfig()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %s\nwant %s", sysProxyString(got), sysProxyString(tc.want))
			}
		})
	}
}

// A locked system value wins over the user's; an unlocked one does not;
// locks in a lower database start the reading there.
func TestDconfLocks(t *testing.T) {
	user := buildGVDB(t, []gvdbEntry{
		{key: "/system/proxy/mode", typ: 'v', value: gvVS("manual")},
		{key: "/system/proxy/http/host", typ: 'v', value: gvVS("user.example")},
		// Locks in the user's own database count for nothing.
		{key: ".locks", typ: 'H', sub: []gvdbEntry{{key: "/system/proxy/http/host", typ: 'v', value: gvVS("")}}},
	})
	site := func(locks ...string) []byte {
		var l []gvdbEntry
		for _, k := range locks {
			l = append(l, gvdbEntry{key: k, typ: 'v', value: gvVS("")})
		}
		return buildGVDB(t, []gvdbEntry{
			{key: "/system/proxy/mode", typ: 'v', value: gvVS("none")},
			{key: "/system/proxy/http/host", typ: 'v', value: gvVS("site.example")},
			{key: ".locks", typ: 'H', sub: l},
		})
	}
	distro := buildGVDB(t, []gvdbEntry{
		{key: "/system/proxy/mode", typ: 'v', value: gvVS("auto")},
		{key: ".locks", typ: 'H', sub: []gvdbEntry{{key: "/system/proxy/mode", typ: 'v', value: gvVS("")}}},
	})
	tests := []struct {
		name            string
		site            []byte
		withDistro      bool
		mode, host      string
		hostFromDefault bool
	}{
		{"no locks", site(), false, "manual", "user.example", false},
		{"mode locked", site("/system/proxy/mode"), false, "none", "user.example", false},
		{"host locked", site("/system/proxy/http/host"), false, "manual", "site.example", false},
		{"locked lower down", site("/system/proxy/mode"), true, "auto", "user.example", false},
		{"locked without a value", site("/system/proxy/https/host"), false, "manual", "user.example", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			profile := "user-db:user\nsystem-db:site\n"
			if tc.withDistro {
				profile += "system-db:distro\n"
			}
			cfgHome := dconfHome(t, profile)
			writeFile(t, filepath.Join(cfgHome, "dconf", "user"), user)
			writeFile(t, filepath.Join(dconfSystemDBDir, "site"), tc.site)
			writeFile(t, filepath.Join(dconfSystemDBDir, "distro"), distro)
			srcs, err := dconfProfile()
			if err != nil {
				t.Fatal(err)
			}
			if err := openDconfSources(srcs); err != nil {
				t.Fatal(err)
			}
			mode, _, err := dconfRead(srcs, "/system/proxy/mode")
			if err != nil {
				t.Fatal(err)
			}
			host, _, err := dconfRead(srcs, "/system/proxy/http/host")
			if err != nil {
				t.Fatal(err)
			}
			if mode.S != tc.mode || host.S != tc.host {
				t.Errorf("mode %q host %q, want %q %q", mode.S, host.S, tc.mode, tc.host)
			}
			_, found, err := dconfRead(srcs, "/system/proxy/https/host")
			if err != nil || found {
				t.Errorf("https host: found=%v err=%v, want the default", found, err)
			}
		})
	}
}

// Locks count in any database but the first, a user-db too.
func TestDconfLocksSecondUserDB(t *testing.T) {
	cfgHome := dconfHome(t, "user-db:user\nuser-db:corp\n")
	writeFile(t, filepath.Join(cfgHome, "dconf", "user"), buildGVDB(t, []gvdbEntry{
		{key: "/system/proxy/mode", typ: 'v', value: gvVS("manual")},
		{key: ".locks", typ: 'H', sub: []gvdbEntry{{key: "/system/proxy/mode", typ: 'v', value: gvVS("")}}},
	}))
	writeFile(t, filepath.Join(cfgHome, "dconf", "corp"), buildGVDB(t, []gvdbEntry{
		{key: "/system/proxy/mode", typ: 'v', value: gvVS("auto")},
		{key: ".locks", typ: 'H', sub: []gvdbEntry{{key: "/system/proxy/mode", typ: 'v', value: gvVS("")}}},
	}))
	cfg, err := dconfProxyConfig()
	if err != nil || cfg.PAC != "wpad" {
		t.Errorf("got %s, %v; want corp's locked mode auto", sysProxyString(cfg), err)
	}
}

func TestParseDconfProfile(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/home/u/.config")
	tests := []struct {
		in      string
		want    []string
		wantErr error
	}{
		{"user-db:user\n", []string{"/home/u/.config/dconf/user"}, nil},
		{"  # site profile\nuser-db:user   # mine\n\n system-db:local\nsystem-db:site", []string{"/home/u/.config/dconf/user", dconfSystemDBDir + "/local", dconfSystemDBDir + "/site"}, nil},
		{"bogus line\nuser-db:user\n", []string{"/home/u/.config/dconf/user"}, nil},
		{"", nil, nil},
		{"service-db:keyfile/user\nuser-db:user\n", nil, errDconfUnsupported},
		{"user-db:user\nfile-db:/srv/dconf\n", nil, errDconfUnsupported},
	}
	for _, tc := range tests {
		srcs, err := parseDconfProfile([]byte(tc.in))
		if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
			t.Errorf("%q: err %v, want %v", tc.in, err, tc.wantErr)
			continue
		}
		var got []string
		for _, s := range srcs {
			got = append(got, s.Path)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Which profile: DCONF_PROFILE by path or by name (none found = the
// null profile), else the runtime one, else "user-db:user".
func TestDconfProfileChoice(t *testing.T) {
	dconfHome(t, "user-db:user\nsystem-db:site\n")
	paths := func() []string {
		t.Helper()
		srcs, err := dconfProfile()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range srcs {
			out = append(out, filepath.Base(s.Path))
		}
		return out
	}
	if got := paths(); !reflect.DeepEqual(got, []string{"user", "site"}) {
		t.Errorf("DCONF_PROFILE path: %q", got)
	}
	share := os.Getenv("XDG_DATA_DIRS")
	if err := os.MkdirAll(filepath.Join(share, "dconf", "profile"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(share, "dconf", "profile", "corp"), []byte("user-db:corp\n"))
	t.Setenv("DCONF_PROFILE", "corp")
	if _, err := os.Stat("/etc/dconf/profile/corp"); err == nil {
		t.Skip("this machine has /etc/dconf/profile/corp")
	}
	if got := paths(); !reflect.DeepEqual(got, []string{"corp"}) {
		t.Errorf("DCONF_PROFILE name: %q", got)
	}
	t.Setenv("DCONF_PROFILE", "nosuch")
	if got := paths(); got != nil {
		t.Errorf("missing named profile: %q, want the null profile", got)
	}
	t.Setenv("DCONF_PROFILE", "")
	if _, err := dconfProfile(); !errors.Is(err, errDconfUnsupported) {
		t.Errorf("empty DCONF_PROFILE: %v", err)
	}
	os.Unsetenv("DCONF_PROFILE")
	if err := os.MkdirAll(filepath.Join(os.Getenv("XDG_RUNTIME_DIR"), "dconf"), 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(os.Getenv("XDG_RUNTIME_DIR"), "dconf", "profile"), []byte("user-db:rt\n"))
	if got := paths(); !reflect.DeepEqual(got, []string{"rt"}) {
		t.Errorf("runtime profile: %q", got)
	}
	os.Remove(filepath.Join(os.Getenv("XDG_RUNTIME_DIR"), "dconf", "profile"))
	for _, f := range []string{"/etc/dconf/profile/user", "/usr/local/share/dconf/profile/user", "/usr/share/dconf/profile/user"} {
		if _, err := os.Stat(f); err == nil {
			t.Skipf("this machine has %s", f)
		}
	}
	if got := paths(); !reflect.DeepEqual(got, []string{"user"}) {
		t.Errorf("default profile: %q", got)
	}
}

// What the reader does not model exactly goes to gsettings.
func TestDconfProxyFallbacks(t *testing.T) {
	db := func(entries ...gvdbEntry) []byte { return buildGVDB(t, entries) }
	tests := []struct {
		name  string
		user  []byte
		setup func(t *testing.T)
	}{
		{"keyfile backend", nil, func(t *testing.T) { t.Setenv("GSETTINGS_BACKEND", "keyfile") }},
		{"schema dir", nil, func(t *testing.T) { t.Setenv("GSETTINGS_SCHEMA_DIR", t.TempDir()) }},
		{"no schema", nil, func(t *testing.T) { t.Setenv("XDG_DATA_DIRS", t.TempDir()) }},
		{"schema at another path", nil, func(t *testing.T) {
			writeFile(t, filepath.Join(os.Getenv("XDG_DATA_DIRS"), "glib-2.0", "schemas", "gschemas.compiled"), compiledSchemas(t, "/elsewhere/", nil))
		}},
		{"per-desktop default", nil, func(t *testing.T) {
			writeFile(t, filepath.Join(os.Getenv("XDG_DATA_DIRS"), "glib-2.0", "schemas", "gschemas.compiled"), compiledSchemas(t, "/system/proxy/", []byte("none\x00\x00\x00\x00d\x00\x00\x00\x00\x05\x00(s(ya{sv}))")))
		}},
		{"schema built here", nil, func(t *testing.T) { // the control: compiledSchemas itself reads
			writeFile(t, filepath.Join(os.Getenv("XDG_DATA_DIRS"), "glib-2.0", "schemas", "gschemas.compiled"), compiledSchemas(t, "/system/proxy/", nil))
			if _, err := dconfProxyConfig(); err != nil {
				t.Fatalf("the control fails: %v", err)
			}
			t.Setenv("GSETTINGS_BACKEND", "memory")
		}},
		{"damaged compiled schemas", nil, func(t *testing.T) {
			writeFile(t, filepath.Join(os.Getenv("XDG_DATA_DIRS"), "glib-2.0", "schemas", "gschemas.compiled"), []byte("GVariant"))
		}},
		{"service-db", nil, func(t *testing.T) { writeFile(t, os.Getenv("DCONF_PROFILE"), []byte("service-db:keyfile/user\n")) }},
		{"corrupt", []byte("GVariant\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\xff"), nil},
		{"not gvdb", []byte("[system/proxy]\nmode='manual'\n"), nil},
		{"mode as int", db(gvdbEntry{key: "/system/proxy/mode", typ: 'v', value: gvVI(1)}), nil},
		{"mode outside the enum", db(gvdbEntry{key: "/system/proxy/mode", typ: 'v', value: gvVS("pac")}), nil},
		{"port out of range", db(gvdbEntry{key: "/system/proxy/http/port", typ: 'v', value: gvVI(70000)}), nil},
		{"negative port", db(gvdbEntry{key: "/system/proxy/socks/port", typ: 'v', value: gvVI(-1)}), nil},
		{"port as a string", db(gvdbEntry{key: "/system/proxy/http/port", typ: 'v', value: gvVS("3128")}), nil},
		{"host as an int", db(gvdbEntry{key: "/system/proxy/http/host", typ: 'v', value: gvVI(1)}), nil},
		{"bad string", db(gvdbEntry{key: "/system/proxy/http/host", typ: 'v', value: []byte("a\xffb\x00\x00s")}), nil},
		{"unknown type", db(gvdbEntry{key: "/system/proxy/http/host", typ: 'v', value: []byte("\x01\x00y")}), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfgHome := dconfHome(t, "user-db:user\n")
			if tc.user != nil {
				writeFile(t, filepath.Join(cfgHome, "dconf", "user"), tc.user)
			}
			if tc.setup != nil {
				tc.setup(t)
			}
			if cfg, err := dconfProxyConfig(); err == nil {
				t.Fatalf("got %s and no error; want a fall-back to gsettings", sysProxyString(cfg))
			}
		})
	}
	t.Run("defaults", func(t *testing.T) {
		dconfHome(t, "user-db:user\n") // no database at all
		cfg, err := dconfProxyConfig()
		if err != nil || !reflect.DeepEqual(cfg, sysProxyConfig{Source: srcGNOME}) {
			t.Errorf("got %s, %v; want GNOME's defaults (mode none)", sysProxyString(cfg), err)
		}
	})
}

// With a readable database gsettings does not run; with a damaged one
// it does, and its answer counts.
func TestSystemProxyConfigReadsDconf(t *testing.T) {
	sample, err := filepath.Abs(filepath.Join("testdata", "proxy", "gsettings_manual.txt"))
	if err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(t.TempDir(), "runs")
	fakeGSettings(t, `echo run >> '`+log+`'; cat '`+sample+`'`)
	path := os.Getenv("PATH")
	cfgHome := dconfHome(t, "user-db:user\n")
	t.Setenv("PATH", path)
	copyFixture(t, "user-auto", filepath.Join(cfgHome, "dconf", "user"))
	cfg, err := systemProxyConfig(context.Background(), 5*time.Second)
	if err != nil || cfg.PAC != "http://wpad.example/proxy.pac" {
		t.Fatalf("got %s, %v", sysProxyString(cfg), err)
	}
	if _, err := os.Stat(log); err == nil {
		t.Fatal("gsettings ran although the database was readable")
	}
	writeFile(t, filepath.Join(cfgHome, "dconf", "user"), []byte("GVariant"))
	cfg, err = systemProxyConfig(context.Background(), 5*time.Second)
	if err != nil || proxyDisplay(cfg.HTTPS) != "http://secure-proxy.example:3128" {
		t.Fatalf("damaged database: got %s, %v; want gsettings' answer", sysProxyString(cfg), err)
	}
	if _, err := os.Stat(log); err != nil {
		t.Fatal("gsettings did not run for a damaged database")
	}
}

// The reader's cost per uncached lookup (gsettings: a process start).
func BenchmarkDconfProxyConfig(b *testing.B) {
	home := b.TempDir()
	b.Setenv("HOME", home)
	b.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "cfg"))
	b.Setenv("XDG_RUNTIME_DIR", filepath.Join(home, "run"))
	b.Setenv("DCONF_PROFILE", "")
	os.Unsetenv("DCONF_PROFILE")
	if err := os.MkdirAll(filepath.Join(home, "cfg", "dconf"), 0o700); err != nil {
		b.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join("testdata", "dconf", "user-manual"))
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, "cfg", "dconf", "user"), src, 0o600); err != nil {
		b.Fatal(err)
	}
	if _, err := dconfProxyConfig(); err != nil {
		b.Skipf("reader falls back on this machine: %v", err)
	}
	for b.Loop() {
		if _, err := dconfProxyConfig(); err != nil {
			b.Fatal(err)
		}
	}
}

// compiledSchemas is a gschemas.compiled with the proxy schemas, every
// key at gnomeProxySchema's default, org.gnome.system.proxy at path and
// its mode key info as given (nil: the default, plain).
func compiledSchemas(t *testing.T, path string, mode []byte) []byte {
	t.Helper()
	schemas := map[string][]gvdbEntry{}
	for key, def := range gnomeProxySchema {
		dir, name := filepath.Dir(key)+"/", filepath.Base(key)
		id := "org.gnome" + strings.ReplaceAll(strings.TrimSuffix(dir, "/"), "/", ".")
		var v []byte
		switch def.Type {
		case "s":
			v = gvVS(def.S)
		case "b":
			v = gvVB(def.B)
		case "i":
			v = gvVI(def.I)
		case "as":
			v = gvVAS(def.AS...)
		}
		// A one-member tuple is serialised as its member.
		v = append(v[:bytes.LastIndexByte(v, 0)+1], "("+def.Type+")"...)
		if key == "/system/proxy/mode" && mode != nil {
			v = mode
		}
		if _, ok := schemas[id]; !ok {
			p := dir
			if id == "org.gnome.system.proxy" {
				p = path
			}
			schemas[id] = []gvdbEntry{{key: ".path", typ: 'v', value: gvVS(p)}}
		}
		schemas[id] = append(schemas[id], gvdbEntry{key: name, typ: 'v', value: v})
	}
	var root []gvdbEntry
	for id, keys := range schemas {
		root = append(root, gvdbEntry{key: id, typ: 'H', sub: keys})
	}
	return buildGVDB(t, root)
}

// The defaults the reader uses are those compiled into the installed
// schemas, which are the upstream ones in gnomeProxySchema.
func TestGSchemaDefaults(t *testing.T) {
	t.Run("installed", func(t *testing.T) {
		t.Setenv("XDG_DATA_HOME", t.TempDir())
		t.Setenv("XDG_DATA_DIRS", "")
		got, err := gschemaDefaults(gnomeProxySchema)
		if errors.Is(err, errDconfUnsupported) {
			t.Skipf("no proxy schema installed: %v", err)
		}
		if err != nil || !reflect.DeepEqual(got, gnomeProxySchema) {
			t.Errorf("got %+v, %v\nwant %+v", got, err, gnomeProxySchema)
		}
	})
	t.Run("fixture", func(t *testing.T) {
		dconfHome(t, "user-db:user\n")
		got, err := gschemaDefaults(gnomeProxySchema)
		if err != nil || !reflect.DeepEqual(got, gnomeProxySchema) {
			t.Errorf("got %+v, %v\nwant %+v", got, err, gnomeProxySchema)
		}
	})
	t.Run("vendor override", func(t *testing.T) {
		dconfHome(t, "user-db:user\n")
		// The user's schema directory comes before XDG_DATA_DIRS.
		user := filepath.Join(os.Getenv("XDG_DATA_HOME"), "glib-2.0", "schemas")
		if err := os.MkdirAll(user, 0o755); err != nil {
			t.Fatal(err)
		}
		copyFixture(t, filepath.Join("schemas-override", "gschemas.compiled"), filepath.Join(user, "gschemas.compiled"))
		cfg, err := dconfProxyConfig()
		if err != nil || cfg.PAC != "http://vendor.example/proxy.pac" {
			t.Errorf("got %s, %v; want the vendor's PAC", sysProxyString(cfg), err)
		}
		got, err := gschemaDefaults(gnomeProxySchema)
		if err != nil || got["/system/proxy/http/port"].I != 3128 {
			t.Errorf("http port default %+v, %v; want the vendor's 3128", got["/system/proxy/http/port"], err)
		}
	})
}

func TestDecodeSchemaKey(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want gvValue
		ok   bool
	}{
		{"enum", "none\x00\x00\x00\x00e\x00\x00\x00\x00\x00\x00\x00\xffnone\x00\x00\xff\x01\x00\x00\x00\xffmanual\x00\x00\x00\x00\xff\x02\x00\x00\x00\xffauto\x00\x00\xff\x05\x00(s(yau))", gvValue{Type: "s", S: "none"}, true},
		{"strings", "localhost\x00127.0.0.0/8\x00::1\x00\n\x16\x1a\x00(as)", gvValue{Type: "as", AS: []string{"localhost", "127.0.0.0/8", "::1"}}, true},
		{"range", "\x90\x1f\x00\x00r\x00\x00\x00\x00\x00\x00\x00\xff\xff\x00\x00\x00(i(y(ii)))", gvValue{Type: "i", I: 8080}, true},
		{"plain", "\x00\x00(s)", gvValue{Type: "s"}, true},
		{"bool", "\x01\x00(b)", gvValue{Type: "b", B: true}, true},
		{"translated", "none\x00\x00\x00\x00l\x00x\x00\x05\x00(s(y(ys)))", gvValue{}, false},
		{"not a tuple", "none\x00\x00s", gvValue{}, false},
		{"framing past the end", "none\x00\x00\x00\x00e\x00\x00\x00\xff\x00(s(yau))", gvValue{}, false},
		{"no type", "abc", gvValue{}, false},
	}
	for _, tc := range tests {
		got, err := decodeSchemaKey([]byte(tc.in))
		if tc.ok != (err == nil) || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %+v, %v; want %+v ok=%v", tc.name, got, err, tc.want, tc.ok)
		}
	}
}
