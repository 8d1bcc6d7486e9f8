package checks

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"
)

func TestReach(t *testing.T) {
	t.Parallel()
	open := rawLoopbackServer(t, func(net.Conn) {})
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	cases := []struct {
		name      string
		ctx       context.Context
		addr      string
		attempts  int
		wantTries int
		succeeded int
		err       ErrKind
		detail    string
	}{
		{"open", context.Background(), open, 5, 5, 5, ErrNone, "answered 5/5 in"},
		{"open default attempts", context.Background(), open, 0, 4, 4, ErrNone, "answered 4/4"},
		{"one attempt", context.Background(), open, 1, 1, 1, ErrNone, "answered 1/1"},
		// A refusal is the host answering: reached, not lost.
		{"closed port", context.Background(), deadLoopbackAddr(t), 3, 3, 3, ErrNone, "answered 3/3"},
		{"canceled", canceled, open, 3, 3, 0, ErrCanceled, "no answer (canceled)"},
		{"no port", context.Background(), "127.0.0.1", 2, 2, 0, ErrOther, "no answer"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := Reach(tc.ctx, tc.addr, ReachOptions{Attempts: tc.attempts, Timeout: 5 * time.Second})
			if res.Attempts != tc.wantTries || res.Succeeded != tc.succeeded || res.Err != tc.err {
				t.Fatalf("attempts %d succeeded %d Err %q (%s), want %d %d %q", res.Attempts, res.Succeeded, res.Err, res.Detail, tc.wantTries, tc.succeeded, tc.err)
			}
			if res.OK() != (tc.succeeded > 0) {
				t.Errorf("OK() = %v", res.OK())
			}
			if (res.RTT > 0) != (tc.succeeded > 0) {
				t.Errorf("RTT = %s with %d successes", res.RTT, res.Succeeded)
			}
			wantLoss := 100 * (tc.wantTries - tc.succeeded) / tc.wantTries
			if res.LossPercent() != wantLoss {
				t.Errorf("LossPercent = %d, want %d", res.LossPercent(), wantLoss)
			}
			if res.Addr != tc.addr || !strings.Contains(res.Detail, tc.detail) {
				t.Errorf("Addr %q Detail %q, want %q", res.Addr, res.Detail, tc.detail)
			}
		})
	}
}

func TestReachLossPercent(t *testing.T) {
	t.Parallel()
	cases := []struct{ attempts, succeeded, want int }{
		{0, 0, 0},
		{4, 4, 0},
		{4, 3, 25},
		{4, 2, 50},
		{4, 0, 100},
		{3, 2, 33},
		{3, 1, 66}, // rounded down: never overstate loss
		{10, 9, 10},
		{1, 0, 100},
	}
	for _, tc := range cases {
		r := ReachResult{Attempts: tc.attempts, Succeeded: tc.succeeded}
		if got := r.LossPercent(); got != tc.want {
			t.Errorf("LossPercent(%d of %d) = %d, want %d", tc.succeeded, tc.attempts, got, tc.want)
		}
	}
}
