package checks

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// ReachOptions configure a TCP reachability and loss measurement.
type ReachOptions struct {
	Timeout  time.Duration // per attempt; default 1s
	Attempts int           // concurrent connects; default 4
}

// ReachResult is what a handful of TCP handshakes to one address saw. A
// lost SYN is retransmitted only after a second, so with a one-second
// timeout each failed attempt is a lost round trip: the share of failures
// estimates packet loss without raw sockets.
type ReachResult struct {
	Addr      string
	Attempts  int
	Succeeded int
	Err       ErrKind // the first failure's class
	RTT       time.Duration
	Detail    string
	Elapsed   time.Duration
}

// OK reports that at least one handshake completed.
func (r ReachResult) OK() bool { return r.Succeeded > 0 }

// LossPercent is the share of failed handshakes; 0 when nothing was tried.
func (r ReachResult) LossPercent() int {
	if r.Attempts == 0 {
		return 0
	}
	return 100 * (r.Attempts - r.Succeeded) / r.Attempts
}

// Reach opens Attempts TCP connections to addr ("ip:port") at once and
// closes them immediately. A refused connection counts as reached: the host
// answered.
func Reach(ctx context.Context, addr string, opt ReachOptions) ReachResult {
	if opt.Timeout <= 0 {
		opt.Timeout = time.Second
	}
	if opt.Attempts <= 0 {
		opt.Attempts = 4
	}
	start := time.Now()
	res := ReachResult{Addr: addr, Attempts: opt.Attempts}
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		best time.Duration
	)
	for i := 0; i < opt.Attempts; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			actx, cancel := context.WithTimeout(ctx, opt.Timeout)
			defer cancel()
			t0 := time.Now()
			d := newDialer()
			c, err := d.DialContext(actx, "tcp", addr)
			rtt := time.Since(t0)
			kind := Classify(err)
			mu.Lock()
			defer mu.Unlock()
			if err == nil || kind == ErrRefused {
				if c != nil {
					c.Close()
				}
				res.Succeeded++
				if best == 0 || rtt < best {
					best = rtt
				}
				return
			}
			if res.Err == ErrNone {
				res.Err = kind
			}
		}()
	}
	wg.Wait()
	res.RTT = best
	res.Elapsed = time.Since(start)
	switch {
	case res.Succeeded == res.Attempts:
		res.Detail = fmt.Sprintf("tcp %s answered %d/%d in %s", addr, res.Succeeded, res.Attempts, roundMS(best))
	case res.Succeeded > 0:
		res.Detail = fmt.Sprintf("tcp %s answered %d/%d (%d%% lost)", addr, res.Succeeded, res.Attempts, res.LossPercent())
	case res.Err == ErrGuard:
		res.Detail = fmt.Sprintf("tcp %s: not tested: refused by the %s test guard", addr, Guard())
	default:
		res.Detail = fmt.Sprintf("tcp %s: no answer (%s)", addr, res.Err)
	}
	return res
}

// roundMS rounds for display; sub-millisecond times (loopback, a LAN)
// keep two digits instead of showing as 0s.
func roundMS(d time.Duration) time.Duration {
	if d < time.Millisecond {
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Millisecond)
}
