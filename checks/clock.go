package checks

import (
	"bufio"
	"net"
	"net/http"
	"net/url"
	"time"
)

// ServerClock reads a response's Date header: the server's time, and the
// local clock minus it at received (when the headers arrived), which is how
// far this computer's clock is off if the server's is right. Zero values
// when there is no valid Date.
func ServerClock(h http.Header, received time.Time) (time.Time, time.Duration) {
	d, err := http.ParseTime(h.Get("Date"))
	if err != nil {
		return time.Time{}, 0
	}
	return d, received.Sub(d)
}

// headDate asks the server behind conn for its clock: one HEAD request,
// whose answer's Date header is read (bounded by conn's deadline). The
// request carries no cookies and the body is never read.
func headDate(conn net.Conn, host string) (time.Time, time.Duration) {
	req := &http.Request{
		Method: http.MethodHead, URL: &url.URL{Scheme: "https", Host: host, Path: "/"},
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Host: host,
		Header: http.Header{"User-Agent": {UserAgent}, "Connection": {"close"}},
	}
	if err := req.Write(conn); err != nil {
		return time.Time{}, 0
	}
	resp, err := http.ReadResponse(bufio.NewReaderSize(conn, 4<<10), req)
	if err != nil {
		return time.Time{}, 0
	}
	_ = resp.Body.Close()
	return ServerClock(resp.Header, time.Now())
}
