// Package cli is gatewatch's command-line front end: `gatewatch check`.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"sync"
	"time"

	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/verdict"
	"github.com/gatewatch/gatewatch/monitor/world"
)

// Exit codes of `gatewatch check`.
const (
	ExitOK      = 0 // every URL is fine
	ExitProblem = 1 // a problem was diagnosed
	ExitUsage   = 2 // bad usage or input
)

// multi is a repeatable string flag.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(s string) error { *m = append(*m, s); return nil }

// CheckArgs are the parsed arguments of `gatewatch check`.
type CheckArgs struct {
	JSON      bool
	Config    string
	Canaries  []string
	Resolvers []string
	Timeout   time.Duration
	// World asks other places on the internet (Globalping) for a second
	// opinion on every failing site, whatever [world] enabled says.
	World bool
	URLs  []string
}

// ParseCheckArgs accepts flags before, between and after URLs.
func ParseCheckArgs(args []string, stderr io.Writer) (CheckArgs, error) {
	var a CheckArgs
	var canaries, resolvers multi
	fs := flag.NewFlagSet("gatewatch check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.BoolVar(&a.JSON, "json", false, "print one JSON object per URL, one per line")
	fs.StringVar(&a.Config, "config", "", "config file (default: the OS config dir's gatewatch/config.toml)")
	fs.Var(&canaries, "canary", "connectivity canary URL (repeatable; overrides the config)")
	fs.Var(&resolvers, "resolver", "reference resolver IP or IP:PORT (repeatable; overrides the config)")
	fs.DurationVar(&a.Timeout, "timeout", 0, "timeout of the site request, e.g. 5s (default: the config's)")
	fs.BoolVar(&a.World, "world", false, "ask other places on the internet (Globalping) about a failing site: sends its host and path")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: gatewatch check [--json] [--config FILE] [--canary URL]... [--resolver IP[:PORT]]... [--timeout DUR] [--world] [URL...]")
		fs.PrintDefaults()
	}
	for {
		if err := fs.Parse(args); err != nil {
			return a, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		a.URLs = append(a.URLs, rest[0])
		args = rest[1:]
	}
	a.Canaries, a.Resolvers = canaries, resolvers
	if a.Timeout < 0 || (a.Timeout > 0 && a.Timeout < 100*time.Millisecond) || a.Timeout > time.Minute {
		return a, fmt.Errorf("--timeout %s must be between 100ms and 1m", a.Timeout)
	}
	return a, nil
}

// Plan is what a check will do once config and flags are merged.
type Plan struct {
	Targets []*url.URL
	Options verdict.Options
	Notice  string // something the user must be told (corrupt config moved aside)
	// Status finds and reads the sites' status pages when they fail.
	Status *verdict.StatusPages
}

// BuildPlan merges the config file and the flags. Every input error is
// returned with what to fix.
func BuildPlan(a CheckArgs) (Plan, error) {
	var p Plan
	cfg, notice, err := config.Load(a.Config)
	if err != nil {
		return p, err
	}
	p.Notice = notice
	opt, err := verdict.BuildOptions(cfg, a.Canaries, a.Resolvers)
	if err != nil {
		return p, err
	}
	p.Options = opt
	p.Status = verdict.NewStatusPages(cfg)
	if a.Timeout > 0 {
		p.Options.Timeout = a.Timeout
	}
	if w := world.FromConfig(cfg.World, a.World); w != nil {
		p.Options.World, p.Options.WorldOnDemand = w, a.World
	}
	urls := a.URLs
	if len(urls) == 0 {
		for _, s := range cfg.Sites {
			urls = append(urls, s.URL)
		}
	}
	if len(urls) == 0 {
		return p, errors.New("no URL given and the config watches no site: name one, e.g. gatewatch check chatgpt.com")
	}
	for _, s := range urls {
		u, err := config.ParseTarget(s)
		if err != nil {
			return p, err
		}
		p.Targets = append(p.Targets, u)
	}
	return p, nil
}

// Check runs `gatewatch check` and returns the exit code.
func Check(args []string, stdout, stderr io.Writer) int {
	a, err := ParseCheckArgs(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "gatewatch check: %v\n", err)
		return ExitUsage
	}
	plan, err := BuildPlan(a)
	if err != nil {
		fmt.Fprintf(stderr, "gatewatch check: %v\n", err)
		return ExitUsage
	}
	if plan.Notice != "" {
		fmt.Fprintf(stderr, "gatewatch: %s\n", plan.Notice)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	verdicts := Run(ctx, plan)
	code := ExitOK
	for _, v := range verdicts {
		if v.Problem() {
			code = ExitProblem
		}
		if a.JSON {
			if err := json.NewEncoder(stdout).Encode(v); err != nil {
				fmt.Fprintf(stderr, "gatewatch check: writing JSON: %v\n", err)
				return ExitUsage
			}
			continue
		}
		WriteHuman(stdout, v)
	}
	return code
}

// Run diagnoses every target, a few at a time, keeping the input order.
func Run(ctx context.Context, plan Plan) []verdict.Verdict {
	out := make([]verdict.Verdict, len(plan.Targets))
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i, t := range plan.Targets {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			out[i] = verdict.Diagnose(ctx, t, plan.Options)
			if plan.Status != nil {
				plan.Status.Annotate(ctx, t, &out[i])
			}
		}()
	}
	wg.Wait()
	return out
}
