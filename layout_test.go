package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/gatewatch/gatewatch/"

// allowed says which of the project's packages a package may import: the
// arrows of the README's Layout, app → monitor → checks, and inside
// monitor the loop and its users above verdict, verdict above config.
// A package not listed may import anything below app.
var allowed = []struct {
	pkg   string   // a package path prefix (module-relative)
	never []string // prefixes it must not import
}{
	{"checks", []string{"monitor", "app", "cmd", "internal"}},
	{"internal", []string{"checks", "monitor", "app", "cmd"}},
	{"monitor/config", []string{"monitor/verdict", "monitor/fix", "monitor/history", "monitor/metrics", "monitor/resident", "monitor/netwatch", "app", "cmd"}},
	{"monitor/netwatch", []string{"monitor/verdict", "monitor/config", "monitor/fix", "monitor/history", "monitor/metrics", "monitor/resident", "app", "cmd"}},
	{"monitor/verdict", []string{"monitor/fix", "monitor/history", "monitor/metrics", "monitor/resident", "monitor/netwatch", "app", "cmd"}},
	{"monitor/fix", []string{"monitor/history", "monitor/metrics", "monitor/resident", "app", "cmd"}},
	{"monitor/history", []string{"monitor/metrics", "monitor/resident", "app", "cmd"}},
	{"monitor/metrics", []string{"monitor/history", "monitor/resident", "app", "cmd"}},
	{"monitor/resident", []string{"app", "cmd"}},
	{"monitor/logfile", []string{"app", "cmd"}},
	{"monitor", []string{"app", "cmd"}},
}

// rulesFor finds a package's entry; subpackages of monitor come before
// "monitor" in the list, so each is judged by its own entry.
func rulesFor(pkg string) []string {
	for _, a := range allowed {
		if pkg == a.pkg || strings.HasPrefix(pkg, a.pkg+"/") {
			return a.never
		}
	}
	return nil
}

func under(path, prefix string) bool { return path == prefix || strings.HasPrefix(path, prefix+"/") }

// TestImportsPointOneWay reads every non-test Go file's imports and fails
// on an arrow upward (checks importing monitor, monitor importing app, the
// rule engine importing the loop, …).
func TestImportsPointOneWay(t *testing.T) {
	fset := token.NewFileSet()
	seen := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != ".") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		pkg := filepath.ToSlash(filepath.Dir(path))
		never := rulesFor(pkg)
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		seen++
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if !strings.HasPrefix(p, module) {
				continue
			}
			p = strings.TrimPrefix(p, module)
			for _, n := range never {
				// monitor/verdict/internal/... belongs to verdict.
				if under(p, n) && !under(p, pkg) {
					t.Errorf("%s imports %s: an arrow upward (the README's Layout)", path, p)
				}
			}
			if strings.HasPrefix(pkg, "monitor") && (strings.Contains(p, "fyne") || under(p, "app")) {
				t.Errorf("%s imports %s", path, p)
			}
		}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if strings.HasPrefix(p, "fyne.io/fyne") && !under(pkg, "app/ui") && !under(pkg, "app/benchbase") && !under(pkg, "cmd/gatewatch-ui") {
				t.Errorf("%s imports %s: only app/ui (and the windows' binary) may use Fyne", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 50 {
		t.Fatalf("read only %d files: the walk is not seeing the tree", seen)
	}
}
