//go:build unix

package control

import (
	"fmt"
	"io/fs"
	"net"
	"os"
	"syscall"
)

func checkOwner(fi fs.FileInfo) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	if int(st.Uid) != os.Getuid() {
		return fmt.Errorf("owned by uid %d, not by you (uid %d)", st.Uid, os.Getuid())
	}
	return nil
}

// checkPeer is defence in depth behind the owner-only directory: only our
// own user may command the resident.
func checkPeer(c net.Conn) error {
	uc, ok := c.(*net.UnixConn)
	if !ok {
		return nil
	}
	uid, err := peerUID(uc)
	if err != nil {
		return fmt.Errorf("peer credentials: %w", err)
	}
	if uid >= 0 && uid != os.Getuid() {
		return fmt.Errorf("uid %d may not control this gatewatch", uid)
	}
	return nil
}
