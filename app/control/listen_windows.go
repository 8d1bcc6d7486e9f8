package control

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// SocketPath is, on Windows, the resident's named pipe: the native
// single-instance endpoint (Wine 8.0 has no AF_UNIX at all), named after
// the user's SID and open to that user only. XDG_RUNTIME_DIR means nothing
// here.
func SocketPath() string {
	sid, err := userSID()
	if err != nil {
		// listen refuses to create a pipe without the owner-only access
		// list; a caller then finds no resident.
		return pipeName("user-" + os.Getenv("USERNAME"))
	}
	return pipeName(sid)
}

func userSID() (string, error) {
	u, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		return "", fmt.Errorf("the user's SID: %w", err)
	}
	return u.User.Sid.String(), nil
}

// The pipe is used with plain blocking I/O, one goroutine per connection:
// the channel carries a handful of short exchanges, and overlapped pipes
// through an I/O completion port (what go-winio does) never completed an
// accept under Wine 8.0, where CI runs this.
const pipeBuffer = maxMessage

type pipeListener struct {
	path string
	sa   *windows.SecurityAttributes
	mu   sync.Mutex
	next windows.Handle // the instance the next Accept waits on
	done bool
}

func listen(path string) (net.Listener, error) {
	sid, err := userSID()
	if err != nil {
		return nil, fmt.Errorf("control pipe %s: %w", path, err)
	}
	if !validSID(sid) {
		return nil, fmt.Errorf("control pipe %s: unexpected SID %q", path, sid)
	}
	sd, err := windows.SecurityDescriptorFromString(pipeSDDL(sid))
	if err != nil {
		return nil, fmt.Errorf("control pipe %s: access list: %w", path, err)
	}
	l := &pipeListener{path: path, sa: &windows.SecurityAttributes{SecurityDescriptor: sd}}
	l.sa.Length = uint32(unsafe.Sizeof(*l.sa))
	// A resident that answers owns the name. Beyond that check, the first
	// instance is exclusive: while a resident holds the name, nobody (not
	// another user either) can create it, on Windows; Wine 8.0 ignores
	// FILE_FLAG_FIRST_PIPE_INSTANCE, so the ping is what holds there. A
	// crashed resident leaves nothing behind: the name goes with its last
	// handle.
	if _, perr := Call(path, Request{Cmd: CmdPing}); perr == nil {
		return nil, ErrRunning
	}
	h, err := l.create(true)
	if err != nil {
		if errors.Is(err, windows.ERROR_ACCESS_DENIED) || errors.Is(err, windows.ERROR_PIPE_BUSY) {
			return nil, fmt.Errorf("%w (the pipe %s is held by a process that does not answer)", ErrRunning, path)
		}
		return nil, fmt.Errorf("control pipe %s: %w", path, err)
	}
	l.next = h
	return l, nil
}

func (l *pipeListener) create(first bool) (windows.Handle, error) {
	name, err := windows.UTF16PtrFromString(l.path)
	if err != nil {
		return windows.InvalidHandle, err
	}
	mode := uint32(windows.PIPE_ACCESS_DUPLEX)
	if first {
		mode |= windows.FILE_FLAG_FIRST_PIPE_INSTANCE
	}
	return windows.CreateNamedPipe(name, mode,
		windows.PIPE_TYPE_BYTE|windows.PIPE_READMODE_BYTE|windows.PIPE_WAIT|windows.PIPE_REJECT_REMOTE_CLIENTS,
		windows.PIPE_UNLIMITED_INSTANCES, pipeBuffer, pipeBuffer, 0, l.sa)
}

func (l *pipeListener) Accept() (net.Conn, error) {
	l.mu.Lock()
	h, done := l.next, l.done
	l.mu.Unlock()
	if done {
		return nil, net.ErrClosed
	}
	err := windows.ConnectNamedPipe(h, nil)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.done {
		windows.CloseHandle(h)
		return nil, net.ErrClosed
	}
	if err != nil && !errors.Is(err, windows.ERROR_PIPE_CONNECTED) {
		windows.CloseHandle(h)
		l.next, err = l.create(false)
		if err != nil {
			l.done = true
			return nil, fmt.Errorf("control pipe %s: %w", l.path, err)
		}
		return nil, fmt.Errorf("control pipe %s: accepting: %w", l.path, err)
	}
	// The next instance before this one is handed out, so that a client
	// never finds the name missing.
	next, cerr := l.create(false)
	if cerr != nil {
		l.done = true
		return newPipeConn(h, true), nil
	}
	l.next = next
	return newPipeConn(h, true), nil
}

