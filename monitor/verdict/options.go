package verdict

import "github.com/gatewatch/gatewatch/monitor/config"

// BuildOptions turns a config into diagnosis options: its canaries and
// resolvers (replaced by canaries or resolvers when those are non-empty,
// e.g. from command-line flags), its timeout and its compare-direct
// setting. The lab guard (GuardEnv) is enforced here, so every front end
// refuses public probe addresses in tests.
func BuildOptions(cfg config.Config, canaries, resolvers []string) (Options, error) {
	var o Options
	if len(canaries) == 0 {
		canaries = cfg.Network.Canaries
	}
	if len(resolvers) == 0 {
		resolvers = cfg.Network.Resolvers
	}
	for _, c := range canaries {
		u, err := config.ParseCanary(c)
		if err != nil {
			return o, err // already names the canary
		}
		o.Canaries = append(o.Canaries, u)
	}
	for _, r := range resolvers {
		addr, err := config.ParseResolver(r)
		if err != nil {
			return o, err // already names the resolver
		}
		o.Resolvers = append(o.Resolvers, addr)
	}
	if err := config.GuardTestAddrs(o.Canaries, o.Resolvers); err != nil {
		return o, err
	}
	o.Timeout = cfg.Timeout.Duration
	o.CompareDirect = cfg.CompareDirectEnabled()
	return o, nil
}
