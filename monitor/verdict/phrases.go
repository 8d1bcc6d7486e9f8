package verdict

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gatewatch/gatewatch/checks"
)

// Wording shared by the rules' summaries. Each helper has a fallback for
// missing evidence, so that no summary shows an empty "()" or a zero.

// yourProxy is "Your proxy <address>", or "Your proxy" when its address is
// not known.
func yourProxy(e *Evidence) string {
	if e.Proxy != nil && e.Proxy.Display != "" {
		return "Your proxy " + e.Proxy.Display
	}
	return "Your proxy"
}

// proxySource is " (from <setting>)" or "".
func proxySource(e *Evidence) string {
	if e.Proxy == nil || e.Proxy.Setting.Source == "" {
		return ""
	}
	return " (from " + e.Proxy.Setting.Source + ")"
}

// siteFailure is the site request's error in words.
func siteFailure(e *Evidence) string {
	switch {
	case e.HTTP == nil:
		return "the request was not awaited"
	case e.HTTP.Error != "":
		return e.HTTP.Error
	case e.HTTP.Err != checks.ErrNone:
		return string(e.HTTP.Err)
	}
	return "no usable answer"
}

// parenthesised is " (s)", or "" for an empty s.
func parenthesised(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

func routerAddr(g *checks.GatewayResult) string {
	if g == nil || !g.Gateway.IsValid() {
		return ""
	}
	return " " + g.Gateway.String()
}

func directNote(e *Evidence) string {
	if e.Direct == nil {
		return ""
	}
	if e.Direct.OK() {
		return fmt.Sprintf("; without the proxy %s answers %d", e.Target.Host, e.Direct.Status)
	}
	return "; without the proxy the site fails too"
}

func routerState(e *Evidence) string {
	g := e.Net.Gateway
	switch {
	case g == nil:
		return "no router was found to test"
	case g.Reachable:
		return fmt.Sprintf("your router%s answers", routerAddr(g))
	default:
		return fmt.Sprintf("your router%s does not answer either", routerAddr(g))
	}
}

func routerNote(e *Evidence) string {
	if g := e.Net.Gateway; g != nil && g.Reachable {
		return fmt.Sprintf(" (your router%s answers directly)", routerAddr(g))
	}
	return ""
}

func retryNote(e *Evidence) string {
	if e.HTTP != nil && e.HTTP.RetryAfter > 0 {
		return fmt.Sprintf(" It asks to retry after %s.", checks.HumanDuration(e.HTTP.RetryAfter))
	}
	return ""
}

// statusLine is "429 Too Many Requests", or the bare code for a status
// net/http has no text for (Cloudflare's 52x and 530).
func statusLine(code int) string {
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, t)
	}
	return strconv.Itoa(code)
}

// backoffNote says how long the site asked to wait, when it said.
func backoffNote(e *Evidence) string {
	if e.HTTP != nil && e.HTTP.RetryAfter > 0 {
		return fmt.Sprintf(" (it asks to retry after %s)", checks.HumanDuration(e.HTTP.RetryAfter))
	}
	return ""
}

func vendor(e *Evidence) string {
	return orWords(e.FP.Vendor, "unrecognised")
}

func remote(e *Evidence) string {
	if e.HTTP != nil && e.HTTP.RemoteAddr != "" {
		return e.HTTP.RemoteAddr
	}
	if e.DNS != nil && len(e.DNS.SystemAddrs()) > 0 {
		return joinAddrs(e.DNS.SystemAddrs())
	}
	return e.Target.Host
}

func firstDetail(as []checks.DNSAnswer) string {
	for _, a := range as {
		if a.Detail != "" {
			return a.Detail
		}
	}
	return "no answer"
}

func abs(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

func ms(d time.Duration) string { return d.Round(time.Millisecond).String() }

// proxyErrorName is ", <Squid's error name>" when the proxy named its
// error (X-Squid-Error: ERR_ACCESS_DENIED 0), else "".
func proxyErrorName(e *Evidence) string {
	h := e.HTTP.Header
	if e.HTTP.Err == checks.ErrProxy {
		h = e.HTTP.ProxyHeader
	}
	name, _, _ := strings.Cut(strings.TrimSpace(h.Get("X-Squid-Error")), " ")
	if name == "" || len(name) > 40 || strings.ContainsFunc(name, func(r rune) bool { return !(r == '_' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') }) {
		return ""
	}
	return ", " + name
}

// refusedNote names the VPN or the proxy whose address the site may be
// refusing, when one is in use.
func refusedNote(e *Evidence) string {
	switch {
	case e.Net.VPN != nil && e.Net.VPN.DefaultViaVPN:
		return fmt.Sprintf(": it may refuse your VPN's address%s; try without the VPN", parenthesised(e.Net.VPN.EgressIface))
	case e.proxied():
		return ": it may refuse your proxy's address; try without the proxy"
	}
	return ": the site's owner blocks your address, network or country"
}

// RefusalAdvice is, for a verdict whose site refuses this computer's
// address (access-refused), what the user is likely to change, in the
// words of a notification: "you are on a VPN: try without it". It reads
// the summary refusedNote wrote, so that the notification and the
// diagnosis say the same; "" when neither a VPN nor a proxy explains it.
func RefusalAdvice(v Verdict) string {
	switch {
	case v.Rule != "access-refused":
		return ""
	case strings.Contains(v.Summary, "refuse your VPN's address"):
		return "you are on a VPN: try without it"
	case strings.Contains(v.Summary, "refuse your proxy's address"):
		return "you use a proxy: try without it"
	}
	return ""
}

// linkLocalWords names the interfaces that have only link-local addresses,
// with them: "eth0 has only 169.254.3.4 (self-assigned)".
func linkLocalWords(l *checks.LinkResult) string {
	var parts []string
	for _, name := range l.LinkLocalOnly {
		var addrs []string
		for _, it := range l.Interfaces {
			if it.Name != name {
				continue
			}
			for _, p := range it.Addrs {
				addrs = append(addrs, p.Addr().String())
			}
		}
		if len(addrs) == 0 {
			parts = append(parts, name+" has only a self-assigned link-local address")
			continue
		}
		parts = append(parts, fmt.Sprintf("%s has only the self-assigned link-local %s", name, strings.Join(addrs, ", ")))
	}
	return strings.Join(parts, "; ")
}
