//go:build linux

// Command bench-scale measures what watching many sites costs: it starts
// loopback servers (N sites, a canary, a "resolver"), runs the headless
// monitor (`gatewatch monitor`, history on, metrics on loopback) against
// them at a 30 s interval, and reads the monitor's RSS and CPU time from
// /proc, its goroutines and check count from its own /metrics, and the
// database's size. Only loopback addresses are used (GATEWATCH_LAB_ONLY=1).
//
//	go run ./cmd/bench-scale -bin bin/gatewatch -n 10,100,1000 -warmup 30s -measure 90s
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gatewatch/gatewatch/monitor/history"
)

var gmp string

func main() {
	bin := flag.String("bin", "bin/gatewatch", "the gatewatch binary")
	ns := flag.String("n", "10,100,1000", "site counts, comma-separated")
	interval := flag.Duration("interval", 30*time.Second, "check interval")
	warmup := flag.Duration("warmup", 30*time.Second, "time before measuring (first checks spread over one interval)")
	measure := flag.Duration("measure", 90*time.Second, "measured time per N")
	flag.StringVar(&gmp, "gomaxprocs", "", "GOMAXPROCS for the monitor (default: its own choice, one)")
	hosts := flag.String("hosts", "distinct", "distinct: every site on its own loopback port (no connection shared between sites); shared: one server, N paths")
	profile := flag.String("cpuprofile", "", "write the monitor's CPU profile of the last N here")
	profiles := flag.String("profiles", "", "save the monitor's CPU and allocation profiles of every N in this directory (allocation sampling adds some CPU)")
	floor := flag.Bool("floor", true, "run the floor (a bare Go client doing the same GETs) beside the monitor")
	gatus := flag.String("gatus", "", "a Gatus binary to run beside the monitor, same endpoints and interval")
	child := flag.String("floor-child", "", "internal: run as the floor client over the URLs in this file")
	reuse := flag.Bool("floor-reuse", false, "internal: the floor client keeps its connections")
	raw := flag.Bool("floor-raw", false, "internal: the floor client keeps its connections without net/http's Transport")
	flag.Parse()
	if *child != "" {
		err := floorChild(*child, *interval, *reuse, *raw) // returns only on a failure
		fmt.Fprintf(os.Stderr, "bench-scale floor: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("interval %s, warm-up %s, measured %s per N, loopback HTTP sites (%s hosts), history and metrics on\n", *interval, *warmup, *measure, *hosts)
	fmt.Printf("%6s %9s %9s %11s %13s %11s %10s %13s\n", "N", "RSS MB", "max RSS", "CPU-s/min", "CPU/check ms", "checks/min", "goroutines", "DB MB/day")
	for _, f := range strings.Split(*ns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			fmt.Fprintf(os.Stderr, "bench-scale: bad N %q\n", f)
			os.Exit(2)
		}
		o := runOpts{bin: *bin, n: n, interval: *interval, warmup: *warmup, measure: *measure, hosts: *hosts, cpuProfile: *profile, floor: *floor, gatus: *gatus}
		if *profiles != "" {
			if err := os.MkdirAll(*profiles, 0o755); err != nil {
				fmt.Fprintf(os.Stderr, "bench-scale: %v\n", err)
				os.Exit(1)
			}
			base := filepath.Join(*profiles, fmt.Sprintf("gatewatch-%d-%s", n, *hosts))
			o.cpuProfile, o.memProfile = base+".cpu.pprof", base+".alloc.pprof"
		}
		r, err := run(o)
		if err != nil {
			fmt.Fprintf(os.Stderr, "bench-scale: N=%d: %v\n", n, err)
			os.Exit(1)
		}
		fmt.Printf("%6d %9.1f %9.1f %11.3f %13.3f %11.0f %10d %13.2f\n", n, r.rssMB, r.maxRSSMB, r.cpuPerMin, r.cpuPerCheckMS, r.checksPerMin, r.goroutines, r.dbMBPerDay)
		if len(r.rssSamples) > 0 {
			fmt.Printf("       RSS over time (MB): %s\n", strings.Join(r.rssSamples, " "))
		}
		for _, p := range r.peers {
			ratio := "-"
			if p.cpuPerCheckMS > 0 {
				ratio = fmt.Sprintf("%.2f×", r.cpuPerCheckMS/p.cpuPerCheckMS)
			}
			fmt.Printf("       %-12s RSS %5.1f MB, %6.3f CPU-s/min, %6.0f checks/min, %6.3f CPU ms/check; gatewatch/this %s\n", p.name, p.rssMB, p.cpuPerMin, p.checksPerMin, p.cpuPerCheckMS, ratio)
		}
		if o.cpuProfile != "" && *profiles != "" {
			fmt.Printf("       profiles: %s, %s\n", o.cpuProfile, o.memProfile)
		}
	}
}

type result struct {
	rssMB, maxRSSMB, cpuPerMin, cpuPerCheckMS, checksPerMin, dbMBPerDay float64
	goroutines                                                          int
	rssSamples                                                          []string
	peers                                                               []peerResult
}

type runOpts struct {
	bin                           string
	n                             int
	interval, warmup, measure     time.Duration
	hosts, cpuProfile, memProfile string
	floor                         bool
	gatus                         string
}

func run(o runOpts) (result, error) {
	var r result
	n, interval, warmup, measure := o.n, o.interval, o.warmup, o.measure
	dir, err := os.MkdirTemp("", "gatewatch-bench-")
	if err != nil {
		return r, fmt.Errorf("temp dir: %w", err)
	}
	defer os.RemoveAll(dir)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Every client has its own path prefix, so the servers count each
	// one's checks the same way.
	var counts counters
	site := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		counts.add(req.URL.Path)
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte("ok\n"))
	})
	var siteAddrs []string
	for i := range n {
		if o.hosts == "shared" && i > 0 {
			siteAddrs = append(siteAddrs, siteAddrs[0])
			continue
		}
		a, err := serve(ctx, site)
		if err != nil {
			return r, err
		}
		siteAddrs = append(siteAddrs, a)
	}
	urls := func(prefix string) []string {
		out := make([]string, n)
		for i := range n {
			out[i] = fmt.Sprintf("http://%s/%s/%d", siteAddrs[i], prefix, i)
		}
		return out
	}
	canaryAddr, err := serve(ctx, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	if err != nil {
		return r, err
	}
	resolver, err := acceptAndClose(ctx)
	if err != nil {
		return r, err
	}
	metricsAddr, err := freePort()
	if err != nil {
		return r, err
	}
	var cfg bytes.Buffer
	fmt.Fprintf(&cfg, "interval = %q\n[network]\ncanaries = [\"http://%s/generate_204\"]\nresolvers = [%q]\n", interval, canaryAddr, resolver)
	fmt.Fprintf(&cfg, "[metrics]\nlisten = %q\n", metricsAddr)
	for _, u := range urls("site") {
		fmt.Fprintf(&cfg, "[[sites]]\nurl = %q\n", u)
	}
	cfgPath := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfgPath, cfg.Bytes(), 0o600); err != nil {
		return r, fmt.Errorf("writing config: %w", err)
	}
	db := filepath.Join(dir, "history.db")
	total := warmup + measure
	args := []string{"monitor", "--config", cfgPath, "--db", db, "--for", (total + 2*time.Second).String()}
	if o.cpuProfile != "" {
		args = append(args, "--cpuprofile", o.cpuProfile)
	}
	if o.memProfile != "" {
		args = append(args, "--memprofile", o.memProfile)
	}
	cmd := exec.Command(o.bin, args...)
	cmd.Env = append(os.Environ(), "GATEWATCH_LAB_ONLY=1", "XDG_DATA_HOME="+dir, "XDG_CONFIG_HOME="+dir, "XDG_STATE_HOME="+dir)
	if gmp != "" {
		cmd.Env = append(cmd.Env, "GOMAXPROCS="+gmp)
	}
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	if err := cmd.Start(); err != nil {
		return r, fmt.Errorf("starting %s: %w", o.bin, err)
	}
	pid := cmd.Process.Pid
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer func() {
		// Stop the monitor we started (by its PID) if we leave early.
		if cmd.ProcessState == nil {
			cmd.Process.Signal(syscall.SIGTERM)
			<-done
		}
	}()
	peers, err := startPeers(o, dir, urls)
	if err != nil {
		return r, err
	}
	defer stopPeers(peers)

	start := time.Now()
	sleep := func(until time.Duration) { time.Sleep(time.Until(start.Add(until))) }
	sleep(warmup)
	// Scrapes stay outside the measured window: rendering a thousand
	// sites' series costs the monitor CPU a real scraper would add anyway,
	// but not the checks.
	_, _, err = scrape(metricsAddr)
	if err != nil {
		return r, fmt.Errorf("%w (monitor stderr: %s)", err, stderr.String())
	}
	cpu0, err := cpuTicks(pid)
	if err != nil {
		return r, err
	}
	checks0 := counts.get("site")
	if err := sampleAll(peers, &counts, true); err != nil {
		return r, err
	}
	t0 := time.Now()
	step := measure / 6
	for i := 1; i <= 6; i++ {
		sleep(warmup + time.Duration(i)*step - time.Second)
		rss, err := rssKB(pid)
		if err != nil {
			return r, err
		}
		mb := float64(rss) / 1024
		r.rssSamples = append(r.rssSamples, fmt.Sprintf("%.1f", mb))
		r.maxRSSMB = max(r.maxRSSMB, mb)
		r.rssMB = mb
	}
	cpu1, err := cpuTicks(pid)
	if err != nil {
		return r, err
	}
	checks := float64(counts.get("site") - checks0)
	elapsed := time.Since(t0)
	if err := sampleAll(peers, &counts, false); err != nil {
		return r, err
	}
	for _, p := range peers {
		r.peers = append(r.peers, p.result(&counts, elapsed))
	}
	checksAll, goroutines, err := scrape(metricsAddr)
	if err != nil {
		return r, err
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := <-done; err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			return r, fmt.Errorf("monitor: %w", err)
		}
		return r, fmt.Errorf("monitor exited with %v: %s", err, stderr.String())
	}
	cpuSec := float64(cpu1-cpu0) / 100 // USER_HZ is 100 on Linux
	r.cpuPerMin = cpuSec / elapsed.Minutes()
	r.checksPerMin = checks / elapsed.Minutes()
	if checks > 0 {
		r.cpuPerCheckMS = cpuSec * 1000 / checks
	}
	r.goroutines = goroutines
	size := int64(0)
	for _, f := range []string{db, db + "-wal"} {
		if st, err := os.Stat(f); err == nil {
			size += st.Size()
		}
	}
	empty, err := emptyDBSize(dir)
	if err != nil {
		return r, err
	}
	if checksAll > 0 {
		// Growth per check: the file minus what an empty database takes
		// (tables and indexes start with a page each).
		perCheck := float64(max(size-empty, 0)) / checksAll
		r.dbMBPerDay = perCheck * r.checksPerMin * 60 * 24 / (1 << 20)
	}
	return r, nil
}

