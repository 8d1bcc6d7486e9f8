// Command mutate is a small mutation tester for the verdict rule table.
// It makes one change at a time to a temporary copy of the package's
// sources and runs the package's tests against it through `go test
// -overlay`, so the work tree is never touched:
//
//   - swap: two adjacent rules of the table change places;
//   - negate: a rule's When is negated;
//   - drop: a rule is removed;
//   - op: one comparison operator (== != < <= > >=) is flipped, or one
//     boolean literal, in the table's files.
//
// A mutant the tests fail on is killed; one they pass on survived.
// Survivors that cannot change any verdict are equivalent and listed in
// equivalent (and README.md, "Mutation testing"), with the reason.
//
// Run from the module root: go run ./monitor/verdict/internal/mutate
// (make mutation).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

type mutant struct {
	id   string // stable description, e.g. "swap site-ok/link-down"
	line string // where, for people (operator mutants)
	file string // absolute path of the changed file
	src  []byte // its mutated content
}

// equivalent lists mutants no verdict can tell apart from the original,
// each with why. Adjacent rules that never both hold are checked to be
// disjoint by TestAdjacentRulesWithoutAfterAreDisjoint.
var equivalent = map[string]string{
	"swap router-unreachable/isp-packet-loss":    "disjoint: internetDown means no handshake succeeded, so no loss is measured",
	"swap isp-packet-loss/isp-down":              "disjoint: as above",
	"swap site-dns-broken/dns-resolver-failing":  "disjoint: one needs every reference resolver to fail, the other one to answer",
	"swap origin-error/firewall-blocked":         "disjoint: an HTTP answer vs. a blocked connect",
	"swap firewall-blocked/origin-refused":       "disjoint: different error classes",
	"swap origin-refused/origin-silent":          "disjoint: different error classes",
	"op evidence.go internetDown false->true #2": "a portal is decided by captive-portal, the first rule and NetworkAlone, before any rule reads internetDown",
}

func main() {
	pkg := flag.String("pkg", "monitor/verdict", "package directory, from the module root")
	files := flag.String("files", "rules.go,evidence.go,decide.go,phrases.go", "files whose operators are mutated")
	timeout := flag.Duration("timeout", 2*time.Minute, "per-mutant test timeout")
	skip := flag.String("skip", "TestReadmeVerdictTable", "tests not run (the README table would kill every swap and drop by itself)")
	only := flag.String("only", "", "run only mutants whose id matches this regexp")
	list := flag.Bool("list", false, "list the mutants, run nothing")
	why := flag.Bool("why", false, "name the tests that killed each mutant")
	flag.Parse()

	dir, err := filepath.Abs(*pkg)
	if err != nil {
		fatal(err)
	}
	var ms []mutant
	rules := filepath.Join(dir, "rules.go")
	tm, err := tableMutants(rules)
	if err != nil {
		fatal(err)
	}
	ms = append(ms, tm...)
	for _, f := range strings.Split(*files, ",") {
		om, err := opMutants(filepath.Join(dir, f))
		if err != nil {
			fatal(err)
		}
		ms = append(ms, om...)
	}
	if *only != "" {
		re := regexp.MustCompile(*only)
		var kept []mutant
		for _, m := range ms {
			if re.MatchString(m.id) {
				kept = append(kept, m)
			}
		}
		ms = kept
	}
	if *list {
		for _, m := range ms {
			fmt.Println(m.id + where(m))
		}
		return
	}
	tmp, err := os.MkdirTemp("", "gatewatch-mutate-")
	if err != nil {
		fatal(err)
	}
	defer os.RemoveAll(tmp)

	// The unmutated package must pass, or every mutant looks killed.
	if ok, out := runTests(tmp, "./"+*pkg, nil, *timeout, *skip); !ok {
		fatal(fmt.Errorf("the tests fail without any mutation:\n%s", out))
	}
	killed, survived, equiv := 0, 0, 0
	start := time.Now()
	for _, m := range ms {
		ok, out := runTests(tmp, "./"+*pkg, &m, *timeout, *skip)
		switch {
		case !ok:
			killed++
			fmt.Printf("killed    %s%s\n", m.id, where(m))
			if *why {
				fmt.Print(failures(out))
			}
		case equivalent[m.id] != "":
			equiv++
			fmt.Printf("equiv     %s (%s)\n", m.id, equivalent[m.id])
		default:
			survived++
			fmt.Printf("SURVIVED  %s%s\n", m.id, where(m))
		}
	}
	total := len(ms)
	fmt.Printf("\n%d mutants in %s: %d killed, %d equivalent, %d survived; score %.1f%% (killed / non-equivalent)\n",
		total, time.Since(start).Round(time.Second), killed, equiv, survived, 100*float64(killed)/float64(max(1, total-equiv)))
	if survived > 0 {
		os.Exit(1)
	}
}

// failures picks the failed top-level tests (or the build error) out of
// go test's output.
func failures(out string) string {
	var b strings.Builder
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "--- FAIL") || strings.Contains(l, "[build failed]") || strings.HasPrefix(l, "panic:") {
			b.WriteString("            " + l + "\n")
		}
	}
	return b.String()
}

func where(m mutant) string {
	if m.line == "" {
		return ""
	}
	return "  (" + m.line + ")"
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "mutate:", err)
	os.Exit(2)
}

