package fix

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// DNS backends of switch-dns on Linux.
const (
	BackendAuto           = ""
	BackendNetworkManager = "networkmanager"
	BackendResolved       = "resolved"
	BackendResolvConf     = "resolvconf"
)

// Env is what planning knows about this machine. HostEnv fills it; tests
// build it by hand for any OS.
type Env struct {
	GOOS    string
	Verdict verdict.Verdict // may be zero when no site was named
	// Resolvers is what switch-dns switches to: the config's reference
	// resolvers, already parsed.
	Resolvers  []netip.Addr
	StatusPage string // the site's status page from the config
	// DNSBackend forces a Linux switch-dns backend; "" detects.
	DNSBackend string
	// ResolvConf is the file the resolv.conf backend edits.
	ResolvConf string
	// EvalSymlinks resolves a path's symbolic links (filepath.EvalSymlinks);
	// nil: paths are taken as they are.
	EvalSymlinks func(path string) (string, error)
	// Root: already privileged, nothing to elevate.
	Root bool
	// Have reports whether a tool is installed.
	Have func(tool string) bool
	// Query runs a read-only command (argv) and returns its output.
	Query func(ctx context.Context, argv ...string) (string, error)
	// ReadFile reads a file (resolv.conf, WireGuard configs).
	ReadFile func(path string) ([]byte, error)
	// Ifaces are the names of this machine's interfaces: only these may
	// appear in a command.
	Ifaces []string
	// DefaultIface is the interface of the default route.
	DefaultIface string
	// VPNIface is the VPN interface traffic leaves by, when it does.
	VPNIface string
	// VPNClients are VPN client processes seen running.
	VPNClients []string
	// DnsmasqPIDs are local dnsmasq processes (their cache is flushed by
	// SIGHUP).
	DnsmasqPIDs []int
	// Undo is the record a previous switch-dns saved, for its undo.
	Undo *UndoRecord
	// Log is the tail of gatewatch's log, for the copied report.
	Log []string
}

func (e Env) have(tool string) bool { return e.Have != nil && e.Have(tool) }

func (e Env) query(ctx context.Context, argv ...string) (string, error) {
	if e.Query == nil {
		return "", errors.New("no way to ask the system")
	}
	return e.Query(ctx, argv...)
}

// ErrUnknownFix is returned for an id not in the catalog.
var ErrUnknownFix = errors.New("unknown fix")

// ErrNothingToUndo: no earlier run of the fix left anything to revert.
var ErrNothingToUndo = errors.New("nothing to undo")

// Make builds the plan of fix id on env.GOOS.
func Make(ctx context.Context, id string, env Env) (Plan, error) {
	entry, ok := Lookup(id)
	if !ok {
		return Plan{}, fmt.Errorf("%w %q (known: %s)", ErrUnknownFix, id, strings.Join(IDs(), ", "))
	}
	p, err := common(id, env)
	if err == errNotCommon && id == verdict.FixLowerMTU {
		p, err = lowerMTU(ctx, env)
	}
	if err == errNotCommon {
		switch env.GOOS {
		case "linux":
			p, err = planLinux(ctx, id, env)
		case "darwin":
			p, err = planDarwin(ctx, id, env)
		case "windows":
			p, err = planWindows(ctx, id, env)
		default:
			p, err = Plan{Manual: "This fix is not available on " + env.GOOS + "."}, nil
		}
	}
	if err != nil {
		return Plan{}, fmt.Errorf("planning %s: %w", id, err)
	}
	p.ID, p.Title = id, entry.Title
	if f, ok := verdict.LookupFix(id); ok && p.Explain == "" {
		p.Explain = f.Does
	}
	p.NeedsConfirm = p.NeedsConfirm || p.Privileged() || hasSystemChange(p)
	return p, nil
}

