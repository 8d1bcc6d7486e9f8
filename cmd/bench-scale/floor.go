//go:build linux

package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strings"
	"time"
)

// The floor is the least a program can do and still check the same sites:
// one GET per site per interval, the body read and dropped, nothing
// recorded. It runs as a child process of the bench (this binary re-run
// with -floor-child), so that its CPU time is read from /proc exactly as
// the monitor's is. Two floors: every check on a fresh connection (what a
// monitor of many distinct hosts pays, since it cannot keep a connection
// open to each) and every check on a kept connection (the least possible).

// floorChild runs until killed: urlsFile holds one URL per line.
func floorChild(urlsFile string, interval time.Duration, reuse bool) error {
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(1) // the monitor's setting, for a fair comparison
	}
	urls, err := readLines(urlsFile)
	if err != nil {
		return err
	}
	tr := &http.Transport{
		DisableKeepAlives:   !reuse,
		DisableCompression:  true,
		MaxIdleConns:        0, // unbounded: with reuse, one kept connection per host
		MaxIdleConnsPerHost: 1,
		IdleConnTimeout:     2 * interval,
	}
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	for i, u := range urls {
		// Spread over one interval, as the monitor spreads its first checks.
		offset := time.Duration(i) * interval / time.Duration(len(urls))
		go func() {
			time.Sleep(offset)
			t := time.NewTicker(interval)
			for {
				get(client, u)
				<-t.C
			}
		}()
	}
	select {}
}

func get(c *http.Client, u string) {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, u, nil)
	if err != nil {
		return
	}
	resp, err := c.Do(req)
	if err != nil {
		return
	}
	io.Copy(io.Discard, resp.Body) //nolint:errcheck // the floor only needs the bytes gone
	resp.Body.Close()
}

func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("floor: %w", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			out = append(out, l)
		}
	}
	return out, sc.Err()
}
