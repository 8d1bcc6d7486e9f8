package fix

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// fakeRoot is a file system with etc/resolv.conf linked to
// run/resolvconf/resolv.conf, as the resolvconf package lays it out, and
// other files an attacker would like written.
func fakeRoot(t *testing.T) (root, system, real string) {
	t.Helper()
	root = t.TempDir()
	for _, d := range []string{"etc", "run/resolvconf", "tmp/x", "evil"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	real = filepath.Join(root, "run/resolvconf/resolv.conf")
	system = filepath.Join(root, "etc/resolv.conf")
	for p, c := range map[string]string{real: "nameserver 192.0.2.1\n", filepath.Join(root, "tmp/x/resolv.conf"): "x\n",
		filepath.Join(root, "etc/passwd"): "root:x:0:0::/root:/bin/sh\n"} {
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(real, system); err != nil {
		t.Fatal(err)
	}
	// A link of the attacker's own to the real file, and one to passwd.
	if err := os.Symlink(real, filepath.Join(root, "evil/resolv.conf")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "evil/passwd"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "etc/passwd"), filepath.Join(root, "evil/passwd/resolv.conf")); err != nil {
		t.Fatal(err)
	}
	return root, system, real
}

func TestWriteFileHelperTargets(t *testing.T) {
	root, system, real := fakeRoot(t)
	src := filepath.Join(root, "src")
	if err := os.WriteFile(src, []byte("nameserver 203.0.113.53\nsearch lan\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{
		filepath.Join(root, "tmp/x/resolv.conf"),
		filepath.Join(root, "etc/passwd"),
		system, // the link itself: a rename would replace it by a file
		filepath.Join(root, "evil/resolv.conf"),
		filepath.Join(root, "evil/passwd/resolv.conf"),
		root + "/etc/../run/resolvconf/resolv.conf",
		root + "/run//resolvconf/resolv.conf",
		"run/resolvconf/resolv.conf",
		"resolv.conf",
		"",
	} {
		if err := writeFileHelper(bad, src, system); err == nil {
			t.Errorf("helper wrote %q", bad)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(root, "etc/passwd")); !strings.HasPrefix(string(b), "root:") {
		t.Errorf("passwd became %q", b)
	}
	if fi, err := os.Lstat(system); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the system link was replaced: %v %v", fi, err)
	}
	if err := writeFileHelper(real, src, system); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(system); string(b) != "nameserver 203.0.113.53\nsearch lan\n" {
		t.Errorf("the system file reads %q", b)
	}
}

func TestWriteFileHelperContent(t *testing.T) {
	root, system, real := fakeRoot(t)
	for _, bad := range []string{
		"root::0:0:root:/root:/bin/sh\n",
		"nameserver 192.0.2.1\n* * * * * root /tmp/x\n",
		"nameserver $(id)\n",
		"options `touch /tmp/pwned`\n",
		"search lan\x00\n",
		"#" + strings.Repeat("x", 65<<10) + "\n",
	} {
		src := filepath.Join(root, "src")
		if err := os.WriteFile(src, []byte(bad), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := writeFileHelper(real, src, system); err == nil {
			t.Errorf("helper wrote %.40q", bad)
		}
	}
	if b, _ := os.ReadFile(real); string(b) != "nameserver 192.0.2.1\n" {
		t.Errorf("the system file became %q", b)
	}
	if err := writeFileHelper(real, filepath.Join(root, "missing"), system); err == nil {
		t.Error("a missing source was accepted")
	}
}

// Planning resolves /etc/resolv.conf's link and writes its end; elevated,
// it refuses any other file and content the writer would refuse.
func TestResolvConfPlanTarget(t *testing.T) {
	links := map[string]string{DefaultResolvConf: "/run/resolvconf/resolv.conf"}
	eval := func(p string) (string, error) {
		if l, ok := links[p]; ok {
			return l, nil
		}
		return p, nil
	}
	files := map[string]string{
		"/run/resolvconf/resolv.conf": "nameserver 192.0.2.1\nsearch lan\n",
		"/tmp/x/resolv.conf":          "nameserver 192.0.2.1\n",
		"/home/u/resolv.conf":         "nameserver 192.0.2.1\noptions `id`\n",
	}
	tests := []struct {
		name, path string
		root       bool
		want       string // the file written; "" refused
	}{
		{name: "default, linked", path: "", want: "/run/resolvconf/resolv.conf"},
		{name: "the link's end named", path: "/run/resolvconf/resolv.conf", want: "/run/resolvconf/resolv.conf"},
		{name: "another file elevated", path: "/tmp/x/resolv.conf"},
		{name: "another file as root", path: "/tmp/x/resolv.conf", root: true, want: "/tmp/x/resolv.conf"},
	}
	for _, tt := range tests {
		env := fakeEnv("linux", nil, nil, files)
		env.DNSBackend, env.ResolvConf, env.Root, env.EvalSymlinks = BackendResolvConf, tt.path, tt.root, eval
		p, err := Make(context.Background(), verdict.FixSwitchDNS, env)
		got := ""
		if err == nil {
			got = p.Steps[0].File.Path
			if p.SaveUndo.Path != got {
				t.Errorf("%s: undo names %s", tt.name, p.SaveUndo.Path)
			}
		}
		if got != tt.want {
			t.Errorf("%s: writes %q (%v), want %q", tt.name, got, err, tt.want)
		}
	}
	// Hostile kept lines: refused before asking for a password.
	links[DefaultResolvConf] = "/home/u/resolv.conf"
	env := fakeEnv("linux", nil, nil, files)
	env.DNSBackend, env.EvalSymlinks = BackendResolvConf, eval
	if _, err := Make(context.Background(), verdict.FixSwitchDNS, env); err == nil || !strings.Contains(err.Error(), "will not write") {
		t.Errorf("hostile content planned: %v", err)
	}
	// An undo record edited to name another file is refused too.
	env.Undo = &UndoRecord{Backend: BackendResolvConf, Path: "/etc/sudoers", Content: "nameserver 192.0.2.1\n"}
	if _, err := MakeUndo(context.Background(), verdict.FixSwitchDNS, env); err == nil {
		t.Error("undo of /etc/sudoers planned")
	}
}

// Where /etc/resolv.conf is a plain file, it is the one the helper writes.
func TestWriteFileHelperPlainFile(t *testing.T) {
	root := t.TempDir()
	system := filepath.Join(root, "resolv.conf")
	src := filepath.Join(root, "src")
	for p, c := range map[string]string{system: "nameserver 192.0.2.1\n", src: "nameserver 203.0.113.53\n"} {
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := writeFileHelper(system, src, system); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(system); string(b) != "nameserver 203.0.113.53\n" {
		t.Errorf("wrote %q", b)
	}
	if err := os.Remove(system); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(system, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := writeFileHelper(system, src, system); err == nil {
		t.Error("wrote over a directory")
	}
}
