// Package checks holds gatewatch's probes: one probe per file, each a pure
// function of (ctx, target, options) that returns a typed result with
// timings. Probes keep no state between calls; scheduling, memory and the
// decision about whose fault a failure is live in package monitor.
package checks
