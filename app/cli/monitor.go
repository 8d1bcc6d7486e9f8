package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/gatewatch/gatewatch/checks"
	"github.com/gatewatch/gatewatch/monitor"
	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/netwatch"
	"github.com/gatewatch/gatewatch/monitor/resident"
	"github.com/gatewatch/gatewatch/monitor/verdict"
	"github.com/gatewatch/gatewatch/monitor/world"
)

// Monitor runs `gatewatch monitor`: the tray's watch loop without a
// window or tray (same config), recording history and, when asked,
// serving metrics. Events are printed one per line. It returns the exit
// code.
func Monitor(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gatewatch monitor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", "", "config file (default: the OS config dir's gatewatch/config.toml)")
	db := fs.String("db", "", "history database (default: the config's history.path, else the OS data dir's gatewatch/history.db)")
	noHistory := fs.Bool("no-history", false, "do not record checks")
	listen := fs.String("metrics", "", "serve Prometheus metrics on this loopback address, e.g. 127.0.0.1:9464 (default: the config's metrics.listen)")
	runFor := fs.Duration("for", 0, "stop after this long (default: until interrupted)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to this file (for make bench-scale)")
	memProfile := fs.String("memprofile", "", "write an allocation profile to this file at exit (for make bench-scale)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: gatewatch monitor [--config FILE] [--db FILE] [--no-history] [--metrics ADDR] [--for DUR]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gatewatch monitor: unexpected argument %q (sites come from the config)\n", fs.Arg(0))
		return ExitUsage
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "gatewatch monitor: %v\n", err)
			return ExitUsage
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "gatewatch monitor: starting the CPU profile: %v\n", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	if *memProfile != "" {
		// Every allocation sampled at 512 KB by default says little about a
		// check of a few KB: sample finer, only when asked.
		runtime.MemProfileRate = 4 << 10
		defer writeAllocProfile(*memProfile, stderr)
	}
	resident.LeanRuntime()
	cfg, notice, err := config.Load(*configPath)
	if err != nil {
		fmt.Fprintf(stderr, "gatewatch monitor: %v\n", err)
		return ExitUsage
	}
	if notice != "" {
		fmt.Fprintf(stderr, "gatewatch: %s\n", notice)
	}
	opt, err := verdict.BuildOptions(cfg, nil, nil)
	if err != nil {
		fmt.Fprintf(stderr, "gatewatch monitor: %v\n", err)
		return ExitUsage
	}
	world.Attach(&opt, cfg.World)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *runFor > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *runFor)
		defer cancel()
	}
	mon, err := monitor.New(cfg, opt, func(e monitor.Event) {
		fmt.Fprintf(stdout, "%s %s\n", time.Now().Format(time.RFC3339), eventLine(e))
	})
	if err != nil {
		fmt.Fprintf(stderr, "gatewatch monitor: %v\n", err)
		return ExitUsage
	}
	rec, err := resident.StartRecording(ctx, cfg, mon, resident.RecordOptions{DBPath: *db, NoHistory: *noHistory, Metrics: *listen})
	if err != nil {
		fmt.Fprintf(stderr, "gatewatch monitor: %v\n", err)
		return 1
	}
	for _, n := range rec.Notices {
		fmt.Fprintf(stderr, "gatewatch: %s\n", n)
	}
	if rec.MetricsAddr != "" {
		fmt.Fprintf(stderr, "gatewatch monitor: metrics on http://%s/metrics\n", rec.MetricsAddr)
	}
	if rec.Store != nil {
		fmt.Fprintf(stderr, "gatewatch monitor: history in %s\n", rec.Store.Path())
	}
	fmt.Fprintf(stderr, "gatewatch monitor: watching %d sites\n", len(cfg.Sites))
	go func() {
		err := netwatch.WatchNetwork(ctx, 0, func() { mon.NetworkChanged(time.Now()) })
		if err != nil && !errors.Is(err, context.Canceled) {
			fmt.Fprintf(stderr, "gatewatch monitor: not watching for network changes: %v\n", err)
		}
	}()
	// Not on this goroutine: the binary links systray, whose init locks the
	// main goroutine to the main thread, and every wake-up of a locked
	// goroutine costs a thread hand-off (measured: ~10% of the CPU).
	ran := make(chan error, 1)
	go func() { ran <- mon.Run(ctx) }()
	runErr := <-ran
	if err := rec.Close(); err != nil {
		fmt.Fprintf(stderr, "gatewatch monitor: %v\n", err)
		return 1
	}
	if runErr != nil && !errors.Is(runErr, context.Canceled) && !errors.Is(runErr, context.DeadlineExceeded) {
		fmt.Fprintf(stderr, "gatewatch monitor: %v\n", runErr)
		return 1
	}
	return ExitOK
}

// writeAllocProfile saves the allocations made since start (pprof's
// alloc_space and alloc_objects views).
func writeAllocProfile(path string, stderr io.Writer) {
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(stderr, "gatewatch monitor: allocation profile: %v\n", err)
		return
	}
	defer f.Close()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		fmt.Fprintf(stderr, "gatewatch monitor: allocation profile: %v\n", err)
	}
}

// eventLine says an event in one line for a log.
func eventLine(e monitor.Event) string {
	if e.Network != nil {
		return fmt.Sprintf("network %s: %s (%d sites affected)", e.Kind, e.Network.Summary, len(e.Network.Affected))
	}
	st := e.Status
	switch e.Kind {
	case monitor.EventBack:
		return fmt.Sprintf("%s back after %s", st.URL, checks.HumanDuration(e.Duration))
	default:
		return fmt.Sprintf("%s %s: %s, hop %s: %s", st.URL, e.Kind, st.Side.Words(), st.Hop, st.Last.Summary)
	}
}
