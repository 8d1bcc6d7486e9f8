package checks

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"sort"
	"sync"
	"syscall"
	"time"
)

// MSSSizes are the clamped segment sizes tried after a stall: 1200 fits
// the IPv6 minimum MTU (1280) with headers to spare and gets through
// nearly every tunnel; 536 is the IPv4 default MSS every host must accept
// (RFC 9293, 3.7.1), the last resort.
var MSSSizes = []int{1200, 536}

// MSSAttempt is one retry with a clamped maximum segment size.
type MSSAttempt struct {
	MSS    int
	Result HTTPResult
}

// MSSResult is what the small-segment retries of a stalled request saw.
type MSSResult struct {
	// Supported is false where the dialer cannot set TCP_MAXSEG before
	// connecting (not Linux or macOS): nothing was tried, the answer is
	// unknown.
	Supported bool
	Tried     []MSSAttempt // largest size first
	// Working is the largest clamped size that got a usable answer; 0
	// when none did (or none was tried).
	Working int
	Detail  string
	Elapsed time.Duration
}

// Stalled reports a request that failed after its TCP connection was up:
// the TLS handshake or the response never came (timeout or reset). That is
// how a path MTU black hole looks: the handshake's small packets pass, the
// first full-size segment from the server does not, and the ICMP "packet
// too big" that should shrink it is lost on the way.
func (r HTTPResult) Stalled() bool {
	return (r.Err == ErrTimeout || r.Err == ErrReset) && (r.Stage == StageTLS || r.Stage == StageWaiting)
}

// MSSRetry fetches target again with each of sizes as the connection's
// maximum segment size, concurrently (each bounded by opt.Timeout), after
// the normal request stalled. A small-segment attempt that works where the
// normal one stalled shows the path drops large packets: a server sends
// segments no larger than the MSS its peer announced in the SYN.
func MSSRetry(ctx context.Context, target *url.URL, opt HTTPOptions, sizes []int) MSSResult {
	start := time.Now()
	res := MSSResult{Supported: mssSupported}
	if !mssSupported {
		res.Detail = "retry with smaller TCP segments: unknown on this system (cannot set TCP_MAXSEG)"
		return res
	}
	res.Tried = make([]MSSAttempt, len(sizes))
	var wg sync.WaitGroup
	for i, size := range sizes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o := opt
			o.MSS = size
			o.Pool = nil // a fresh connection, or the clamp means nothing
			res.Tried[i] = MSSAttempt{MSS: size, Result: HTTP(ctx, target, o)}
		}()
	}
	wg.Wait()
	sort.SliceStable(res.Tried, func(i, j int) bool { return res.Tried[i].MSS > res.Tried[j].MSS })
	for _, a := range res.Tried {
		if a.Result.OK() {
			res.Working = a.MSS
			break
		}
	}
	res.Elapsed = time.Since(start)
	switch {
	case res.Working > 0:
		res.Detail = fmt.Sprintf("retry with TCP segments of at most %d bytes: answered %d in %s (the normal-size attempt stalled)",
			res.Working, res.at(res.Working).Status, roundMS(res.at(res.Working).Elapsed))
	default:
		tried := make([]int, len(res.Tried))
		for i, a := range res.Tried {
			tried[i] = a.MSS
		}
		res.Detail = fmt.Sprintf("retry with TCP segments of at most %s bytes: no answer either (%s)", sizesWords(tried), res.firstError())
	}
	return res
}

func (r MSSResult) at(mss int) HTTPResult {
	for _, a := range r.Tried {
		if a.MSS == mss {
			return a.Result
		}
	}
	return HTTPResult{}
}

func (r MSSResult) firstError() string {
	for _, a := range r.Tried {
		if a.Result.Error != "" {
			return a.Result.Error
		}
		if a.Result.Status > 0 {
			return fmt.Sprintf("status %d", a.Result.Status)
		}
	}
	return "no attempt"
}

func sizesWords(sizes []int) string {
	s := ""
	for i, n := range sizes {
		switch {
		case i == 0:
		case i == len(sizes)-1:
			s += " or "
		default:
			s += ", "
		}
		s += fmt.Sprint(n)
	}
	return s
}

// mssControl wraps a dialer's Control: the guard first, then the MSS
// clamp, both before connect (the SYN carries the MSS option).
func mssControl(next func(network, address string, c syscall.RawConn) error, mss int) func(network, address string, c syscall.RawConn) error {
	return func(network, address string, c syscall.RawConn) error {
		if next != nil {
			if err := next(network, address, c); err != nil {
				return err
			}
		}
		if err := setMSS(c, mss); err != nil {
			return fmt.Errorf("set TCP_MAXSEG %d: %w", mss, err)
		}
		return nil
	}
}

// clampedDialer is newDialer with every connection's MSS set to mss (0:
// unchanged).
func clampedDialer(mss int) *net.Dialer {
	d := newDialer()
	if mss > 0 {
		d.Control = mssControl(d.Control, mss)
	}
	return d
}
