package ui

import (
	"github.com/gatewatch/gatewatch/monitor/logfile"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// Report is the plain-text diagnostic report (verdict.Report) with the
// tail of gatewatch's log, which this window process reads from the file
// the tray writes: the windows, the CLI and the fixes share one redaction.
func Report(v verdict.Verdict) string { return verdict.ReportWithLog(v, logfile.Recent()) }

// RedactURL drops credentials, query and fragment (monitor.RedactURL).
func RedactURL(raw string) string { return verdict.RedactURL(raw) }
