package netwatch

import (
	"context"
	"fmt"
	"net"
	"slices"

	"github.com/gatewatch/gatewatch/checks"
)

// Snapshot is the part of the network configuration a re-check depends
// on. The watcher compares one before and after each burst of events:
// netlink also reports neighbour refreshes, Wi-Fi signal changes and
// route cache churn, none of which is worth re-checking every site.
type Snapshot struct {
	Routes []string // default and split-default routes: interface, gateway, metric
	Links  []string // every interface with its flags and addresses
	DNS    []string // the system resolvers (resolv.conf on Linux)
}

// Equal reports whether nothing a re-check depends on changed.
func (s Snapshot) Equal(o Snapshot) bool {
	return slices.Equal(s.Routes, o.Routes) && slices.Equal(s.Links, o.Links) && slices.Equal(s.DNS, o.DNS)
}

// takeSnapshot reads the current state; tests replace it.
var takeSnapshot = func(ctx context.Context) Snapshot {
	var s Snapshot
	// A failed read leaves a part empty: a later good read then differs
	// and costs one extra re-check, never a missed one.
	def, split, _ := checks.DefaultRoutes(ctx)
	for _, r := range append(def, split...) {
		s.Routes = append(s.Routes, fmt.Sprintf("%s via %v dst %v metric %d", r.Interface, r.Gateway, r.Dst, r.Metric))
	}
	ifs, _ := net.Interfaces()
	for _, i := range ifs {
		addrs, _ := i.Addrs()
		s.Links = append(s.Links, fmt.Sprintf("%s %v %v", i.Name, i.Flags, addrs))
	}
	s.DNS, _ = checks.SystemResolvers()
	slices.Sort(s.Routes)
	slices.Sort(s.Links)
	return s
}
