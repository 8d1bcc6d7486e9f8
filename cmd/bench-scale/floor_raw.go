//go:build linux

package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"
)

var rawReaders = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 4<<10) }}

// burstWake is the monitor's minWake: checks whose starts are closer
// than this start together, one wake-up for the burst.
const burstWake = 50 * time.Millisecond

// rawFloor checks every URL once per interval on a kept connection of its
// own: one write of the request's bytes, http.ReadResponse over a pooled
// reader, the body discarded. A connection that fails is redialled at the
// next check. The checks start in bursts as the monitor's do (its spacing
// is half the interval over N; spacings under 50 ms pooled), so that this
// floor pays the same number of wake-ups per check as the monitor.
func rawFloor(urls []string, interval time.Duration) error {
	type target struct {
		host string
		wire []byte
	}
	targets := make([]target, len(urls))
	for i, s := range urls {
		u, err := url.Parse(s)
		if err != nil {
			return fmt.Errorf("floor: %w", err)
		}
		targets[i] = target{u.Host, []byte("GET " + u.RequestURI() + " HTTP/1.1\r\nHost: " + u.Host + "\r\nUser-Agent: floor\r\n\r\n")}
	}
	burst := 1
	if per := interval / time.Duration(2*len(urls)); per > 0 && per < burstWake {
		burst = int(burstWake / per)
	}
	for first := 0; first < len(targets); first += burst {
		group := targets[first:min(first+burst, len(targets))]
		offset := time.Duration(first) * interval / time.Duration(len(targets))
		go func() {
			time.Sleep(offset)
			t := time.NewTicker(interval)
			conns := make([]net.Conn, len(group))
			var wg sync.WaitGroup
			for {
				for i, tg := range group {
					wg.Add(1)
					go func() {
						defer wg.Done()
						conns[i] = rawGet(conns[i], tg.host, tg.wire)
					}()
				}
				wg.Wait()
				<-t.C
			}
		}()
	}
	select {}
}

// rawGet does one GET on c (dialling when c is nil) and returns the
// connection to keep, or nil.
func rawGet(c net.Conn, addr string, wire []byte) net.Conn {
	if c == nil {
		var err error
		if c, err = net.DialTimeout("tcp", addr, 10*time.Second); err != nil {
			return nil
		}
	}
	c.SetDeadline(time.Now().Add(10 * time.Second)) //nolint:errcheck // a failed write says it
	if _, err := c.Write(wire); err != nil {
		c.Close()
		return nil
	}
	br := rawReaders.Get().(*bufio.Reader)
	defer rawReaders.Put(br)
	br.Reset(c)
	defer br.Reset(nil)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		c.Close()
		return nil
	}
	_, err = io.Copy(io.Discard, resp.Body)
	if err != nil || resp.Close || br.Buffered() > 0 {
		c.Close()
		return nil
	}
	return c
}
