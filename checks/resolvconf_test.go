package checks

import (
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func readTestdata(t testing.TB, parts ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(append([]string{"testdata"}, parts...)...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseResolvConf(t *testing.T) {
	cases := []struct {
		file            string
		servers, search []string
	}{
		{"plain.conf", []string{"192.0.2.1:53", "[2001:db8::53]:53"}, []string{"home.gw.test"}},
		{"systemd-stub.conf", []string{"127.0.0.53:53"}, []string{"lan.gw.test"}},
		// resolved lists every upstream; the C libraries read three.
		{"systemd-upstream.conf", []string{"192.0.2.1:53", "198.51.100.53:53", "[2001:db8::1]:53"}, []string{"lan.gw.test"}},
		{"systemd-upstream-empty.conf", nil, []string{"."}},
		// A repeated nameserver still uses up one of the three slots; the
		// last of domain and search wins; comments end the search list.
		{"messy.conf", []string{"192.0.2.1:53", "[fe80::1%wlan0]:53"}, []string{"second.gw.test", "third.gw.test"}},
		{"docker.conf", []string{"127.0.0.11:53"}, nil},
		{"empty.conf", nil, nil},
	}
	for _, c := range cases {
		servers, search, err := ParseResolvConf(readTestdata(t, "resolv", c.file))
		if err != nil || !slices.Equal(servers, c.servers) || !slices.Equal(search, c.search) {
			t.Errorf("%s: got %q %q %v; want %q %q", c.file, servers, search, err, c.servers, c.search)
		}
	}
}

func TestParseResolvConfLongLine(t *testing.T) {
	data := "nameserver 192.0.2.1\nsearch " + strings.Repeat("a", 70<<10) + "\nnameserver 192.0.2.2\n"
	servers, _, err := ParseResolvConf([]byte(data))
	if err == nil || !slices.Equal(servers, []string{"192.0.2.1:53"}) {
		t.Errorf("got %q, %v", servers, err)
	}
}

func TestResolvConfServers(t *testing.T) {
	stub := readTestdata(t, "resolv", "systemd-stub.conf")
	upstream := readTestdata(t, "resolv", "systemd-upstream.conf")
	cases := []struct {
		name           string
		main, upstream []byte
		want           []string
	}{
		{"stub first, then every upstream", stub, upstream,
			[]string{"127.0.0.53:53", "192.0.2.1:53", "198.51.100.53:53", "[2001:db8::1]:53", "203.0.113.53:53"}},
		{"stub without resolved's file", stub, nil, []string{"127.0.0.53:53"}},
		{"stub, resolved knows no upstream", stub, readTestdata(t, "resolv", "systemd-upstream-empty.conf"), []string{"127.0.0.53:53"}},
		{"both stub listeners", []byte("nameserver 127.0.0.53\nnameserver 127.0.0.54\n"), []byte("nameserver 192.0.2.1\n"),
			[]string{"127.0.0.53:53", "127.0.0.54:53", "192.0.2.1:53"}},
		{"no stub: resolved's file is not read", readTestdata(t, "resolv", "plain.conf"), upstream, []string{"192.0.2.1:53", "[2001:db8::53]:53"}},
		{"stub beside a real server is not resolved alone", []byte("nameserver 127.0.0.53\nnameserver 192.0.2.9\n"), upstream,
			[]string{"127.0.0.53:53", "192.0.2.9:53"}},
		{"upstream repeating the stub", stub, []byte("nameserver 127.0.0.53\nnameserver 192.0.2.1\n"), []string{"127.0.0.53:53", "192.0.2.1:53"}},
	}
	for _, c := range cases {
		got, err := resolvConfServers(c.main, c.upstream)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("%s: got %q, %v; want %q", c.name, got, err, c.want)
		}
	}
	var many strings.Builder
	for i := range 40 {
		fmt.Fprintf(&many, "nameserver 203.0.113.%d\n", i+1)
	}
	got, err := resolvConfServers(stub, []byte(many.String()))
	if err != nil || len(got) != maxServers {
		t.Errorf("upstreams not capped: %d %v", len(got), err)
	}
}

func TestAdapterServers(t *testing.T) {
	var in []netip.Addr
	for _, s := range []string{"fec0:0:0:ffff::1", "fec0:0:0:ffff::2%3", "::", "0.0.0.0", "192.0.2.1", "192.0.2.1", "fe80::1%12", "2001:db8::53"} {
		in = append(in, netip.MustParseAddr(s))
	}
	in = append(in, netip.Addr{})
	want := []string{"192.0.2.1:53", "[fe80::1%12]:53", "[2001:db8::53]:53"}
	if got := adapterServers(in); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func FuzzParseResolvConf(f *testing.F) {
	for _, name := range []string{"plain.conf", "systemd-stub.conf", "systemd-upstream.conf", "messy.conf"} {
		f.Add(readTestdata(f, "resolv", name))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		servers, search, _ := ParseResolvConf(data)
		if len(servers) > resolvMaxNS || len(search) > maxSearch {
			t.Fatalf("%d servers, %d search domains", len(servers), len(search))
		}
		checkServerList(t, servers)
		both, _ := resolvConfServers(data, data)
		if len(both) > maxServers {
			t.Fatalf("%d servers from resolvConfServers", len(both))
		}
		checkServerList(t, both)
	})
}

// checkServerList: every entry is a usable "ip:port", listed once.
func checkServerList(t *testing.T, servers []string) {
	t.Helper()
	for i, s := range servers {
		ap, err := netip.ParseAddrPort(s)
		if err != nil || ap.Port() == 0 {
			t.Fatalf("%q is not ip:port: %v", s, err)
		}
		if back, err := parseServer(s); err != nil || back.String() != s {
			t.Fatalf("%q does not round-trip through parseServer: %v %v", s, back, err)
		}
		if slices.Contains(servers[:i], s) {
			t.Fatalf("%q listed twice in %q", s, servers)
		}
	}
}
