package control

import (
	"regexp"
	"strings"
	"sync"
)

// The Windows endpoint's name and access list, here rather than in
// listen_windows.go so that Linux tests them.

// pipeName is the resident's named pipe for the user with SID sid: one per
// user (a second user's resident on the same machine has its own), in the
// machine-wide pipe namespace.
func pipeName(sid string) string {
	return `\\.\pipe\gatewatch-` + strings.ToLower(sid) + `-control`
}

// pipeSDDL admits only the user sid (and nobody else: no Everyone, no
// Administrators, no network logon): P protects the DACL from inherited
// entries, GA is full access for that one SID.
func pipeSDDL(sid string) string {
	return "D:P(A;;GA;;;" + sid + ")"
}

// Compiled on first use, not at package init: init runs at every
// process start, `gatewatch check` and `version` included.
var sidPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^S-1-[0-9]+(-[0-9]+)+$`) })

// validSID keeps a malformed SID string out of the access list, where it
// could add entries of its own.
func validSID(sid string) bool { return sidPattern().MatchString(sid) }
