//go:build !linux

package netwatch

import (
	"context"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/gatewatch/gatewatch/checks"
)

// watchNetwork compares a snapshot of interfaces, addresses and default
// routes every 30 seconds. The native change notifications
// (SCDynamicStore on macOS, NotifyIpInterfaceChange on Windows) are future
// work; 30 s keeps the idle cost negligible.
func watchNetwork(ctx context.Context, changed func()) error {
	last := networkSnapshot(ctx)
	t := time.NewTicker(30 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			if s := networkSnapshot(ctx); s != last {
				last = s
				changed()
			}
		}
	}
}

func networkSnapshot(ctx context.Context) string {
	var b strings.Builder
	ifs, _ := net.Interfaces()
	for _, i := range ifs {
		addrs, _ := i.Addrs()
		fmt.Fprintf(&b, "%s %v %v;", i.Name, i.Flags, addrs)
	}
	def, split, _ := checks.DefaultRoutes(ctx)
	fmt.Fprintf(&b, "%v %v", def, split)
	return b.String()
}
