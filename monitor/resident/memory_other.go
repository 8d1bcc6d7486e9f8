//go:build !unix

package resident

import "context"

// onSignal: no SIGUSR1 here, so no memory report on demand.
func onSignal(context.Context, func()) {}
