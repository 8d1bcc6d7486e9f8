package verdict

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/gatewatch/gatewatch/checks"
)

// Report is the plain-text diagnostic report the user may paste into a
// support ticket. URLs lose their query strings, fragments and
// credentials, which often hold tokens: the report is meant to be shared.
func Report(v Verdict) string {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	line("gatewatch diagnostic report")
	line("URL: %s", RedactURL(v.URL))
	line("Verdict: %s (side %s, hop %s)", v.Side.Words(), v.Side, v.Hop)
	if v.Summary != "" {
		line("Summary: %s", redactText(v.Summary))
	}
	if v.ErrorPageBy != "" {
		line("Error page from: %s", v.ErrorPageBy)
	}
	if v.Status != 0 {
		line("HTTP status: %d", v.Status)
	}
	if v.Error != "" {
		line("Error: %s", redactText(v.Error))
	}
	if v.PortalURL != "" {
		line("Network login page: %s", RedactURL(v.PortalURL))
	}
	if !v.CheckedAt.IsZero() {
		line("Checked at: %s (took %d ms)", v.CheckedAt.UTC().Format("2006-01-02 15:04:05 MST"), v.ElapsedMS)
	}
	if len(v.Evidence) > 0 {
		line("Evidence:")
		for _, s := range v.Evidence {
			line("  [%s] %s (%d ms): %s", okWord(s.OK), s.Check, s.MS, redactText(s.Detail))
		}
	}
	reportWorld(line, v.World)
	if len(v.Fixes) > 0 {
		line("What to do:")
		for _, f := range v.Fixes {
			line("  - %s: %s", f.Title, f.Does)
		}
	}
	for _, w := range v.Warnings {
		line("Warning: %s", redactText(w))
	}
	return b.String()
}

func okWord(ok bool) string {
	if ok {
		return "ok"
	}
	return "FAIL"
}

// RedactURL drops credentials, query and fragment. Something that does not
// parse is replaced whole rather than risk leaking it.
func RedactURL(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "[unparsable URL removed]"
	}
	return checks.Redact(u)
}

// urlInText finds URLs inside free text (probe details, errors), which may
// quote a redirect target with its token.
// Compiled on first use, not at package init: init runs at every
// process start, `gatewatch check` and `version` included.
var urlInText = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[a-zA-Z][a-zA-Z0-9+.-]*://[^\s"'<>]+`) })

func redactText(s string) string {
	return urlInText().ReplaceAllStringFunc(s, RedactURL)
}
