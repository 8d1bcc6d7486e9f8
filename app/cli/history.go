package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/gatewatch/gatewatch/checks"
	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/history"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// History runs `gatewatch history`: uptime, incidents and the side-split
// summary from the history database. It returns the exit code.
func History(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gatewatch history", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", "", "config file, for history.path (default: the OS config dir's gatewatch/config.toml)")
	db := fs.String("db", "", "history database (default: the config's history.path, else the OS data dir's gatewatch/history.db)")
	site := fs.String("site", "", "only this site (URL or host name)")
	sinceFlag := fs.String("since", "30d", "how far back: a duration such as 24h, 7d or 30d")
	asJSON := fs.Bool("json", false, "print the report as one JSON object (with --checks: one object per check and line)")
	asCSV := fs.Bool("csv", false, "print the incidents as CSV (with --checks: the checks)")
	rawChecks := fs.Bool("checks", false, "print every raw check in the window instead of the report (CSV unless --json)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: gatewatch history [--site URL] [--since DUR] [--json | --csv] [--checks] [--db FILE] [--config FILE]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gatewatch history: unexpected argument %q (use --site)\n", fs.Arg(0))
		return ExitUsage
	}
	if *asJSON && *asCSV {
		fmt.Fprintln(stderr, "gatewatch history: --json and --csv: choose one")
		return ExitUsage
	}
	since, err := ParseSince(*sinceFlag)
	if err != nil {
		fmt.Fprintf(stderr, "gatewatch history: --since: %v\n", err)
		return ExitUsage
	}
	target := ""
	if *site != "" {
		u, err := config.ParseTarget(*site)
		if err != nil {
			fmt.Fprintf(stderr, "gatewatch history: --site: %v\n", err)
			return ExitUsage
		}
		target = u.String()
	}
	path := *db
	if path == "" {
		cfg, _, err := config.Load(*configPath)
		if err != nil {
			fmt.Fprintf(stderr, "gatewatch history: %v\n", err)
			return ExitUsage
		}
		path = cfg.History.Path
	}
	if path == "" {
		if path, err = history.DefaultPath(); err != nil {
			fmt.Fprintf(stderr, "gatewatch history: %v\n", err)
			return 1
		}
	}
	// Read only: the command never creates, migrates or writes the file
	// the monitor owns.
	s, err := history.Open(path, history.Options{ReadOnly: true})
	if errors.Is(err, history.ErrNoHistory) {
		fmt.Fprintf(stderr, "gatewatch history: no history at %s yet (the tray or `gatewatch monitor` records it)\n", path)
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "gatewatch history: %v\n", err)
		return 1
	}
	defer s.Close()
	if s.Notice != "" {
		fmt.Fprintf(stderr, "gatewatch: %s\n", s.Notice)
	}
	now := time.Now()
	if *rawChecks {
		// Until a minute ahead: a check recorded while this runs is in.
		if err := writeChecks(context.Background(), stdout, s, target, now.Add(-since), now.Add(time.Minute), !*asJSON); err != nil {
			fmt.Fprintf(stderr, "gatewatch history: %v\n", err)
			return 1
		}
		return ExitOK
	}
	r, err := history.BuildOverview(context.Background(), s, target, now.Add(-since), now, 0)
	if err != nil {
		fmt.Fprintf(stderr, "gatewatch history: %v\n", err)
		return 1
	}
	if *asJSON {
		if err := json.NewEncoder(stdout).Encode(r); err != nil {
			fmt.Fprintf(stderr, "gatewatch history: writing JSON: %v\n", err)
			return 1
		}
		return ExitOK
	}
	if *asCSV {
		if err := writeIncidentsCSV(stdout, r); err != nil {
			fmt.Fprintf(stderr, "gatewatch history: %v\n", err)
			return 1
		}
		return ExitOK
	}
	WriteHistory(stdout, r)
	return ExitOK
}

// ParseSince reads a duration, also in days ("30d", "1d12h").
func ParseSince(s string) (time.Duration, error) {
	var days time.Duration
	if i := strings.Index(s, "d"); i > 0 {
		n, err := strconv.Atoi(s[:i])
		if err != nil || n < 0 {
			return 0, fmt.Errorf("%q: use a duration such as 24h, 7d or 30d", s)
		}
		days = time.Duration(n) * 24 * time.Hour
		s = s[i+1:]
		if s == "" {
			s = "0s"
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q: use a duration such as 24h, 7d or 30d", s)
	}
	if d+days <= 0 {
		return 0, errors.New("must be more than zero")
	}
	return d + days, nil
}

// WriteHistory prints the report for a person.
func WriteHistory(w io.Writer, r history.Overview) {
	fmt.Fprintln(w, r.Summary)
	for _, s := range r.Sites {
		fmt.Fprintf(w, "\n%s  uptime 24h %s  7d %s  30d %s  (%d checks)\n", config.SiteName("", s.Site),
			pct(s.Uptime24h), pct(s.Uptime7d), pct(s.Uptime30d), s.Window.Checks)
		if len(s.Incidents) == 0 {
			fmt.Fprintln(w, "  no incidents")
			continue
		}
		for _, in := range s.Incidents {
			end := "ongoing"
			if !in.Ongoing() {
				end = "until " + in.End.Local().Format("15:04")
			}
			fmt.Fprintf(w, "  %s  %-8s %-12s %-10s %s\n", in.Start.Local().Format("2006-01-02 15:04"),
				checks.HumanDuration(in.Duration(r.Now)), verdict.Side(in.Side).Words(), in.Hop, end)
		}
	}
	if len(r.Fixes) > 0 {
		fmt.Fprintln(w, "\nFixes run:")
		for _, f := range r.Fixes {
			what := f.ID
			switch {
			case f.Undo:
				what = "undo " + f.ID
			case f.DryRun:
				what = f.ID + " (dry run)"
			}
			fmt.Fprintf(w, "  %s  %-24s %s\n", f.Time.Local().Format("2006-01-02 15:04"), what, f.Outcome)
		}
	}
}

func pct(p float64) string {
	if p < 0 {
		return "  –  "
	}
	return fmt.Sprintf("%.2f%%", p)
}
