package world

import (
	"github.com/gatewatch/gatewatch/checks"
	"github.com/gatewatch/gatewatch/monitor/config"
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
