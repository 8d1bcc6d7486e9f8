package world

import (
	"sync"

	"github.com/gatewatch/gatewatch/checks"
	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// FromConfig is the Asker of a [world] table, nil when the second opinion
// is off and onDemand (the user asked this once) is false.
func FromConfig(c config.WorldConfig, onDemand bool) *Asker {
	if !c.Enabled && !onDemand {
		return nil
	}
	return &Asker{Opt: checks.WorldOptions{
		Client:    &checks.GlobalpingClient{API: c.API, Token: c.Token},
		Country:   c.Country,
		ASN:       int(c.ASN),
		SendQuery: c.SendQuery,
	}}
}

// shared is the resident process's Asker: a config reload with the same
// [world] table keeps it, so its cache and hourly cap survive reloads
// (otherwise editing the config would reset the budget).
var shared struct {
	mu  sync.Mutex
	cfg config.WorldConfig
	a   *Asker
}

// Attach sets opt.World from the [world] table for the tray and
// `gatewatch monitor` (nothing when it is off). The monitor then waits
// for the second opinion, within checks.WorldTimeout, before it reports
// an ambiguous failure.
func Attach(opt *verdict.Options, c config.WorldConfig) {
	if !c.Enabled {
		opt.World = nil
		return
	}
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.a == nil || shared.cfg != c {
		shared.cfg, shared.a = c, FromConfig(c, false)
	}
	opt.World = shared.a
}