// MakeUndo builds the plan that reverts fix id from the saved record.
func MakeUndo(ctx context.Context, id string, env Env) (Plan, error) {
	entry, ok := Lookup(id)
	if !ok {
		return Plan{}, fmt.Errorf("%w %q", ErrUnknownFix, id)
	}
	if !entry.Undoable {
		return Plan{}, fmt.Errorf("%s cannot be undone", id)
	}
	if env.Undo == nil {
		return Plan{}, fmt.Errorf("%s: %w", id, ErrNothingToUndo)
	}
	var p Plan
	var err error
	if id == verdict.FixLowerMTU {
		p, err = undoMTU(env)
		if err != nil {
			return Plan{}, fmt.Errorf("planning the undo of %s: %w", id, err)
		}
		p.ID, p.Title, p.Undo, p.NeedsConfirm = id, "Undo: "+entry.Title, true, true
		return p, nil
	}
	switch env.GOOS {
	case "linux":
		p, err = undoLinux(env)
	case "darwin":
		p, err = undoDarwin(env)
	case "windows":
		p, err = undoWindows(env)
	default:
		err = fmt.Errorf("no undo on %s", env.GOOS)
	}
	if err != nil {
		return Plan{}, fmt.Errorf("planning the undo of %s: %w", id, err)
	}
	p.ID, p.Title, p.Undo = id, "Undo: "+entry.Title, true
	p.NeedsConfirm = true
	p.ChangesDNS = true
	return p, nil
}

func hasSystemChange(p Plan) bool {
	return slices.ContainsFunc(p.Steps, func(s Step) bool { return s.Argv != nil || s.File != nil })
}

var errNotCommon = errors.New("not a common fix")

// BrowserSteps is the browser-side help.
const BrowserSteps = `The site works from gatewatch, so what is left is the browser itself:
1. Reload without the cache (Ctrl+Shift+R, or Cmd+Shift+R on a Mac).
2. Delete this site's cookies and site data (the padlock or site icon left of the address, then "Cookies and site data" or "Clear data"), then sign in again.
3. Try a private window, or another browser: if it works there, disable your extensions one by one (ad blockers, privacy and VPN extensions first).
4. Check the browser's own proxy settings: gatewatch uses the system proxy; a browser with its own proxy (or a PAC file) takes another path.`

// cdnSupport are the status pages of the gateway vendors the fingerprint
// names (Verdict.ErrorPageBy).
var cdnSupport = map[string]string{
	"Cloudflare": "https://www.cloudflarestatus.com/",
	"Fastly":     "https://www.fastlystatus.com/",
	"Akamai":     "https://www.akamaistatus.com/",
	"CloudFront": "https://health.aws.amazon.com/health/status",
}

// common are the fixes that work the same on every OS.
func common(id string, env Env) (Plan, error) {
	v := env.Verdict
	switch id {
	case verdict.FixRetryLater:
		return Plan{Manual: "Nothing to change on your side: try again in a few minutes."}, nil
	case verdict.FixNotifyBack:
		return Plan{Manual: "The tray keeps checking this site and tells you when it answers again."}, nil
	case verdict.FixCheckConnection:
		return Plan{Manual: "Make sure Wi-Fi is on and connected to your network, or that the network cable is plugged in at both ends."}, nil
	case verdict.FixRestartRouter:
		return Plan{Manual: "Unplug the router (and the modem, if separate) for 10 seconds, plug it back in and wait two minutes."}, nil
	case verdict.FixClampMSS:
		return Plan{Manual: "Large packets vanish between your router and the internet. In the router's WAN (internet) settings, lower the MTU (1492 for PPPoE, or the size gatewatch measured plus 40) or turn on \"TCP MSS clamping\"; if the router is your provider's, ask them to fix the MTU of your line."}, nil
	case verdict.FixCheckNetworkFirewall:
		return Plan{Manual: "Outgoing HTTPS (TCP port 443) is blocked on this network while DNS and plain http pass: check the router's firewall, parental controls or \"security\" features for a rule on port 443; on a work or school network, ask its administrator."}, nil
	case verdict.FixAllowInFilter:
		return allowInFilter(), nil
	case verdict.FixCheckFirewall:
		return Plan{Manual: "A firewall or security program on this computer blocks the connection: open it and allow gatewatch and your browser, or pause it briefly to confirm."}, nil
	case verdict.FixStatusPage:
		if env.StatusPage == "" {
			return Plan{Manual: "No status page is configured for this site: add status_page to its [[sites]] entry."}, nil
		}
		return openPlan(env.StatusPage)
	case verdict.FixOpenPortal:
		if v.PortalURL == "" {
			return Plan{Manual: "No login page was seen: open any http:// page in your browser to be sent to it."}, nil
		}
		return openPlan(v.PortalURL)
	case OpenSite:
		if v.URL == "" {
			return Plan{}, errors.New("no site to open: name one")
		}
		return openPlan(v.URL)
	case BrowserHelp:
		p := Plan{Manual: BrowserSteps}
		if v.URL != "" {
			if u, err := SafeURL(v.URL); err == nil {
				p.Steps = []Step{{OpenURL: u}}
				p.Explain = "Opens the site again in your browser (a reload), then:"
			}
		}
		return p, nil
	case verdict.FixCopyReport, verdict.FixContactISP, verdict.FixContactSite, verdict.FixAskNetworkAdmin:
		p := Plan{Steps: []Step{{Copy: verdict.ReportWithLog(v, env.Log)}}}
		switch id {
		case verdict.FixContactISP:
			p.Manual = "Paste the report into a message to your internet provider's support (their number or web form is on your bill or contract)."
		case verdict.FixAskNetworkAdmin:
			// Advice only: a filter's rule is the network's, and nothing on
			// this computer should try to get around it.
			p.Manual = "Paste the report into a message to your IT or network administrator: the network's filter decides, and only they can allow the site or explain the rule."
		case verdict.FixContactSite:
			p.Manual = "Paste the report into a message to the site's support."
			if link, ok := cdnSupport[v.ErrorPageBy]; ok {
				p.Link = link
			}
		}
		return p, nil
	}
	return Plan{}, errNotCommon
}

