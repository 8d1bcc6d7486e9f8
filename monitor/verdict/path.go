package verdict

import (
	"fmt"
	"strings"
	"time"

	"github.com/gatewatch/gatewatch/checks"
)

// HTTPSBlockedPercent is the share of handshakes to port 443 of the
// reference hosts that must go unanswered for https-blocked. ChromeOS's
// HttpsFirewall routine (chrome/browser/ash/net/network_diagnostics/
// https_firewall_routine.cc) tolerates a TLS probe failure rate up to 0.2,
// calls more a potential firewall and only all of them failing a
// firewall; it retries a timed-out probe up to 3 times in all. A verdict
// that blames the user's network is a firm claim, so gatewatch takes the
// "firewall detected" side of that: silence at 80% or more (4 of 5, with
// the retries folded into httpsAttempts concurrent handshakes per host),
// while port 53 on the same hosts answers without loss.
const HTTPSBlockedPercent = 80

// httpsAttempts: handshakes per reference host to port 443 (ChromeOS's
// three tries, made at once so the probe takes one timeout).
const httpsAttempts = 3

// siteHTTPS: the site is fetched over https on port 443, which the
// reference hosts' 443 speaks for.
func (e *Evidence) siteHTTPS() bool {
	if e.Target == nil || e.Target.Scheme != "https" {
		return false
	}
	p := e.Target.Port()
	return p == "" || p == "443"
}

// siteSilentBeforeTLS: the site request (direct) got no answer while
// connecting or during its TLS handshake.
func (e *Evidence) siteSilentBeforeTLS() bool {
	if e.HTTP == nil || e.proxied() {
		return false
	}
	k := e.HTTP.Err
	return (k == checks.ErrTimeout || k == checks.ErrUnreachable) &&
		(e.HTTP.Stage == checks.StageConnect || e.HTTP.Stage == checks.StageTLS)
}

// httpsSilent: port 443 of the reference hosts was tried and went
// (nearly) unanswered.
func (n *NetEvidence) httpsSilent() bool {
	return n.HTTPS != nil && n.HTTPS.Attempts > 0 && n.HTTPS.SilentPercent() >= HTTPSBlockedPercent
}

// otherPortsClean: the same hosts answer on port 53 without loss and every
// canary answers, at least one over plain http: only 443 is silent.
func (n *NetEvidence) otherPortsClean() bool {
	if len(n.Reach) == 0 || len(n.Canaries) == 0 {
		return false
	}
	for _, r := range n.Reach {
		if !r.OK() || r.LossPercent() >= LossThreshold {
			return false
		}
	}
	plain := false
	for _, c := range n.Canaries {
		if !c.Online {
			return false
		}
		plain = plain || strings.HasPrefix(c.URL, "http://")
	}
	return plain
}

// httpsBlocked is the https-blocked rule's condition.
func (e *Evidence) httpsBlocked() bool {
	return e.siteHTTPS() && e.siteSilentBeforeTLS() && e.Net.httpsSilent() && e.Net.otherPortsClean()
}

// mssRescued: the site's request stalled after connecting, and a retry
// with small TCP segments got a usable answer.
func (e *Evidence) mssRescued() bool {
	return e.HTTP != nil && !e.proxied() && e.HTTP.Stalled() && e.MSS != nil && e.MSS.Working > 0
}

// routeViaVPN: the traffic leaves by a VPN interface.
func (n *NetEvidence) routeViaVPN() bool { return n.VPN != nil && n.VPN.DefaultViaVPN }

// mtuWords is the MTU black hole's common wording.
func mtuWords(e *Evidence) string {
	return fmt.Sprintf("connections to %s stall once large packets flow (%s), but work with TCP segments of at most %d bytes",
		e.Target.Host, stallWords(e.HTTP), e.MSS.Working)
}

func stallWords(h *checks.HTTPResult) string {
	if h.Stage == checks.StageTLS {
		return "the TLS handshake never finished"
	}
	return "no answer came after the request"
}

// siteSlow: the site took the connection and the request (over TLS when
// https) and sent no byte of its answer before the timeout.
func (e *Evidence) siteSlow() bool {
	return e.HTTP != nil && !e.proxied() && e.HTTP.Err == checks.ErrTimeout && e.HTTP.Stage == checks.StageWaiting
}

// slowWords: "connected in X (TLS Y)", from the phases the request had.
func slowWords(h *checks.HTTPResult) string {
	s := "connected in " + fineMS(h.Phases.Connect)
	if h.Phases.TLS > 0 {
		s += ", TLS in " + fineMS(h.Phases.TLS)
	}
	return s
}

// fineMS is ms, but a sub-millisecond time (a site on the LAN) keeps
// two digits instead of showing as "0s".
func fineMS(d time.Duration) string {
	if d > 0 && d < time.Millisecond {
		return d.Round(10 * time.Microsecond).String()
	}
	return ms(d)
}

// stageWords says how far a failed request got, for its evidence step.
func stageWords(s checks.Stage) string {
	switch s {
	case checks.StageConnect:
		return "no TCP connection"
	case checks.StageTLS:
		return "connected; the TLS handshake got no answer"
	case checks.StageWaiting:
		return "connected and sent the request; no answer came"
	}
	return ""
}

// waitedWords: how long the answer was awaited, in seconds when long.
func waitedWords(h *checks.HTTPResult) string {
	w := h.Waited
	if w <= 0 {
		w = max(0, h.Elapsed-h.Phases.DNS-h.Phases.Connect-h.Phases.TLS)
	}
	if w >= time.Second {
		return fmt.Sprintf("%.1f s", w.Seconds())
	}
	return ms(w)
}
