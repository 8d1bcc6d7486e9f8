//go:build !linux && !darwin && !windows

package fix

import (
	"context"
	"os"
)

func isRoot() bool { return os.Geteuid() == 0 }

func localDnsmasq(context.Context, Env) []int { return nil }

func (x System) runElevated(ctx context.Context, argv []string) (string, error) {
	return x.run(ctx, argv)
}