func openPlan(raw string) (Plan, error) {
	u, err := SafeURL(raw)
	if err != nil {
		return Plan{}, fmt.Errorf("not opening %s: %w", verdict.RedactURL(raw), err)
	}
	return Plan{Steps: []Step{{OpenURL: u}}}, nil
}

// ifaceName is what an interface name may look like in argv: the names
// Linux and macOS allow, minus anything starting with a dash.
// Compiled on first use, not at package init: init runs at every
// process start, `gatewatch check` and `version` included.
var ifaceName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.:=+@-]{0,31}$`) })

// knownIface validates an interface name for argv: it must exist here.
func (e Env) knownIface(name string) (string, error) {
	if name == "" {
		return "", errors.New("no network interface found")
	}
	if !slices.Contains(e.Ifaces, name) {
		return "", fmt.Errorf("interface %q is not on this machine", name)
	}
	if !ifaceName().MatchString(name) {
		return "", fmt.Errorf("interface name %q is not safe to pass to a command", name)
	}
	return name, nil
}

// windowsIfaceName: adapter names are free text ("Wi-Fi 2", "Ethernet");
// spaces are fine in argv, quotes and control characters are not.
func (e Env) knownWindowsIface(name string) (string, error) {
	if name == "" {
		return "", errors.New("no network adapter found")
	}
	if !slices.Contains(e.Ifaces, name) {
		return "", fmt.Errorf("adapter %q is not on this machine", name)
	}
	if strings.ContainsAny(name, "\"%^&|<>") || strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 }) || strings.HasPrefix(name, "-") || strings.HasPrefix(name, "/") {
		return "", fmt.Errorf("adapter name %q is not safe to pass to a command", name)
	}
	return name, nil
}

// switchTo returns the resolvers switch-dns uses, validated: unicast,
// neither loopback nor unspecified.
func (e Env) switchTo() ([]netip.Addr, error) {
	var out []netip.Addr
	for _, a := range e.Resolvers {
		a = a.Unmap()
		if !a.IsValid() || a.IsUnspecified() || a.IsLoopback() || a.IsMulticast() || a.Zone() != "" {
			continue
		}
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no reference resolver configured to switch to: set [network] resolvers in the config")
	}
	return out, nil
}

func addrStrings(as []netip.Addr, want4 bool) []string {
	var out []string
	for _, a := range as {
		if a.Is4() == want4 {
			out = append(out, a.String())
		}
	}
	return out
}

// parseAddrList keeps the IP addresses of a list the system printed
// (comma, space or newline separated), re-rendered; anything else is
// dropped, so it cannot reach argv.
func parseAddrList(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' || r == '\r' }) {
		if a, err := netip.ParseAddr(f); err == nil && a.Zone() == "" {
			out = append(out, a.String())
		}
	}
	return out
}
