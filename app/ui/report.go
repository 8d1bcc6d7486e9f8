package ui

import "github.com/gatewatch/gatewatch/monitor/verdict"

// Report is the plain-text diagnostic report (monitor.Report): the windows,
// the CLI and the fixes share one redaction.
func Report(v verdict.Verdict) string { return verdict.Report(v) }

// RedactURL drops credentials, query and fragment (monitor.RedactURL).
func RedactURL(raw string) string { return verdict.RedactURL(raw) }
