package checks

import (
	"strings"
	"testing"
)

func TestValidateResolvConf(t *testing.T) {
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"ours", "# Written by gatewatch (fix switch-dns). Undo: gatewatch fix --undo switch-dns\nnameserver 203.0.113.53\nnameserver 2001:db8::53\nsearch lan home.example\noptions ndots:2 edns0 trust-ad\n", true},
		{"resolved stub", "# This is /run/systemd/resolve/stub-resolv.conf managed by man:systemd-resolved(8).\n#   Do not edit.\n\nnameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n", true},
		{"zone, domain, sortlist, CRLF, comments", "; old style\r\nnameserver fe80::1%eth0\r\ndomain example.com\nsortlist 130.155.160.0/255.255.240.0 130.155.0.0\nnameserver 192.0.2.1 # the router\n\t\n", true},
		{"empty", "", true},
		{"unknown keyword", "nameserver 192.0.2.1\nroot::0:0:root:/root:/bin/sh\n", false},
		{"shell", "nameserver 192.0.2.1\n/bin/sh -c 'id'\n", false},
		{"not an address", "nameserver evil.example\n", false},
		{"two addresses", "nameserver 192.0.2.1 192.0.2.2\n", false},
		{"bare nameserver", "nameserver\n", false},
		{"backquote option", "options `id`\n", false},
		{"option with path", "options ndots:../../x\n", false},
		{"search with slash", "search lan /etc/passwd\n", false},
		{"search with NUL", "search lan\x00evil\n", false},
		{"escape sequence", "# \x1b[2J\nnameserver 192.0.2.1\n", false},
		{"invalid UTF-8", "# \xff\xfe\n", false},
		{"bare search", "search\n", false},
		{"too long", "#" + strings.Repeat("x", 70<<10) + "\n", false},
	}
	for _, tt := range tests {
		err := ValidateResolvConf([]byte(tt.in))
		if (err == nil) != tt.ok {
			t.Errorf("%s: err %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}