// Close wakes the Accept blocked in ConnectNamedPipe by connecting to the
// pipe itself (a blocking connect cannot be cancelled from another thread
// otherwise), which then sees done and returns.
func (l *pipeListener) Close() error {
	l.mu.Lock()
	if l.done {
		l.mu.Unlock()
		return nil
	}
	l.done = true
	l.mu.Unlock()
	if c, err := dial(l.path); err == nil {
		c.Close()
	}
	return nil
}

func (l *pipeListener) Addr() net.Addr { return pipeAddr(l.path) }

type pipeAddr string

func (a pipeAddr) Network() string { return "pipe" }
func (a pipeAddr) String() string  { return string(a) }

func dial(path string) (net.Conn, error) {
	name, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(callTimeout)
	for {
		h, err := windows.CreateFile(name, windows.GENERIC_READ|windows.GENERIC_WRITE, 0, nil, windows.OPEN_EXISTING, 0, 0)
		if err == nil {
			return newPipeConn(h, false), nil
		}
		// Every instance busy: the resident is between two accepts.
		if !errors.Is(err, windows.ERROR_PIPE_BUSY) || time.Now().After(deadline) {
			return nil, fmt.Errorf("control pipe %s: %w", path, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// pipeConn is one end of a connected pipe. Its deadline is a timer that
// breaks the connection (the resident's end disconnects the client, the
// caller's end cancels its pending I/O): blocking pipe I/O has no
// deadlines of its own, and a hung peer must not hang the other.
type pipeConn struct {
	h      windows.Handle
	server bool
	mu     sync.Mutex
	timer  *time.Timer
	closed bool
}

func newPipeConn(h windows.Handle, server bool) *pipeConn { return &pipeConn{h: h, server: server} }

func (c *pipeConn) Read(b []byte) (int, error) {
	var n uint32
	err := windows.ReadFile(c.h, b, &n, nil)
	if errors.Is(err, windows.ERROR_BROKEN_PIPE) || errors.Is(err, windows.ERROR_PIPE_NOT_CONNECTED) {
		return int(n), io.EOF
	}
	if err != nil {
		return int(n), fmt.Errorf("control pipe read: %w", err)
	}
	if n == 0 && len(b) > 0 {
		return 0, io.EOF
	}
	return int(n), nil
}

func (c *pipeConn) Write(b []byte) (int, error) {
	var n uint32
	if err := windows.WriteFile(c.h, b, &n, nil); err != nil {
		return int(n), fmt.Errorf("control pipe write: %w", err)
	}
	return int(n), nil
}

func (c *pipeConn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil
	}
	c.closed = true
	if c.timer != nil {
		c.timer.Stop()
	}
	if c.server {
		_ = windows.FlushFileBuffers(c.h) // the reply reaches the client first
		_ = windows.DisconnectNamedPipe(c.h)
	}
	return windows.CloseHandle(c.h)
}

func (c *pipeConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.timer != nil {
		c.timer.Stop()
	}
	if t.IsZero() || c.closed {
		return nil
	}
	c.timer = time.AfterFunc(time.Until(t), c.expire)
	return nil
}

func (c *pipeConn) expire() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	if c.server {
		_ = windows.DisconnectNamedPipe(c.h)
	}
	_ = windows.CancelIoEx(c.h, nil)
}

func (c *pipeConn) SetReadDeadline(t time.Time) error  { return c.SetDeadline(t) }
func (c *pipeConn) SetWriteDeadline(t time.Time) error { return c.SetDeadline(t) }
func (c *pipeConn) LocalAddr() net.Addr                { return pipeAddr("") }
func (c *pipeConn) RemoteAddr() net.Addr               { return pipeAddr("") }

// removeEndpoint: a pipe vanishes with its last handle.
func removeEndpoint(string) {}

// checkPeer: the pipe's access list admits only our user, and
// PIPE_REJECT_REMOTE_CLIENTS keeps other machines out.
func checkPeer(net.Conn) error { return nil }
