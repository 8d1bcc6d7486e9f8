package main

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"time"
)

// handler answers every request; the mode file is read per request so a
// fault takes effect without restarting anything.
type handler struct {
	modeFile string
	slow     time.Duration
}

func (h handler) mode() string {
	if h.modeFile == "" {
		return ""
	}
	data, err := os.ReadFile(h.modeFile)
	if err != nil {
		return "" // no mode file: healthy
	}
	return string(bytes.TrimSpace(data))
}

func (h handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.mode() == "slow" {
		t := time.NewTimer(h.slow)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return // nginx gave up (its 504); nothing left to answer
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintln(w, "hello from origin")
}
