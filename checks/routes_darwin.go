package checks

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// routeToolTimeout bounds each netstat or route run; both answer in a few
// milliseconds unless the system is wedged.
const routeToolTimeout = 2 * time.Second

// DefaultRoutes reads the routing table with netstat, falling back to
// `route -n get default` when netstat fails.
func DefaultRoutes(ctx context.Context) (defaults, split []Route, err error) {
	var (
		routes []Route
		errs   []error
	)
	for _, fam := range []string{"inet", "inet6"} {
		out, err := runTool(ctx, routeToolTimeout, "/usr/sbin/netstat", "-rn", "-f", fam)
		if err != nil {
			if rt, ok, gerr := routeGetDefault(ctx, fam == "inet6"); gerr == nil {
				if ok {
					routes = append(routes, rt)
				}
				continue
			}
			errs = append(errs, err)
			continue
		}
		rs, err := parseNetstatRoutes(out)
		routes = append(routes, rs...)
		if err != nil {
			errs = append(errs, err)
		}
	}
	defaults, split = defaultsOf(routes)
	return defaults, split, errors.Join(errs...)
}

func routeGetDefault(ctx context.Context, v6 bool) (Route, bool, error) {
	args := []string{"-n", "get", "default"}
	if v6 {
		args = []string{"-n", "get", "-inet6", "default"}
	}
	out, err := runTool(ctx, routeToolTimeout, "/sbin/route", args...)
	if err != nil {
		// "not in table" is the normal answer when there is no default.
		if strings.Contains(err.Error(), "not in table") {
			return Route{}, false, nil
		}
		return Route{}, false, fmt.Errorf("route get default: %w", err)
	}
	rt, ok := parseRouteGet(out, v6)
	return rt, ok, nil
}
