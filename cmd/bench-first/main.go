//go:build linux

// Command bench-first measures what `gatewatch check` adds to a fast
// server-side failure: a loopback server answers 502, and each round runs
// a plain request (curl, when installed) and `gatewatch check` of it as
// separate processes, reading each one's wall time and CPU time (its
// rusage, children such as gsettings included), and `gatewatch version`
// (the process start alone). Each runs without a dconf database and with
// one (GNOME's proxy settings, read before the site request). Only
// loopback addresses are used (GATEWATCH_LAB_ONLY=1).
//
//	go run ./cmd/bench-first -bin bin/gatewatch -n 30
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"
)

func main() {
	bins := flag.String("bin", "bin/gatewatch", "the gatewatch binary (a second one to compare: -bin2)")
	bin2 := flag.String("bin2", "", "another gatewatch binary, run in the same rounds (e.g. a build before a change)")
	n := flag.Int("n", 30, "rounds")
	flag.Parse()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail(err)
	}
	go http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { //nolint:errcheck // ends with the process
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		w.Write([]byte("<html><body><h1>502 Bad Gateway</h1></body></html>\n"))
	}))
	addr := ln.Addr().String()
	dir, err := os.MkdirTemp("", "gatewatch-first-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	// Loopback canary and resolver: the network probes, if they run, stay
	// on this machine.
	cfg := filepath.Join(dir, "config.toml")
	body := fmt.Sprintf("[network]\ncanaries = [\"http://%s/generate_204\"]\nresolvers = [\"127.0.0.1\"]\n", addr)
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		fail(err)
	}
	target := "http://" + addr + "/"
	type runner struct {
		name string
		argv []string
		wall []time.Duration
		cpu  []time.Duration
	}
	type setting struct {
		name string
		env  []string
		rs   []*runner
	}
	// GNOME's proxy settings three ways: no dconf database (a desktop
	// without GNOME), a user database with the proxy mode set to 'none',
	// and one that holds other keys only (the proxy at its defaults).
	// The databases are written by the real dconf-service (dconfDB).
	envs := []setting{{name: "no dconf database", env: []string{"XDG_CONFIG_HOME=" + filepath.Join(dir, "cfg-none")}}}
	for _, c := range []struct{ name, sub, schema, key, value string }{
		{"dconf user db, proxy mode 'none'", "cfg-mode", "org.gnome.system.proxy", "mode", "none"},
		{"dconf user db, proxy at defaults", "cfg-default", "org.gnome.desktop.interface", "clock-format", "12h"},
	} {
		cfgHome := filepath.Join(dir, c.sub)
		if err := dconfDB(cfgHome, c.schema, c.key, c.value); err != nil {
			fmt.Fprintf(os.Stderr, "bench-first: %s: %v (skipped)\n", c.name, err)
			continue
		}
		envs = append(envs, setting{name: c.name, env: []string{"XDG_CONFIG_HOME=" + cfgHome}})
	}
	curl, _ := exec.LookPath("curl")
	for i := range envs {
		e := &envs[i]
		if curl != "" {
			e.rs = append(e.rs, &runner{name: "curl (the request alone)", argv: []string{curl, "-s", "-o", "/dev/null", target}})
		}
		for _, b := range []string{*bins, *bin2} {
			if b != "" {
				e.rs = append(e.rs, &runner{name: b + " check", argv: []string{b, "check", "--config", cfg, target}},
					&runner{name: b + " version", argv: []string{b, "version"}})
			}
		}
	}
	var bare []time.Duration // the floor: the failing request alone, in this process
	for range *n {
		bare = append(bare, bareRequest(target))
		for _, e := range envs {
			for _, r := range e.rs {
				cmd := exec.Command(r.argv[0], r.argv[1:]...)
				cmd.Env = append(os.Environ(), "GATEWATCH_LAB_ONLY=1", "XDG_STATE_HOME="+dir, "XDG_DATA_HOME="+dir)
				cmd.Env = append(cmd.Env, e.env...)
				t0 := time.Now()
				err := cmd.Run()
				wall := time.Since(t0)
				if cmd.ProcessState == nil {
					fail(fmt.Errorf("%s: %w", r.name, err))
				}
				r.wall = append(r.wall, wall)
				r.cpu = append(r.cpu, cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())
			}
		}
	}
	fmt.Printf("%d rounds, loopback server answering 502 (medians; min–max in brackets)\n", *n)
	floor := med(bare)
	fmt.Printf("floor: the request alone, fresh connection, in-process: wall %.2f ms [%.2f–%.2f]\n", ms(floor), ms(slices.Min(bare)), ms(slices.Max(bare)))
	for _, e := range envs {
		fmt.Printf("%s:\n", e.name)
		for _, r := range e.rs {
			fmt.Printf("  %-40s wall %6.1f ms [%5.1f–%6.1f]   CPU %6.1f ms [%5.1f–%6.1f]   over the floor %5.1f ms\n", r.name,
				ms(med(r.wall)), ms(slices.Min(r.wall)), ms(slices.Max(r.wall)), ms(med(r.cpu)), ms(slices.Min(r.cpu)), ms(slices.Max(r.cpu)),
				ms(med(r.wall)-floor))
		}
	}
}

// bareRequest is one GET of target on a new connection, timed from
// dialling to the end of the body: what any client must spend.
func bareRequest(target string) time.Duration {
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	t0 := time.Now()
	resp, err := (&http.Client{Transport: tr}).Get(target)
	if err != nil {
		fail(fmt.Errorf("bare request: %w", err))
	}
	io.Copy(io.Discard, resp.Body) //nolint:errcheck // timing only
	resp.Body.Close()
	return time.Since(t0)
}

func med(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func fail(err error) {
	fmt.Fprintf(os.Stderr, "bench-first: %v\n", err)
	os.Exit(1)
}
