//go:build !linux && !darwin && !windows

package checks

import (
	"context"
	"errors"
	"runtime"
)

// DefaultRoutes is not implemented on this OS.
func DefaultRoutes(ctx context.Context) (defaults, split []Route, err error) {
	return nil, nil, errors.New("reading routes is not supported on " + runtime.GOOS)
}
