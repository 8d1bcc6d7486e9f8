//go:build linux

package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// counters counts requests by the first element of their path: each
// client of the bench has its own ("site", "floor-fresh", "gatus"), so
// every client's checks are counted by the servers in the same way.
type counters struct {
	mu sync.Mutex
	m  map[string]int64
}

func (c *counters) add(path string) {
	p, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]int64{}
	}
	c.m[p]++
	c.mu.Unlock()
}

func (c *counters) get(prefix string) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[prefix]
}

// peer is a process run beside the monitor against the same servers.
type peer struct {
	name, prefix string
	cmd          *exec.Cmd
	done         chan error
	stderr       *bytes.Buffer

	cpu0, cpu1     int64
	checks0, rssKB int64
}

type peerResult struct {
	name                                          string
	rssMB, cpuPerMin, checksPerMin, cpuPerCheckMS float64
}

// startPeers starts the floors and, when given, Gatus.
func startPeers(o runOpts, dir string, urls func(string) []string) ([]*peer, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("finding this binary for the floor: %w", err)
	}
	var peers []*peer
	add := func(name, prefix string, cmd *exec.Cmd) error {
		p := &peer{name: name, prefix: prefix, cmd: cmd, done: make(chan error, 1), stderr: &bytes.Buffer{}}
		cmd.Stdout, cmd.Stderr = io.Discard, p.stderr
		if err := cmd.Start(); err != nil {
			return fmt.Errorf("starting %s: %w", name, err)
		}
		go func() { p.done <- cmd.Wait() }()
		peers = append(peers, p)
		return nil
	}
	if o.floor {
		for _, f := range []struct {
			name       string
			reuse, raw bool
		}{{"floor-fresh", false, false}, {"floor-reuse", true, false}, {"floor-raw", true, true}} {
			name, prefix := f.name, f.name
			list := filepath.Join(dir, prefix+".txt")
			if err := os.WriteFile(list, []byte(strings.Join(urls(prefix), "\n")+"\n"), 0o600); err != nil {
				return peers, fmt.Errorf("writing the floor's URLs: %w", err)
			}
			cmd := exec.Command(self, "-floor-child", list, "-interval", o.interval.String(), fmt.Sprintf("-floor-reuse=%t", f.reuse), fmt.Sprintf("-floor-raw=%t", f.raw))
			cmd.Env = os.Environ()
			if gmp != "" {
				cmd.Env = append(cmd.Env, "GOMAXPROCS="+gmp)
			}
			if err := add(name, prefix, cmd); err != nil {
				return peers, err
			}
		}
	}
	if o.gatus != "" {
		cfg, err := gatusConfig(dir, urls("gatus"), o.interval)
		if err != nil {
			return peers, err
		}
		cmd := exec.Command(o.gatus)
		cmd.Env = append(os.Environ(), "GATUS_CONFIG_PATH="+cfg, "GATUS_LOG_LEVEL=WARN")
		cmd.Dir = dir
		if err := add("gatus", "gatus", cmd); err != nil {
			return peers, err
		}
	}
	return peers, nil
}

// gatusConfig writes a Gatus configuration for the same endpoints:
// status 200 as the only condition, SQLite storage (as the monitor keeps
// history), its web server on a free loopback port.
func gatusConfig(dir string, urls []string, interval time.Duration) (string, error) {
	port, err := freePort()
	if err != nil {
		return "", err
	}
	_, p, _ := strings.Cut(port, ":")
	var b bytes.Buffer
	fmt.Fprintf(&b, "storage:\n  type: sqlite\n  path: %s\nweb:\n  address: 127.0.0.1\n  port: %s\nendpoints:\n", filepath.Join(dir, "gatus.db"), p)
	for i, u := range urls {
		fmt.Fprintf(&b, "  - name: s%d\n    url: %q\n    interval: %s\n    conditions:\n      - \"[STATUS] == 200\"\n", i, u, interval)
	}
	path := filepath.Join(dir, "gatus.yaml")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		return "", fmt.Errorf("writing the Gatus config: %w", err)
	}
	return path, nil
}

// sampleAll reads every peer's CPU time (and, at the end, RSS); start
// marks the beginning of the measured window.
func sampleAll(peers []*peer, c *counters, start bool) error {
	for _, p := range peers {
		pid := p.cmd.Process.Pid
		t, err := cpuTicks(pid)
		if err != nil {
			return fmt.Errorf("%s: %w (stderr: %s)", p.name, err, p.stderr.String())
		}
		if start {
			p.cpu0, p.checks0 = t, c.get(p.prefix)
			continue
		}
		p.cpu1 = t
		if p.rssKB, err = rssKB(pid); err != nil {
			return fmt.Errorf("%s: %w", p.name, err)
		}
	}
	return nil
}

func (p *peer) result(c *counters, elapsed time.Duration) peerResult {
	cpuSec := float64(p.cpu1-p.cpu0) / 100
	checks := float64(c.get(p.prefix) - p.checks0)
	r := peerResult{name: p.name, rssMB: float64(p.rssKB) / 1024, cpuPerMin: cpuSec / elapsed.Minutes(), checksPerMin: checks / elapsed.Minutes()}
	if checks > 0 {
		r.cpuPerCheckMS = cpuSec * 1000 / checks
	}
	return r
}

// stopPeers ends the processes this bench started, by their PIDs.
func stopPeers(peers []*peer) {
	for _, p := range peers {
		p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(5 * time.Second):
			p.cmd.Process.Kill()
			<-p.done
		}
	}
}