// runTests runs the package's short tests, with m's file replaced when m
// is not nil. It reports whether they passed.
func runTests(tmp, pkg string, m *mutant, timeout time.Duration, skip string) (bool, string) {
	args := []string{"test", "-short", "-count=1", "-timeout=" + timeout.String()}
	if skip != "" {
		args = append(args, "-skip="+skip)
	}
	if m != nil {
		src := filepath.Join(tmp, "mutant.go")
		if err := os.WriteFile(src, m.src, 0o644); err != nil {
			fatal(err)
		}
		ov, _ := json.Marshal(map[string]map[string]string{"Replace": {m.file: src}})
		ovPath := filepath.Join(tmp, "overlay.json")
		if err := os.WriteFile(ovPath, ov, 0o644); err != nil {
			fatal(err)
		}
		args = append(args, "-overlay="+ovPath)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout+30*time.Second)
	defer cancel()
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, "go", append(args, pkg)...)
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return err == nil, out.String()
}

// tableMutants: swaps of adjacent rules, negated Whens, dropped rules.
func tableMutants(path string) ([]mutant, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, 0)
	if err != nil {
		return nil, err
	}
	table := findTable(f)
	if table == nil {
		return nil, fmt.Errorf("%s: no var Rules = []Rule{...}", path)
	}
	off := func(p token.Pos) int { return fset.Position(p).Offset }
	type elt struct {
		name       string
		start, end int
		when       *ast.FuncLit
	}
	var elts []elt
	for _, x := range table.Elts {
		cl, ok := x.(*ast.CompositeLit)
		if !ok {
			return nil, fmt.Errorf("%s: a rule that is not a literal", fset.Position(x.Pos()))
		}
		e := elt{start: off(cl.Pos()), end: off(cl.End())}
		for _, kv := range cl.Elts {
			kv, ok := kv.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			switch k := kv.Key.(*ast.Ident); {
			case k == nil:
			case k.Name == "Name":
				if bl, ok := kv.Value.(*ast.BasicLit); ok {
					e.name = strings.Trim(bl.Value, `"`)
				}
			case k.Name == "When":
				e.when, _ = kv.Value.(*ast.FuncLit)
			}
		}
		elts = append(elts, e)
	}
	splice := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	var ms []mutant
	for i := 0; i+1 < len(elts); i++ {
		a, b := elts[i], elts[i+1]
		ms = append(ms, mutant{id: "swap " + a.name + "/" + b.name, file: path, src: splice(
			src[:a.start], src[b.start:b.end], src[a.end:b.start], src[a.start:a.end], src[b.end:])})
	}
	for _, e := range elts {
		if e.when != nil {
			s, t := off(e.when.Pos()), off(e.when.End())
			ms = append(ms, mutant{id: "negate " + e.name, file: path, src: splice(
				src[:s], []byte("func(e *Evidence) bool { return !("), src[s:t], []byte(")(e) }"), src[t:])})
		}
	}
	for _, e := range elts {
		end := e.end
		if end < len(src) && src[end] == ',' {
			end++
		}
		ms = append(ms, mutant{id: "drop " + e.name, file: path, src: splice(src[:e.start], src[end:])})
	}
	return ms, nil
}

func findTable(f *ast.File) *ast.CompositeLit {
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, s := range gd.Specs {
			vs := s.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if n.Name == "Rules" && i < len(vs.Values) {
					cl, _ := vs.Values[i].(*ast.CompositeLit)
					return cl
				}
			}
		}
	}
	return nil
}

var flipped = map[token.Token]token.Token{
	token.EQL: token.NEQ, token.NEQ: token.EQL,
	token.LSS: token.GEQ, token.GEQ: token.LSS,
	token.GTR: token.LEQ, token.LEQ: token.GTR,
}

// opMutants: each comparison operator flipped, each true/false negated.
// A mutant's id names its file, the function (or rule) it is in, the
// change and its rank there, so that it survives edits elsewhere.
func opMutants(path string) ([]mutant, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, 0)
	if err != nil {
		return nil, err
	}
	base := filepath.Base(path)
	var ms []mutant
	rank := map[string]int{}
	visit := func(scope string, root ast.Node) {
		replace := func(pos token.Pos, old, new string) {
			p := fset.Position(pos)
			o := p.Offset
			m := append(append(append([]byte{}, src[:o]...), new...), src[o+len(old):]...)
			key := fmt.Sprintf("op %s %s %s->%s", base, scope, old, new)
			rank[key]++
			ms = append(ms, mutant{
				id:   fmt.Sprintf("%s #%d", key, rank[key]),
				line: fmt.Sprintf("%s:%d: %s", base, p.Line, strings.TrimSpace(lineAt(src, o))),
				file: path, src: m,
			})
		}
		ast.Inspect(root, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.BinaryExpr:
				if to, ok := flipped[x.Op]; ok {
					replace(x.OpPos, x.Op.String(), to.String())
				}
			case *ast.Ident:
				if x.Name == "true" || x.Name == "false" {
					replace(x.Pos(), x.Name, map[string]string{"true": "false", "false": "true"}[x.Name])
				}
			}
			return true
		})
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			visit(d.Name.Name, d)
		case *ast.GenDecl:
			if table := findTable(&ast.File{Decls: []ast.Decl{d}}); table != nil {
				for _, x := range table.Elts {
					visit("rule:"+ruleName(x), x)
				}
				continue
			}
			visit("decl", d)
		}
	}
	return ms, nil
}

func ruleName(x ast.Expr) string {
	cl, ok := x.(*ast.CompositeLit)
	if !ok {
		return "?"
	}
	for _, kv := range cl.Elts {
		if kv, ok := kv.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Name" {
				if bl, ok := kv.Value.(*ast.BasicLit); ok {
					return strings.Trim(bl.Value, `"`)
				}
			}
		}
	}
	return "?"
}

func lineAt(src []byte, o int) string {
	s := bytes.LastIndexByte(src[:o], '\n') + 1
	e := bytes.IndexByte(src[o:], '\n')
	if e < 0 {
		e = len(src) - o
	}
	l := string(src[s : o+e])
	if len(l) > 90 {
		l = l[:90] + "…"
	}
	return l
}
