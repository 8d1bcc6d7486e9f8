// Package fix turns the fix ids of a verdict (monitor.Fix) into plans:
// the exact commands or file changes that carry a fix out on this OS, and
// runs them with a timeout, a re-diagnosis and a log entry.
//
// Safety rules, enforced here and tested with a recording executor:
// commands are argv, never a shell; only values this package re-renders
// from typed, validated data (netip.Addr, interface and connection names
// that exist on this machine, UUIDs) reach argv, never raw text from the
// network, a response or the config; URLs opened in the browser are
// http/https URLs validated by SafeURL.
//
// Planning is pure and OS-independent (planLinux, planDarwin, planWindows
// take an Env), so every OS's commands are tested on any OS; the
// build-tagged host_*.go files only fill the Env and elevate.
package fix

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// New fix ids beyond monitor's catalog (which the rules use).
const (
	OpenSite    = verdict.FixOpenSite
	BrowserHelp = "browser-help"
)

// FileChange replaces a file's content. Before holds what was there, for
// the dry run and for undo.
type FileChange struct {
	Path    string
	Content []byte
	Before  []byte
}

// Step is one action of a plan: a command (Argv), a file change, a URL to
// open in the browser or text for the clipboard. Exactly one is set.
type Step struct {
	Argv       []string
	File       *FileChange
	OpenURL    string // validated http/https (SafeURL)
	Copy       string
	Privileged bool // needs administrator rights (pkexec, macOS prompt, UAC)
}

// Plan is what a fix will do on this machine.
type Plan struct {
	ID      string
	Title   string
	Explain string // what the fix does and why, in words
	Steps   []Step
	// Manual is what the user has to do by hand, when the fix cannot (or
	// must not) do it itself: click in the VPN client, change the system
	// proxy, clear the browser's site data.
	Manual string
	// Link is a support or status page to mention with Manual.
	Link string
	// NeedsConfirm: the plan changes system settings or needs privileges;
	// front ends show Describe() and ask first.
	NeedsConfirm bool
	// Undoable: the fix saves what it changes (SaveUndo) and "undo" puts
	// it back.
	Undoable bool
	SaveUndo *UndoRecord
	// Undo marks a plan that reverts an earlier fix.
	Undo bool
	// RecheckWithoutProxy: re-diagnose with the proxy bypassed
	// (bypass-proxy's "for gatewatch's own checks").
	RecheckWithoutProxy bool
	// ChangesDNS: the resolver configuration changes (Runner.DNSSettle).
	ChangesDNS bool
	// Settle is how long the change takes to apply after its command
	// returns (an asynchronous lease renewal), waited before re-checking.
	Settle time.Duration
}

// Privileged reports whether any step needs administrator rights.
func (p Plan) Privileged() bool {
	for _, s := range p.Steps {
		if s.Privileged {
			return true
		}
	}
	return false
}

