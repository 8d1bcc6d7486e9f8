package checks

import (
	"slices"
	"testing"
)

func TestParseScutilDNS(t *testing.T) {
	cases := []struct {
		file string
		want []string
	}{
		// mDNS and reverse-zone resolvers have domains; the scoped copy
		// adds nothing new.
		{"home.txt", []string{"192.0.2.1:53", "[2001:db8::1]:53"}},
		// The VPN's resolver serves only corp.gw.test: not asked for
		// public names, not a system resolver for them.
		{"vpn-split.txt", []string{"198.51.100.1:53", "[fe80::1%en0]:53"}},
		// A local DNS proxy on its own port.
		{"local-port.txt", []string{"127.0.0.1:5300", "[::1]:5300"}},
		{"scoped-only.txt", []string{"192.0.2.1:53"}},
		{"none.txt", nil},
	}
	for _, c := range cases {
		if got := ParseScutilDNS(readTestdata(t, "scutil", c.file)); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.file, got, c.want)
		}
	}
}

func FuzzParseScutilDNS(f *testing.F) {
	for _, name := range []string{"home.txt", "vpn-split.txt", "local-port.txt", "scoped-only.txt"} {
		f.Add(readTestdata(f, "scutil", name))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got := ParseScutilDNS(data)
		if len(got) > maxServers {
			t.Fatalf("%d servers", len(got))
		}
		checkServerList(t, got)
	})
}
