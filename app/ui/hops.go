package ui

import "github.com/gatewatch/gatewatch/monitor/verdict"

// HopNames is the path from the user's machine to the site, in order.
var HopNames = []string{"This computer", "Link", "Router", "ISP", "DNS", "VPN/Proxy", "CDN", "Origin"}

// HopState is how one hop of the path looks.
type HopState int

// Unknown hops were not reached or not judged: they are never painted ok
// on a guess.
const (
	HopUnknown HopState = iota
	HopOK
	HopFailing
)

// hopIndex places a verdict's hop on the path; -1 when it has no place.
func hopIndex(side verdict.Side, h verdict.Hop) int {
	switch h {
	case verdict.HopClock, verdict.HopFirewall:
		return 0
	case verdict.HopLink:
		return 1
	case verdict.HopRouter, verdict.HopCaptive:
		// A captive portal answers from the local network, before the ISP.
		return 2
	case verdict.HopISP:
		return 3
	case verdict.HopDNS, verdict.HopSiteDNS:
		return 4
	case verdict.HopVPN, verdict.HopProxy:
		return 5
	case verdict.HopCDN:
		return 6
	case verdict.HopOrigin:
		return 7
	case verdict.HopTLS:
		// A certificate the site serves is the origin's; one rejected on
		// the user's side is usually a middlebox or the clock.
		if side == verdict.SideServer {
			return 7
		}
		return 0
	}
	return -1
}

// HopStates colours the path: everything before the failing hop worked
// (the verdict could only name it by getting past them), the failing hop
// is highlighted, and what lies beyond is unknown. An ok verdict is ok all
// along; a verdict that cannot tell marks only what the evidence shows.
func HopStates(v verdict.Verdict) []HopState {
	states := make([]HopState, len(HopNames))
	if v.Side == verdict.SideOK {
		for i := range states {
			states[i] = HopOK
		}
		return states
	}
	i := hopIndex(v.Side, v.Hop)
	if v.Side == verdict.SideUnknown || i < 0 {
		for _, s := range v.Evidence {
			if s.OK {
				// Some probe got an answer, so this computer works.
				states[0] = HopOK
				break
			}
		}
		return states
	}
	for j := 0; j < i; j++ {
		states[j] = HopOK
	}
	states[i] = HopFailing
	return states
}