// Describe is the dry run: every command exactly as it will run (with the
// elevation wrapper of goos), every file change with its new content.
func (p Plan) Describe(goos string) string {
	var b strings.Builder
	if p.Explain != "" {
		b.WriteString(p.Explain + "\n")
	}
	for _, s := range p.Steps {
		b.WriteString(DescribeStep(goos, s) + "\n")
	}
	if p.Manual != "" {
		b.WriteString(p.Manual + "\n")
	}
	if p.Link != "" {
		b.WriteString("Support: " + p.Link + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// DescribeStep says one step the way it will be carried out.
func DescribeStep(goos string, s Step) string {
	switch {
	case s.Argv != nil:
		argv := s.Argv
		prefix := "run: "
		if s.Privileged {
			switch goos {
			case "windows":
				prefix = "run as administrator (UAC): "
			default:
				argv = Elevate(goos, argv)
			}
		}
		return prefix + QuoteArgv(argv)
	case s.File != nil:
		how := "write"
		if s.Privileged {
			how = "write (as administrator)"
		}
		return fmt.Sprintf("%s %s:\n%s", how, s.File.Path, indent(string(s.File.Content)))
	case s.OpenURL != "":
		return "open in the browser: " + s.OpenURL
	case s.Copy != "":
		return fmt.Sprintf("copy to the clipboard: the diagnostic report (%d lines, redacted)", strings.Count(s.Copy, "\n"))
	}
	return "nothing"
}

func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = "    " + l
	}
	return strings.Join(lines, "\n")
}

// QuoteArgv shows argv for a person; it is never given to a shell.
func QuoteArgv(argv []string) string {
	out := make([]string, len(argv))
	for i, a := range argv {
		if a == "" || strings.ContainsAny(a, " \t\n\"'\\$`;&|<>()*?[]#") {
			out[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		} else {
			out[i] = a
		}
	}
	return strings.Join(out, " ")
}

// macAdminScript runs its arguments, each quoted by AppleScript's "quoted
// form of", with the macOS administrator prompt. The arguments reach
// osascript as argv, never spliced into the script's text: "do shell
// script" is the only way to the system's administrator prompt without
// cgo, and this keeps every word a single, literal argument.
const macAdminScript = `on run argv
set cmd to ""
repeat with a in argv
set cmd to cmd & quoted form of (a as text) & " "
end repeat
do shell script cmd with administrator privileges
end run`

// Elevate wraps argv for administrator rights on goos: pkexec on Linux,
// the administrator prompt on macOS. Windows elevates through UAC
// (ShellExecuteEx "runas") in the executor, so argv stays as it is.
func Elevate(goos string, argv []string) []string {
	switch goos {
	case "linux":
		return append([]string{"pkexec"}, argv...)
	case "darwin":
		return append([]string{"osascript", "-e", macAdminScript}, argv...)
	}
	return argv
}

// SafeURL validates a URL for the browser: http or https, a host, no
// credentials, no control characters, re-rendered by net/url. Anything
// else is refused: the URL may come from a captive portal's redirect.
func SafeURL(raw string) (string, error) {
	if strings.ContainsFunc(raw, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return "", errors.New("URL contains control characters")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("not a URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("only http and https URLs are opened, not %q", u.Scheme)
	}
	if u.Host == "" || u.Hostname() == "" {
		return "", errors.New("URL has no host")
	}
	if u.User != nil {
		return "", errors.New("URL carries credentials")
	}
	if strings.HasPrefix(u.Hostname(), "-") {
		return "", errors.New("URL host starts with a dash")
	}
	return u.String(), nil
}

// Entry describes a fix in the catalog.
type Entry struct {
	ID    string
	Title string
	// Changes: it changes system settings (asks first).
	Changes  bool
	Undoable bool
}

// Hops are the verdict hops the fix is offered for, read from the verdict
// rule table (none for browser-help, which the diagnosis
// window offers on its own).
func (e Entry) Hops() []verdict.Hop { return verdict.HopsOffering(e.ID) }

// Catalog lists every fix id.
var Catalog = []Entry{
	{ID: verdict.FixRetryLater},
	{ID: verdict.FixNotifyBack},
	{ID: verdict.FixStatusPage},
	{ID: verdict.FixCheckConnection},
	{ID: verdict.FixRenewDHCP, Changes: true},
	{ID: verdict.FixRestartRouter},
	{ID: verdict.FixContactISP},
	{ID: verdict.FixFlushDNS, Changes: true},
	{ID: verdict.FixSwitchDNS, Changes: true, Undoable: true},
	{ID: verdict.FixRestartDNSService, Changes: true},
	{ID: verdict.FixAllowInFilter},
	{ID: verdict.FixDisconnectVPN, Changes: true},
	{ID: verdict.FixBypassProxy},
	{ID: verdict.FixOpenPortal},
	{ID: verdict.FixSyncClock, Changes: true},
	{ID: verdict.FixCheckFirewall},
	{ID: verdict.FixContactSite},
	{ID: verdict.FixCopyReport},
	{ID: verdict.FixAskNetworkAdmin},
	{ID: verdict.FixLowerMTU, Changes: true, Undoable: true},
	{ID: verdict.FixClampMSS},
	{ID: verdict.FixCheckNetworkFirewall},
	{ID: OpenSite, Title: "Open the site in the browser"},
	{ID: BrowserHelp, Title: "It fails in my browser"},
}

// Lookup returns the catalog entry of id, with its title from monitor's
// catalog where it has one.
func Lookup(id string) (Entry, bool) {
	for _, e := range Catalog {
		if e.ID == id {
			if f, ok := verdict.LookupFix(id); ok {
				e.Title = f.Title
			}
			return e, true
		}
	}
	return Entry{}, false
}

// IDs lists the catalog's ids in order.
func IDs() []string {
	out := make([]string, len(Catalog))
	for i, e := range Catalog {
		out[i] = e.ID
	}
	return out
}
