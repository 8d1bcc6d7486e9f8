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
// the monitor's is. Three floors: every check on a fresh connection (what
// a monitor pays that cannot keep a connection open to each host), every
// check on a connection kept by net/http's Transport (two goroutines and
// two buffers per idle connection), and "raw kept": the request bytes
// written on a kept connection and the answer read with http.ReadResponse
// over a pooled buffer, no goroutine per connection, the checks started
// in the monitor's bursts (the least a Go program can do).

// floorChild runs until killed: urlsFile holds one URL per line.
func floorChild(urlsFile string, interval time.Duration, reuse, raw bool) error {
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(1) // the monitor's setting, for a fair comparison
	}
	urls, err := readLines(urlsFile)
	if err != nil {
		return err
	}
	if raw {
		return rawFloor(urls, interval)
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
