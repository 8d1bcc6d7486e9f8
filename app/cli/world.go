package cli

import (
	"fmt"
	"io"

	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// writeWorld prints the second opinion's per-place table (place, network,
// status, time).
func writeWorld(w io.Writer, o *verdict.WorldOpinion) {
	if o == nil {
		return
	}
	fmt.Fprintf(w, "  From elsewhere: %s\n", o.Summary)
	width := 0
	for _, p := range o.Probes {
		width = max(width, len(p.Place))
	}
	for _, p := range o.Probes {
		mark, what := "ok  ", fmt.Sprintf("%d", p.Status)
		if !p.OK {
			mark, what = "FAIL", p.Error
		}
		fmt.Fprintf(w, "    %s %-*s %5d ms  AS%d %s: %s\n", mark, width, p.Place, p.MS, p.ASN, oneLine(p.Network), oneLine(what))
	}
}
