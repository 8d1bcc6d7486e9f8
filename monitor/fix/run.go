package fix

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// Recheck diagnoses the site again after a fix; noProxy bypasses the proxy.
type Recheck func(ctx context.Context, noProxy bool) verdict.Verdict

// Runner runs plans: steps in order, stopping at the first failure, then
// a re-diagnosis, a message and a log record.
type Runner struct {
	GOOS    string
	Exec    Executor
	Store   *Store  // undo records; nil keeps none
	Log     Logger  // nil logs nothing
	Recheck Recheck // nil: no re-diagnosis
	// DNSSettle is waited after a DNS change before the re-diagnosis:
	// Go's resolver (and glibc's) re-reads resolv.conf at most every 5 s,
	// so a process that resolved a name just before would still use the
	// old servers. 0 when this process resolved nothing yet.
	DNSSettle time.Duration
	URL       string // the site, for the log
}

// Result is the outcome of one run.
type Result struct {
	Plan    Plan
	Ran     int // steps carried out
	Outputs []string
	Err     error
	After   *verdict.Verdict // the re-diagnosis, if any
	Fixed   bool
	Message string // "Fixed: …", "Still failing: …", "Failed: …", "Done: …"
	// LogErr: the run could not be logged (the fix itself is unaffected).
	LogErr error
}

// Run carries out p.
func (r Runner) Run(ctx context.Context, p Plan) Result {
	res := Result{Plan: p}
	saved := false
	if p.SaveUndo != nil && r.Store != nil {
		var err error
		if saved, err = r.Store.Put(p.ID, *p.SaveUndo); err != nil {
			res.Err = fmt.Errorf("saving what to undo (nothing was changed): %w", err)
		}
	}
	for _, s := range p.Steps {
		if res.Err != nil {
			break
		}
		out, err := r.Exec.Exec(ctx, s)
		res.Outputs = append(res.Outputs, out)
		if err != nil {
			res.Err = fmt.Errorf("%s: %w", DescribeStep(r.GOOS, s), err)
			break
		}
		res.Ran++
	}
	if saved && res.Ran == 0 && res.Err != nil {
		// Nothing changed (a refused password, a missing tool): a record
		// kept now would later "undo" to a state that may be stale.
		if err := r.Store.Delete(p.ID); err != nil {
			res.Err = fmt.Errorf("%w; forgetting the undo record: %v", res.Err, err)
		}
	}
	if res.Err == nil && p.Undo && r.Store != nil {
		if err := r.Store.Delete(p.ID); err != nil {
			res.Err = fmt.Errorf("undone, but forgetting the saved settings failed: %w", err)
		}
	}
	switch {
	case res.Err != nil:
		res.Message = "Failed: " + p.Title + ": " + res.Err.Error()
		if res.Ran == 0 {
			res.Message += " (nothing was changed)"
		}
	case r.Recheck != nil && (changesSomething(p) || p.RecheckWithoutProxy):
		wait := p.Settle
		if p.ChangesDNS && r.DNSSettle > wait {
			wait = r.DNSSettle
		}
		if wait > 0 {
			select {
			case <-time.After(wait):
			case <-ctx.Done():
			}
		}
		v := r.Recheck(ctx, p.RecheckWithoutProxy)
		res.After = &v
		res.Fixed = v.Side == verdict.SideOK
		res.Message = outcome(p, v)
	default:
		res.Message = done(p)
	}
	res.LogErr = r.log(p, res)
	return res
}

func changesSomething(p Plan) bool {
	for _, s := range p.Steps {
		if s.File != nil || (s.Argv != nil && !opensSettings(s.Argv)) {
			return true
		}
	}
	return false
}

// opensSettings: commands that only open a settings window.
func opensSettings(argv []string) bool {
	switch argv[0] {
	case "open", "explorer.exe", "gnome-control-center", "systemsettings":
		return true
	}
	return false
}

func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "the site"
}

// outcome words the re-diagnosis.
func outcome(p Plan, v verdict.Verdict) string {
	host := hostOf(v.URL)
	if v.Side == verdict.SideOK {
		if p.RecheckWithoutProxy && !changesSomething(p) {
			return "Without the proxy, " + host + " answers: the proxy is the problem. " + p.Manual
		}
		return "Fixed: " + host + " answers again."
	}
	msg := "Still failing: " + strings.TrimSuffix(v.Summary, ".")
	for _, f := range v.Fixes {
		if f.ID != p.ID {
			msg += " — next try: " + f.Title
			break
		}
	}
	return msg + "."
}

func done(p Plan) string {
	var parts []string
	for _, s := range p.Steps {
		switch {
		case s.OpenURL != "":
			parts = append(parts, "Opened "+verdict.RedactURL(s.OpenURL)+" in the browser.")
		case s.Copy != "":
			parts = append(parts, "Copied the diagnostic report to the clipboard.")
		}
	}
	if p.Manual != "" {
		parts = append(parts, p.Manual)
	}
	if p.Link != "" {
		parts = append(parts, "Support: "+p.Link)
	}
	if len(parts) == 0 {
		return "Done: " + p.Title + "."
	}
	return strings.Join(parts, " ")
}

func (r Runner) log(p Plan, res Result) error {
	if r.Log == nil {
		return nil
	}
	rec := Record{Time: time.Now().UTC(), ID: p.ID, URL: verdict.RedactURL(r.URL), Undo: p.Undo, OK: res.Err == nil, Outcome: res.Message}
	for _, s := range p.Steps {
		d := DescribeStep(r.GOOS, s)
		if s.File != nil {
			d = "write " + s.File.Path
		}
		rec.Steps = append(rec.Steps, d)
	}
	if res.Err != nil {
		rec.Error = res.Err.Error()
	}
	if res.After != nil {
		rec.Side, rec.Hop = string(res.After.Side), string(res.After.Hop)
	}
	if err := r.Log.LogFix(rec); err != nil {
		return fmt.Errorf("logging the fix: %w", err)
	}
	return nil
}
