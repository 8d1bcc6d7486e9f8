package netwatch

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"unsafe"

	"golang.org/x/sys/unix"
)

// watchNetwork subscribes to rtnetlink's link, address and route groups and
// watches /etc for a new resolv.conf. Both are blocking reads: no timer
// runs while nothing changes.
func watchNetwork(ctx context.Context, changed func()) error {
	nl, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
	if err != nil {
		return fmt.Errorf("netlink socket: %w", err)
	}
	groups := uint32(unix.RTMGRP_LINK | unix.RTMGRP_IPV4_IFADDR | unix.RTMGRP_IPV6_IFADDR |
		unix.RTMGRP_IPV4_ROUTE | unix.RTMGRP_IPV6_ROUTE)
	if err := unix.Bind(nl, &unix.SockaddrNetlink{Family: unix.AF_NETLINK, Groups: groups}); err != nil {
		unix.Close(nl)
		return fmt.Errorf("netlink bind: %w", err)
	}
	in, err := unix.InotifyInit1(unix.IN_CLOEXEC)
	if err != nil {
		unix.Close(nl)
		return fmt.Errorf("inotify: %w", err)
	}
	// resolv.conf is usually replaced by rename, or is a symlink into
	// /run: watch the directories, filter by name.
	if err := watchResolvDirs(in, resolvDirs, logf); err != nil {
		unix.Close(nl)
		unix.Close(in)
		return err
	}
	// Non-blocking descriptors wrapped in os.File go through Go's poller,
	// so closing them ends the reads below: a plain blocking read(2) is
	// not interrupted by close(2) on Linux, and would keep the process
	// from exiting.
	nlf, err := pollable(nl, "netlink")
	if err != nil {
		unix.Close(nl)
		unix.Close(in)
		return err
	}
	inf, err := pollable(in, "inotify")
	if err != nil {
		nlf.Close()
		unix.Close(in)
		return err
	}
	done := make(chan struct{})
	go func() {
		<-ctx.Done()
		close(done)
		nlf.Close()
		inf.Close()
	}()
	errc := make(chan error, 2)
	go func() { errc <- readNetlink(nlf, done, changed) }()
	go func() { errc <- readInotify(inf, done, changed) }()
	err = <-errc
	<-done
	return err
}

// resolvDirs hold resolv.conf or what it links to: /etc always, the
// others only when systemd-resolved or NetworkManager manage it.
var resolvDirs = []string{"/etc", "/run/systemd/resolve", "/run/NetworkManager"}

// logf reports a directory that could not be watched (the log is the
// tray's and `gatewatch monitor`'s stderr).
var logf = log.Printf

// watchResolvDirs adds an inotify watch on each directory. The first one
// (/etc) is required: without it resolver changes go unseen, so its
// failure is returned. For the others, a missing directory means the
// service is not installed (nothing to watch); any other failure is
// logged, once, with the reason.
func watchResolvDirs(in int, dirs []string, logf func(string, ...any)) error {
	const mask = unix.IN_CLOSE_WRITE | unix.IN_MOVED_TO | unix.IN_CREATE | unix.IN_DELETE
	for i, dir := range dirs {
		_, err := unix.InotifyAddWatch(in, dir, mask)
		switch {
		case err == nil:
		case i == 0:
			return fmt.Errorf("watching %s for resolv.conf changes: %w", dir, err)
		case errors.Is(err, unix.ENOENT):
		default:
			logf("gatewatch: network watcher: resolver changes under %s go unseen: %v", dir, err)
		}
	}
	return nil
}

func pollable(fd int, name string) (*os.File, error) {
	if err := unix.SetNonblock(fd, true); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return os.NewFile(uintptr(fd), name), nil
}

// readEvents reads f until done is closed, handing each read to got.
// EINTR is retried; lost, when set, is called instead of failing on
// ENOBUFS (the kernel dropped events: look anyway).
func readEvents(f *os.File, done <-chan struct{}, size int, what string, lost func(), got func([]byte)) error {
	buf := make([]byte, size)
	for {
		n, err := f.Read(buf)
		select {
		case <-done:
			return nil
		default:
		}
		switch {
		case errors.Is(err, unix.EINTR):
		case lost != nil && errors.Is(err, unix.ENOBUFS):
			lost()
		case err != nil:
			return fmt.Errorf("%s read: %w", what, err)
		default:
			got(buf[:n])
		}
	}
}

func readNetlink(f *os.File, done <-chan struct{}, changed func()) error {
	// Any message is a reason to look; the snapshot tells a real change.
	// The buffer lives as long as the process: 8 KiB holds a notification
	// (an address or a route is a few hundred bytes, a link a few KiB),
	// and a longer one is only cut (MSG_TRUNC), still a reason to look.
	// 64 KiB is the size for dumps, which this socket never asks for.
	return readEvents(f, done, 8<<10, "netlink", changed, func(b []byte) {
		if len(b) > 0 {
			changed()
		}
	})
}

func readInotify(f *os.File, done <-chan struct{}, changed func()) error {
	return readEvents(f, done, 4096, "inotify", nil, func(buf []byte) {
		n := len(buf)
		for off := 0; off+unix.SizeofInotifyEvent <= n; {
			ev := (*unix.InotifyEvent)(unsafe.Pointer(&buf[off]))
			nameEnd := off + unix.SizeofInotifyEvent + int(ev.Len)
			if nameEnd > n {
				break
			}
			name := cString(buf[off+unix.SizeofInotifyEvent : nameEnd])
			if filepath.Base(name) == "resolv.conf" {
				changed()
			}
			off = nameEnd
		}
	})
}

func cString(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}
