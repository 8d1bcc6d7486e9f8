package verdict

import "strings"

// RedactText drops the credentials, query and fragment of every URL in
// free text, as the report does for probe details and errors.
func RedactText(s string) string { return redactText(s) }

// ReportWithLog is Report followed by the last lines of gatewatch's log
// (logfile.Recent), which say what the resident saw before the user
// asked: redacted like the rest, since the report is meant to be shared.
func ReportWithLog(v Verdict, log []string) string {
	r := Report(v)
	if len(log) == 0 {
		return r
	}
	var b strings.Builder
	b.WriteString(r)
	b.WriteString("Recent log:\n")
	for _, l := range log {
		b.WriteString("  " + redactText(strings.TrimRight(l, "\r")) + "\n")
	}
	return b.String()
}
