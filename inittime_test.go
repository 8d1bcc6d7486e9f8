package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoRegexpAtInit: no package-level regexp.MustCompile in the
// gatewatch binary's packages. Package init runs at every process start
// (`gatewatch check`, `version`), and compiling a pattern there costs
// hundreds of allocations whether the pattern is used or not; compile on
// first use (sync.OnceValue) instead. Other binaries (cmd/, lab/, the
// mutation tool) are not checked.
func TestNoRegexpAtInit(t *testing.T) {
	fset := token.NewFileSet()
	files := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch {
			case d.Name() == "testdata", d.Name() == "internal" && strings.HasPrefix(path, "monitor/verdict"),
				path == "cmd", path == "lab", strings.HasPrefix(d.Name(), ".") && path != ".":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files++
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				for _, v := range spec.(*ast.ValueSpec).Values {
					if isRegexpCompile(v) {
						t.Errorf("%s: regexp compiled at package init; compile it on first use", fset.Position(v.Pos()))
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 100 {
		t.Fatalf("read only %d files: the walk is wrong", files)
	}
}

func isRegexpCompile(e ast.Expr) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "regexp" && strings.HasPrefix(sel.Sel.Name, "MustCompile")
}
