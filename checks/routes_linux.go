package checks

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// DefaultRoutes reads the kernel's main routing table. Policy-routed
// defaults (wg-quick, Tailscale put theirs in other tables) do not show
// here; VPN's egress check sees those.
func DefaultRoutes(ctx context.Context) (defaults, split []Route, err error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, fmt.Errorf("read routes: %w", err)
	}
	var (
		routes []Route
		errs   []error
	)
	v4, err := readRoutes("/proc/net/route", func(f *os.File) ([]Route, error) {
		return parseProcNetRoute(f, binary.NativeEndian)
	})
	routes = append(routes, v4...)
	if err != nil {
		errs = append(errs, err)
	}
	v6, err := readRoutes("/proc/net/ipv6_route", func(f *os.File) ([]Route, error) {
		return parseProcIPv6Route(f)
	})
	routes = append(routes, v6...)
	// IPv6 may be disabled, in which case the file is simply absent.
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		errs = append(errs, err)
	}
	defaults, split = defaultsOf(routes)
	return defaults, split, errors.Join(errs...)
}

func readRoutes(path string, parse func(*os.File) ([]Route, error)) ([]Route, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read routes: %w", err)
	}
	defer f.Close()
	return parse(f)
}
