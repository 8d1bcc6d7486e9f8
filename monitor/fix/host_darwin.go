package fix

import (
	"context"
	"os"
)

func isRoot() bool { return os.Geteuid() == 0 }

func localDnsmasq(context.Context, Env) []int { return nil }

// runElevated asks for the administrator password (macAdminScript).
func (x System) runElevated(ctx context.Context, argv []string) (string, error) {
	if isRoot() {
		return x.run(ctx, argv)
	}
	return x.run(ctx, Elevate("darwin", argv))
}
