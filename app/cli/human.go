package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// WriteHuman prints one short paragraph per verdict: the side and hop,
// the rule and what decided it, the evidence line by line with timings, and the fixes.
func WriteHuman(w io.Writer, v verdict.Verdict) {
	hop := ""
	if v.Hop != verdict.HopNone {
		hop = " — hop: " + string(v.Hop)
	}
	fmt.Fprintf(w, "%s: %s%s (%d ms)\n", v.URL, strings.ToUpper(v.Side.Words()), hop, v.ElapsedMS)
	fmt.Fprintf(w, "  %s\n", v.Summary)
	// Which rule of the table spoke, and the one piece of evidence that
	// made it: what to quote when the verdict looks wrong.
	if v.Rule != "" {
		if v.DecidedBy != "" {
			fmt.Fprintf(w, "  rule: %s — decided by: %s\n", v.Rule, oneLine(v.DecidedBy))
		} else {
			fmt.Fprintf(w, "  rule: %s\n", v.Rule)
		}
	}
	for _, warn := range v.Warnings {
		fmt.Fprintf(w, "  warning: %s\n", warn)
	}
	width := 0
	for _, s := range v.Evidence {
		width = max(width, len(s.Check))
	}
	for _, s := range v.Evidence {
		mark := "ok  "
		if !s.OK {
			mark = "FAIL"
		}
		fmt.Fprintf(w, "    %s %-*s %5d ms  %s\n", mark, width, s.Check, s.MS, oneLine(s.Detail))
	}
	if len(v.Fixes) > 0 {
		fmt.Fprintln(w, "  What you can do:")
		for _, f := range v.Fixes {
			fmt.Fprintf(w, "    - %s: %s\n", f.Title, f.Does)
		}
	}
	writeWorld(w, v.World)
	if v.StatusPage != nil {
		fmt.Fprintf(w, "  Status page: %s\n", v.StatusPage.Page)
	}
	if v.CrowdURL != "" {
		fmt.Fprintf(w, "  Others reporting it? %s\n", v.CrowdURL)
	}
	fmt.Fprintln(w)
}

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > 200 {
		s = s[:197] + "..."
	}
	return s
}
