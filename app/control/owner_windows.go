package control

import (
	"io/fs"
	"net"
)

// On Windows the socket lives in the user's own temp directory, whose ACL
// already admits only that user.
func checkOwner(fs.FileInfo) error { return nil }

func checkPeer(net.Conn) error { return nil }
