// Package control is the resident's private command channel: a unix socket
// in a directory only the user can enter (a named pipe only the user may
// open, on Windows), one JSON request and one JSON reply per connection. The windows and a second `gatewatch` start use it
// to reach the running tray ("open settings", "check now", "tell me when
// it's back").
package control

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// Commands the resident understands.
const (
	CmdPing         = "ping"
	CmdOpenSettings = "open-settings"
	CmdCheckNow     = "check-now"
	CmdPause        = "pause"
	CmdResume       = "resume"
	CmdNotifyBack   = "notify-back" // URL: arm a one-shot "it's back" notification
	CmdStatus       = "status"      // Lines: one per site, as the menu shows them
)

// maxMessage caps a request or reply: the channel carries short commands.
const maxMessage = 64 << 10

// callTimeout bounds a whole exchange: a hung resident must not hang the
// caller.
const callTimeout = 3 * time.Second

// Request is what a client asks.
type Request struct {
	Cmd string `json:"cmd"`
	URL string `json:"url,omitempty"`
}

// Reply is what the resident answers.
type Reply struct {
	OK      bool     `json:"ok"`
	Message string   `json:"message,omitempty"` // for the person: what happened
	Error   string   `json:"error,omitempty"`
	Lines   []string `json:"lines,omitempty"`
}

// ErrNotRunning means no resident listens on the socket.
var ErrNotRunning = errors.New("gatewatch is not running")

// ErrRunning means another resident already owns the socket.
var ErrRunning = errors.New("gatewatch is already running")

// Handler answers one request.
type Handler func(Request) Reply

// Server is the resident's end.
type Server struct {
	ln   net.Listener
	path string
	wg   sync.WaitGroup
}

// Listen claims the endpoint (listen_unix.go, listen_windows.go). If a
// resident already answers there it returns ErrRunning; a socket file left
// by a crashed resident is replaced.
func Listen(path string) (*Server, error) {
	ln, err := listen(path)
	if err != nil {
		return nil, err
	}
	return &Server{ln: ln, path: path}, nil
}

// Serve answers requests until ctx ends, then removes the socket.
func (s *Server) Serve(ctx context.Context, h Handler) error {
	go func() {
		<-ctx.Done()
		s.ln.Close()
	}()
	defer func() {
		s.wg.Wait()
		removeEndpoint(s.path)
	}()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("control socket: %w", err)
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			serveConn(c, h)
		}()
	}
}

// Close stops listening without serving (for a start that gives up).
func (s *Server) Close() error {
	err := s.ln.Close()
	removeEndpoint(s.path)
	return err
}

func serveConn(c net.Conn, h Handler) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(callTimeout))
	if err := checkPeer(c); err != nil {
		writeReply(c, Reply{Error: err.Error()})
		return
	}
	var req Request
	if err := readJSON(c, &req); err != nil {
		writeReply(c, Reply{Error: "bad request: " + err.Error()})
		return
	}
	writeReply(c, h(req))
}

func writeReply(w io.Writer, r Reply) {
	b, _ := json.Marshal(r) // a Reply always marshals
	_, _ = w.Write(append(b, '\n'))
}

func readJSON(r io.Reader, v any) error {
	line, err := bufio.NewReader(io.LimitReader(r, maxMessage)).ReadBytes('\n')
	if err != nil && !(errors.Is(err, io.EOF) && len(line) > 0) {
		return err
	}
	return json.Unmarshal(line, v)
}

// Call sends one request to the resident at path and returns its reply.
// A reply with an error is returned as an error.
func Call(path string, req Request) (Reply, error) {
	c, err := dial(path)
	if err != nil {
		return Reply{}, fmt.Errorf("%w (%v)", ErrNotRunning, err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(callTimeout))
	b, err := json.Marshal(req)
	if err != nil {
		return Reply{}, fmt.Errorf("control request: %w", err)
	}
	if _, err := c.Write(append(b, '\n')); err != nil {
		return Reply{}, fmt.Errorf("control request %s: %w", req.Cmd, err)
	}
	var rep Reply
	if err := readJSON(c, &rep); err != nil {
		return Reply{}, fmt.Errorf("control reply to %s: %w", req.Cmd, err)
	}
	if rep.Error != "" {
		return rep, fmt.Errorf("gatewatch: %s", rep.Error)
	}
	return rep, nil
}
