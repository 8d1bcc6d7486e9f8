package history

import (
	"net/url"
	"runtime"
	"strings"
)

// fileDSN is the SQLite URI for the database file at path with the query
// q. url.URL{Scheme: "file", Path: path} is wrong for a Windows path: it
// keeps the backslashes and the drive letter becomes an authority
// ("file://C:%5C…", which SQLite rejects as "invalid uri authority"). SQLite's
// URI form is file: + the path with forward slashes; an absolute path gets
// an empty authority (file:///C:/… and, for \\server\share, file:////server/…,
// which SQLite's Windows VFS turns back into the native path); a relative one
// none at all (file:h.db). goos is a parameter so that Linux tests the
// Windows form.
func fileDSN(goos, path string, q url.Values) string {
	p := path
	abs := strings.HasPrefix(p, "/")
	if goos == "windows" {
		p = strings.ReplaceAll(p, `\`, "/")
		abs = strings.HasPrefix(p, "/") || hasDrive(p) && strings.HasPrefix(p[2:], "/")
		if hasDrive(p) {
			p = "/" + p
		}
	}
	var b strings.Builder
	b.WriteString("file:")
	if abs {
		b.WriteString("//")
	}
	b.WriteString(escapeURIPath(p))
	if len(q) > 0 {
		b.WriteString("?")
		b.WriteString(q.Encode())
	}
	return b.String()
}

// sqliteDSN is fileDSN for this system.
func sqliteDSN(path string, q url.Values) string { return fileDSN(runtime.GOOS, path, q) }

// hasDrive reports a leading drive letter: C: or c:.
func hasDrive(p string) bool {
	return len(p) >= 2 && p[1] == ':' && ('a' <= p[0]|0x20 && p[0]|0x20 <= 'z')
}

// escapeURIPath percent-encodes what would end or confuse the path part of
// a URI (the query and fragment marks, %, controls, spaces, backslashes and
// non-ASCII bytes); SQLite decodes every %XX. A drive's colon stays.
func escapeURIPath(p string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`%?#\"<>^{}|`+"`", c) >= 0 {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
