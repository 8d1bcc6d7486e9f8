package checks

import (
	"cmp"
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"
)

// GatewayOptions configure the router reachability probe.
type GatewayOptions struct {
	Timeout time.Duration // whole probe; default 1s
	Ports   []int         // TCP ports to knock on; default 53, 80, 443

	// Tests switch methods off to make the winning one predictable.
	skipTCP, skipICMP bool
}

// GatewayResult says whether the default router answers anything at all.
type GatewayResult struct {
	Gateway   netip.Addr
	Interface string
	Reachable bool
	Method    string // what proved it: "tcp/53 open", "tcp/80 refused (host answered)", "icmp echo reply"
	// Neighbor is the kernel's ARP/NDP state for the gateway after the
	// probe (Linux only): REACHABLE, STALE, DELAY, PROBE, FAILED,
	// INCOMPLETE, PERMANENT, NOARP, or COMPLETE when only /proc/net/arp
	// could be read; "" when unknown. FAILED or INCOMPLETE means not even
	// the router's MAC address could be learnt.
	Neighbor string
	Err      ErrKind
	Detail   string
	Elapsed  time.Duration
}

// gwAttempt is the outcome of one method.
type gwAttempt struct {
	method      string // "tcp/53", "icmp"
	ok          bool
	how         string // "open", "refused (host answered)", "echo reply"
	err         error
	unavailable bool // the method could not be tried at all (no ICMP permission)
}

// Gateway knocks on the router with TCP connects to a few ports and an
// ICMP echo, all at once. Any answer proves the router alive, a refused
// connection included; the first answer cancels the rest. It is
// unreachable only when every method failed within the timeout.
func Gateway(ctx context.Context, route Route, opt GatewayOptions) GatewayResult {
	start := time.Now()
	if opt.Timeout <= 0 {
		opt.Timeout = time.Second
	}
	if len(opt.Ports) == 0 {
		opt.Ports = []int{53, 80, 443}
	}
	res := GatewayResult{Gateway: route.Gateway, Interface: route.Interface}
	gw := route.Gateway
	if !gw.IsValid() {
		res.Err = ErrOther
		res.Detail = fmt.Sprintf("the default route via %s has no gateway address to test", route.Interface)
		res.Elapsed = time.Since(start)
		return res
	}
	if err := guardRefuse(gw, "router "+gw.String()); err != nil {
		// Not tested at all: the refusal is the guard's, not the router's,
		// and no verdict may read it as "router unreachable".
		res.Err = ErrGuard
		res.Detail = "not tested: " + err.Error()
		res.Elapsed = time.Since(start)
		return res
	}
	if gw.Is6() && gw.IsLinkLocalUnicast() && gw.Zone() == "" && route.Interface != "" {
		gw = gw.WithZone(route.Interface)
	}

	pctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	n := 0
	results := make(chan gwAttempt, len(opt.Ports)+1) // buffered: losers never block
	if !opt.skipTCP {
		for _, port := range opt.Ports {
			n++
			go func() { results <- tcpKnock(pctx, gw, port) }()
		}
	}
	if !opt.skipICMP {
		n++
		go func() { results <- icmpAttempt(pctx, gw) }()
	}
	attempts := make([]gwAttempt, 0, n)
	for range n {
		a := <-results
		attempts = append(attempts, a)
		if a.ok {
			cancel()
			break
		}
	}
	res.Reachable, res.Method, res.Err, res.Detail = gatewayVerdict(attempts, ctx.Err(), opt.Timeout)
	if res.Reachable {
		res.Detail = fmt.Sprintf("%s answered: %s", gw, res.Method)
	}
	res.Neighbor = neighborState(gw, route.Interface)
	res.Elapsed = time.Since(start)
	return res
}

func tcpKnock(ctx context.Context, gw netip.Addr, port int) gwAttempt {
	a := gwAttempt{method: "tcp/" + strconv.Itoa(port)}
	if port < 1 || port > 65535 {
		a.err = fmt.Errorf("connect %s: invalid port", a.method)
		return a
	}
	c, err := newDialer().DialContext(ctx, "tcp", netip.AddrPortFrom(gw, uint16(port)).String())
	switch {
	case err == nil:
		c.Close()
		a.ok, a.how = true, "open"
	case Classify(err) == ErrRefused:
		// A RST comes from the host itself: it is alive.
		a.ok, a.how = true, "refused (host answered)"
	default:
		a.err = fmt.Errorf("connect %s: %w", a.method, err)
	}
	return a
}

func icmpAttempt(ctx context.Context, gw netip.Addr) gwAttempt {
	a := gwAttempt{method: "icmp"}
	ok, avail, err := icmpEcho(ctx, gw)
	switch {
	case !avail:
		a.unavailable = true
	case ok:
		a.ok, a.how = true, "echo reply"
	default:
		a.err = err
	}
	return a
}

// gatewayVerdict folds the attempts into one answer. parentErr is the
// caller's context error: giving up is not the router's fault.
func gatewayVerdict(attempts []gwAttempt, parentErr error, timeout time.Duration) (ok bool, method string, kind ErrKind, detail string) {
	for _, a := range attempts {
		if a.ok {
			return true, a.method + " " + a.how, ErrNone, ""
		}
	}
	var (
		tried   []string
		noICMP  bool
		kinds   = map[ErrKind]error{}
		firstEK ErrKind
	)
	for _, a := range attempts {
		if a.unavailable {
			noICMP = true
			continue
		}
		tried = append(tried, a.method)
		k := Classify(a.err)
		if _, seen := kinds[k]; !seen {
			kinds[k] = a.err
			if firstEK == ErrNone {
				firstEK = k
			}
		}
	}
	where := joinMethods(tried)
	if noICMP {
		where += " (icmp not permitted)"
	}
	switch {
	case parentErr != nil:
		kind = Classify(parentErr)
		return false, "", kind, fmt.Sprintf("gave up before an answer on %s: %v", where, parentErr)
	case len(tried) == 0:
		return false, "", ErrOther, "no method could be tried: icmp not permitted and no TCP ports"
	}
	// The kernel saying "unreachable" (ARP/NDP failed, no route) is more
	// telling than silence; silence is more telling than other errors.
	for _, k := range []ErrKind{ErrUnreachable, ErrBlocked, ErrTimeout} {
		if err, ok := kinds[k]; ok {
			switch k {
			case ErrTimeout:
				return false, "", k, fmt.Sprintf("no answer on %s within %s", where, timeout)
			default:
				return false, "", k, fmt.Sprintf("no answer on %s: %v", where, err)
			}
		}
	}
	return false, "", firstEK, fmt.Sprintf("no answer on %s: %v", where, kinds[firstEK])
}

// joinMethods writes "tcp/53, 80, 443 or icmp".
func joinMethods(ms []string) string {
	if len(ms) == 0 {
		return "nothing"
	}
	var ports, other []string
	for _, m := range ms {
		if p, ok := strings.CutPrefix(m, "tcp/"); ok {
			ports = append(ports, p)
		} else {
			other = append(other, m)
		}
	}
	var parts []string
	if len(ports) > 0 {
		slices.SortFunc(ports, func(a, b string) int {
			x, _ := strconv.Atoi(a)
			y, _ := strconv.Atoi(b)
			return cmp.Compare(x, y)
		})
		parts = append(parts, "tcp/"+strings.Join(ports, ", "))
	}
	parts = append(parts, other...)
	return strings.Join(parts, " or ")
}