// emptyDBSize is the size of a freshly created, closed history database.
func emptyDBSize(dir string) (int64, error) {
	path := filepath.Join(dir, "empty.db")
	s, err := history.Open(path, history.Options{})
	if err != nil {
		return 0, fmt.Errorf("creating an empty database: %w", err)
	}
	if err := s.Close(); err != nil {
		return 0, fmt.Errorf("closing the empty database: %w", err)
	}
	st, err := os.Stat(path)
	if err != nil {
		return 0, fmt.Errorf("sizing the empty database: %w", err)
	}
	return st.Size(), nil
}

func serve(ctx context.Context, h http.Handler) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("listening: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() { <-ctx.Done(); srv.Close() }()
	go srv.Serve(ln) //nolint:errcheck // ends with ErrServerClosed at ctx end
	return ln.Addr().String(), nil
}

// acceptAndClose stands in for a reference resolver: the reach probe only
// needs TCP handshakes to succeed.
func acceptAndClose(ctx context.Context) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("listening: %w", err)
	}
	go func() { <-ctx.Done(); ln.Close() }()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	return ln.Addr().String(), nil
}

func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("finding a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// cpuTicks is utime+stime of pid, in clock ticks.
func cpuTicks(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("reading CPU time: %w", err)
	}
	// Fields after the command name (which may hold spaces) start after ')'.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	if len(f) < 13 {
		return 0, errors.New("short /proc/pid/stat")
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	k, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("parsing /proc/pid/stat: %v %v", err1, err2)
	}
	return u + k, nil
}

func rssKB(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("reading RSS: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		}
	}
	return 0, errors.New("no VmRSS")
}

// scrape reads the check count and goroutines from the monitor's metrics.
func scrape(addr string) (checks float64, goroutines int, err error) {
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		return 0, 0, fmt.Errorf("scraping metrics: %w", err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "gatewatch_checks_total{") {
			v, err := strconv.ParseFloat(line[strings.LastIndexByte(line, ' ')+1:], 64)
			if err == nil {
				checks += v
			}
		}
		if v, ok := strings.CutPrefix(line, "go_goroutines "); ok {
			goroutines, _ = strconv.Atoi(v)
		}
	}
	if err := sc.Err(); err != nil {
		return 0, 0, fmt.Errorf("scraping metrics: %w", err)
	}
	return checks, goroutines, nil
}
