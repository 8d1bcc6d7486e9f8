package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/cli/browser"

	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/fix"
	"github.com/gatewatch/gatewatch/monitor/history"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// FixArgs are the parsed arguments of `gatewatch fix`.
type FixArgs struct {
	ID         string
	URL        string
	DryRun     bool
	Yes        bool
	Undo       bool
	Config     string
	Canaries   []string
	Resolvers  []string
	DNSBackend string
	ResolvConf string
	StateDir   string
}

const fixUsage = "usage: gatewatch fix ID [URL] [--dry-run] [--yes] [--undo] [--config FILE] [--resolver IP]... [--canary URL]... [--dns-backend networkmanager|resolved|resolvconf] [--resolv-conf FILE] [--state-dir DIR]\n       gatewatch fix list"

// ParseFixArgs accepts flags anywhere among the id and the URL.
func ParseFixArgs(args []string, stderr io.Writer) (FixArgs, error) {
	var a FixArgs
	var canaries, resolvers multi
	fs := flag.NewFlagSet("gatewatch fix", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.BoolVar(&a.DryRun, "dry-run", false, "print the exact commands and file changes, change nothing")
	fs.BoolVar(&a.Yes, "yes", false, "do not ask before changing system settings")
	fs.BoolVar(&a.Undo, "undo", false, "revert what an earlier run of the fix changed (switch-dns)")
	fs.StringVar(&a.Config, "config", "", "config file (default: the OS config dir's gatewatch/config.toml)")
	fs.Var(&canaries, "canary", "connectivity canary URL for the re-check (repeatable; overrides the config)")
	fs.Var(&resolvers, "resolver", "reference resolver IP[:PORT]: switch-dns switches to these (repeatable; overrides the config)")
	fs.StringVar(&a.DNSBackend, "dns-backend", "", "Linux switch-dns backend: networkmanager, resolved or resolvconf (default: detect)")
	fs.StringVar(&a.ResolvConf, "resolv-conf", "", "the file the resolvconf backend edits (default /etc/resolv.conf)")
	fs.StringVar(&a.StateDir, "state-dir", "", "where undo records and the fix log are kept (default: the user's state dir)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, fixUsage)
		fs.PrintDefaults()
	}
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return a, err
		}
		if fs.NArg() == 0 {
			break
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
	a.Canaries, a.Resolvers = canaries, resolvers
	switch len(rest) {
	case 0:
		return a, errors.New("name a fix: gatewatch fix list shows them")
	case 1:
		a.ID = rest[0]
	case 2:
		a.ID, a.URL = rest[0], rest[1]
	default:
		return a, fmt.Errorf("too many arguments: %q", rest[2:])
	}
	if !slices.Contains([]string{"", fix.BackendNetworkManager, fix.BackendResolved, fix.BackendResolvConf}, a.DNSBackend) {
		return a, fmt.Errorf("--dns-backend %q: want networkmanager, resolved or resolvconf", a.DNSBackend)
	}
	return a, nil
}

// FixDeps are what `gatewatch fix` touches; tests replace them.
type FixDeps struct {
	GOOS     string
	Exec     fix.Executor
	HostEnv  func(ctx context.Context, o fix.HostOptions) (fix.Env, error)
	Diagnose func(ctx context.Context, target *url.URL, opt verdict.Options) verdict.Verdict
	// Terminal reports whether stdin is a terminal someone can answer.
	Terminal bool
}

// SystemFixDeps are the real ones: commands run for real, URLs open in
// the default browser (github.com/cli/browser: xdg-open, open, rundll32),
// the report goes to stdout (no clipboard on the command line).
func SystemFixDeps(stdout io.Writer) FixDeps {
	var helper []string
	if exe, err := os.Executable(); err == nil {
		helper = []string{exe, "fix-write-file"}
	}
	terminal := false
	if fi, err := os.Stdin.Stat(); err == nil {
		terminal = fi.Mode()&os.ModeCharDevice != 0
	}
	return FixDeps{
		GOOS: runtime.GOOS,
		Exec: fix.System{
			Open:        browser.OpenURL,
			Copy:        func(text string) error { _, err := io.WriteString(stdout, text); return err },
			WriteHelper: helper,
		},
		HostEnv:  fix.HostEnv,
		Diagnose: verdict.Diagnose,
		Terminal: terminal,
	}
}

// needsVerdict: fixes whose plan depends on the diagnosis (a URL to open,
// a report to copy). The others are planned without one, and the site is
// only diagnosed after the fix.
var needsVerdict = []string{verdict.FixOpenPortal, verdict.FixCopyReport, verdict.FixContactISP, verdict.FixContactSite, verdict.FixAskNetworkAdmin, fix.OpenSite, fix.BrowserHelp,
	verdict.FixLowerMTU} // the packet size that got through

// Fix runs `gatewatch fix` and returns the exit code: 0 done (and, with a
// URL, the site answers), 1 the fix failed or the site still fails, 2 bad
// usage or a refused confirmation.
func Fix(args []string, stdin io.Reader, stdout, stderr io.Writer, deps FixDeps) int {
	if len(args) == 1 && args[0] == "list" {
		for _, e := range fix.Catalog {
			e, _ := fix.Lookup(e.ID)
			fmt.Fprintf(stdout, "%-22s %s\n", e.ID, e.Title)
		}
		return ExitOK
	}
	a, err := ParseFixArgs(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "gatewatch fix: %v\n", err)
		return ExitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	code, err := runFix(ctx, a, stdin, stdout, stderr, deps)
	if err != nil {
		fmt.Fprintf(stderr, "gatewatch fix: %v\n", err)
	}
	return code
}

func runFix(ctx context.Context, a FixArgs, stdin io.Reader, stdout, stderr io.Writer, deps FixDeps) (int, error) {
	if _, ok := fix.Lookup(a.ID); !ok {
		return ExitUsage, fmt.Errorf("unknown fix %q: gatewatch fix list shows them", a.ID)
	}
	cfg, notice, err := config.Load(a.Config)
	if err != nil {
		return ExitUsage, err
	}
	if notice != "" {
		fmt.Fprintf(stderr, "gatewatch: %s\n", notice)
	}
	opt, err := verdict.BuildOptions(cfg, a.Canaries, a.Resolvers)
	if err != nil {
		return ExitUsage, err
	}
	var target *url.URL
	if a.URL != "" {
		if target, err = config.ParseTarget(a.URL); err != nil {
			return ExitUsage, err
		}
	}
	store, err := fix.NewStore(a.StateDir)
	if err != nil {
		return ExitProblem, err
	}
	logPath := ""
	if a.StateDir != "" {
		logPath = a.StateDir + string(os.PathSeparator) + "fixes.jsonl"
	} else if logPath, err = fix.DefaultLogPath(); err != nil {
		return ExitProblem, err
	}

	var found verdict.Verdict
	diagnosed := false
	if slices.Contains(needsVerdict, a.ID) && !a.Undo {
		if target == nil {
			return ExitUsage, fmt.Errorf("%s needs the site: gatewatch fix %s URL", a.ID, a.ID)
		}
		fmt.Fprintf(stdout, "Checking %s…\n", verdict.RedactURL(target.String()))
		found = deps.Diagnose(ctx, target, opt)
		diagnosed = true
	} else if target != nil {
		found.URL = target.String()
	}
	hopt := fix.HostOptions{Verdict: found, Resolvers: opt.Resolvers, DNSBackend: a.DNSBackend, ResolvConf: a.ResolvConf, Store: &store}
	if target != nil {
		// The same resolver as the window and the tray: the setting,
		// "guess" and "none", else the built-in page of a popular site.
		hopt.StatusPage = verdict.NewStatusPages(cfg).PageFor(target)
	}
	if a.Undo {
		hopt.UndoID = a.ID
	}
	env, err := deps.HostEnv(ctx, hopt)
	if err != nil {
		return ExitProblem, err
	}
	var plan fix.Plan
	if a.Undo {
		plan, err = fix.MakeUndo(ctx, a.ID, env)
	} else {
		plan, err = fix.Make(ctx, a.ID, env)
	}
	if err != nil {
		return ExitProblem, err
	}
	fmt.Fprintf(stdout, "%s\n%s\n", plan.Title, plan.Describe(deps.GOOS))
	if a.DryRun {
		fmt.Fprintln(stdout, "(dry run: nothing was changed)")
		return ExitOK, nil
	}
	if plan.NeedsConfirm && !a.Yes {
		if !deps.Terminal {
			return ExitUsage, errors.New("this changes system settings: rerun with --yes to confirm (or --dry-run to only look)")
		}
		fmt.Fprint(stdout, "Go ahead? [y/N] ")
		line, rerr := bufio.NewReader(stdin).ReadString('\n')
		if rerr != nil && line == "" {
			fmt.Fprintln(stdout)
			return ExitUsage, errors.New("no answer: nothing was changed (rerun with --yes to confirm)")
		}
		if ans := strings.ToLower(strings.TrimSpace(line)); ans != "y" && ans != "yes" {
			fmt.Fprintln(stdout, "Nothing was changed.")
			return ExitUsage, nil
		}
	}
	var logger fix.Logger = &fix.JSONL{Path: logPath}
	if a.StateDir == "" {
		logger = history.FixLogger(cfg, logPath)
	}
	r := fix.Runner{GOOS: deps.GOOS, Exec: deps.Exec, Store: &store, Log: logger}
	if target != nil {
		r.URL = target.String()
		r.Recheck = func(ctx context.Context, noProxy bool) verdict.Verdict {
			o := opt
			if noProxy {
				o.Getenv, o.SkipSystemProxy = withoutProxy, true
			}
			fmt.Fprintf(stdout, "Checking %s again…\n", verdict.RedactURL(target.String()))
			return deps.Diagnose(ctx, target, o)
		}
		if diagnosed {
			r.DNSSettle = 5100 * time.Millisecond
		}
	}
	res := r.Run(ctx, plan)
	if res.After != nil {
		WriteHuman(stdout, *res.After)
	}
	msg := res.Message
	if slices.ContainsFunc(plan.Steps, func(s fix.Step) bool { return s.Copy != "" }) {
		msg = strings.Replace(msg, "Copied the diagnostic report to the clipboard.", "The diagnostic report is printed above: copy it from there.", 1)
	}
	fmt.Fprintln(stdout, msg)
	if res.LogErr != nil {
		fmt.Fprintf(stderr, "gatewatch fix: %v\n", res.LogErr)
	}
	if res.Err != nil || (res.After != nil && !res.Fixed) {
		return ExitProblem, nil
	}
	return ExitOK, nil
}

// withoutProxy is the environment minus the proxy variables.
func withoutProxy(k string) string {
	switch strings.ToUpper(k) {
	case "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY":
		return ""
	}
	return os.Getenv(k)
}

// FixWriteFile is the hidden `gatewatch fix-write-file TARGET SOURCE` that
// the elevated side of a resolv.conf change runs (fix.WriteFileHelper).
func FixWriteFile(args []string, stderr io.Writer) int {
	if len(args) != 2 {
		fmt.Fprintln(stderr, "usage: gatewatch fix-write-file TARGET SOURCE")
		return ExitUsage
	}
	if err := fix.WriteFileHelper(args[0], args[1]); err != nil {
		fmt.Fprintf(stderr, "gatewatch fix-write-file: %v\n", err)
		return ExitProblem
	}
	return ExitOK
}
