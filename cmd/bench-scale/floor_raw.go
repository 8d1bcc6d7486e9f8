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

// rawFloor checks every URL once per interval on a kept connection of its
// own: one write of the request's bytes, http.ReadResponse over a pooled
// reader, the body discarded. A connection that fails is redialled at the
// next check. The per-URL goroutine is the schedule, as in the other floors.
func rawFloor(urls []string, interval time.Duration) error {
	for i, s := range urls {
		u, err := url.Parse(s)
		if err != nil {
			return fmt.Errorf("floor: %w", err)
		}
		wire := []byte("GET " + u.RequestURI() + " HTTP/1.1\r\nHost: " + u.Host + "\r\nUser-Agent: floor\r\n\r\n")
		offset := time.Duration(i) * interval / time.Duration(len(urls))
		go func() {
			time.Sleep(offset)
			t := time.NewTicker(interval)
			var c net.Conn
			for {
				c = rawGet(c, u.Host, wire)
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
