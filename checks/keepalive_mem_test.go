package checks

import (
	"bufio"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestIdleConnMemory measures what one idle kept connection costs this
// process: heap and stacks in use with n idle connections, minus the same
// with n bare net.Conns. The servers run in a child process (this test
// binary again), so that their side of each connection is not counted.
// GATEWATCH_MEASURE_IDLE=1 go test -run TestIdleConnMemory -v ./checks/
func TestIdleConnMemory(t *testing.T) {
	if os.Getenv("GATEWATCH_IDLE_SERVERS") != "" {
		idleServers(t)
		return
	}
	if os.Getenv("GATEWATCH_MEASURE_IDLE") == "" {
		t.Skip("a measurement; set GATEWATCH_MEASURE_IDLE=1")
	}
	const n = 500
	for _, https := range []bool{false, true} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestIdleConnMemory$")
		cmd.Env = append(os.Environ(), fmt.Sprintf("GATEWATCH_IDLE_SERVERS=%d", n), fmt.Sprintf("GATEWATCH_IDLE_TLS=%t", https))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		var urls []string
		sc := bufio.NewScanner(out)
		for len(urls) < n && sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "URL "); ok {
				urls = append(urls, u)
			}
		}
		if len(urls) < n {
			t.Fatalf("the server child gave %d URLs", len(urls))
		}
		var cfg *tls.Config
		if https {
			cfg = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // loopback test servers, each its own certificate
		}
		base := inUse(func() {})
		var cs []net.Conn
		withBare := inUse(func() {
			for _, u := range urls {
				c, err := net.Dial("tcp", mustURL(t, u).Host)
				if err != nil {
					t.Fatal(err)
				}
				cs = append(cs, c)
			}
		})
		for _, c := range cs {
			c.Close()
		}
		pool := &ConnPool{}
		withLean := inUse(func() {
			for _, u := range urls {
				if res := HTTP(context.Background(), mustURL(t, u), HTTPOptions{Pool: pool, TLSConfig: cfg}); res.Err != ErrNone {
					t.Fatalf("%s: %s", u, res.Error)
				}
			}
		})
		if pool.IdleConns() != n {
			t.Fatalf("%d idle, want %d", pool.IdleConns(), n)
		}
		pool.Refresh()
		tr := &http.Transport{MaxIdleConns: 2 * n, MaxIdleConnsPerHost: 1, TLSClientConfig: cfg, ReadBufferSize: 2 << 10, WriteBufferSize: 1 << 10}
		withTransport := inUse(func() {
			for _, u := range urls {
				resp, err := (&http.Client{Transport: tr}).Get(u)
				if err != nil {
					t.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
		tr.CloseIdleConnections()
		per := func(v int64) string { return fmt.Sprintf("%.1f KB", float64(v-withBare)/n/1024) }
		t.Logf("https=%v, per idle connection beyond a bare socket (%.1f KB): lean %s, Transport (2 KB/1 KB buffers, 2 goroutines) %s",
			https, float64(withBare-base)/n/1024, per(withLean), per(withTransport))
	}
}

// idleServers is the child of TestIdleConnMemory: n loopback servers,
// their URLs on stdout, until killed.
func idleServers(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("GATEWATCH_IDLE_SERVERS"))
	for range n {
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok\n") }))
		if os.Getenv("GATEWATCH_IDLE_TLS") == "true" {
			srv.StartTLS()
		} else {
			srv.Start()
		}
		fmt.Printf("URL %s/\n", srv.URL)
	}
	select {}
}

// inUse is heap plus stacks in use after f, garbage collected.
func inUse(f func()) int64 {
	f()
	time.Sleep(200 * time.Millisecond) // let the connections settle
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapInuse + m.StackInuse)
}
