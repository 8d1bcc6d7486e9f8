//go:build linux

// Command tunhold creates a tun interface and holds it open without ever
// reading from it: the interface has carrier, like a VPN client's, but every
// packet routed into it is dropped. The lab's vpn-blackhole fault uses it.
//
//	tunhold -name gwvpn0 -pidfile run/client/tunhold.pid
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"unsafe"
)

// ifreq is struct ifreq as TUNSETIFF reads it: a name and the flags.
type ifreq struct {
	name  [syscall.IFNAMSIZ]byte
	flags uint16
	_     [22]byte
}

func main() {
	name := flag.String("name", "gwvpn0", "tun interface name")
	pidFile := flag.String("pidfile", "", "file to write the process ID into once the interface exists")
	flag.Parse()
	if err := run(*name, *pidFile); err != nil {
		fmt.Fprintf(os.Stderr, "tunhold: %v\n", err)
		os.Exit(1)
	}
}

func run(name, pidFile string) error {
	if len(name) >= syscall.IFNAMSIZ {
		return fmt.Errorf("interface name %q longer than %d bytes", name, syscall.IFNAMSIZ-1)
	}
	fd, err := syscall.Open("/dev/net/tun", syscall.O_RDWR|syscall.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("open /dev/net/tun: %w", err)
	}
	defer syscall.Close(fd)
	var req ifreq
	copy(req.name[:], name)
	req.flags = syscall.IFF_TUN | syscall.IFF_NO_PI
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), syscall.TUNSETIFF, uintptr(unsafe.Pointer(&req))); errno != 0 {
		return fmt.Errorf("TUNSETIFF %s: %w", name, errno)
	}
	if pidFile != "" {
		if err := os.WriteFile(pidFile, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
			return fmt.Errorf("write pid file: %w", err)
		}
	}
	// Closing the descriptor (on exit) deletes the interface and its routes.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, os.Interrupt)
	<-sig
	return nil
}
