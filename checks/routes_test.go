package checks

import (
	"encoding/binary"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func sampleFile(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func routeOf(iface, gw, dst string, metric int) Route {
	r := Route{Interface: iface, Dst: netip.MustParsePrefix(dst), Metric: metric}
	if gw != "" {
		r.Gateway = netip.MustParseAddr(gw)
	}
	return r
}

func TestParseProcNetRoute(t *testing.T) {
	tests := []struct {
		file           string
		wantRoutes     int
		defaults, spl  []Route
		wantErrContain string
	}{
		{
			file:       "route/normal.txt",
			wantRoutes: 5,
			defaults:   []Route{routeOf("eth0", "198.51.100.1", "0.0.0.0/0", 100), routeOf("wlp2s0", "192.0.2.1", "0.0.0.0/0", 600)},
		},
		{file: "route/nodefault.txt", wantRoutes: 1},
		{
			file:       "route/split.txt",
			wantRoutes: 6,
			defaults:   []Route{routeOf("eth0", "192.0.2.1", "0.0.0.0/0", 100)},
			spl:        []Route{routeOf("tun0", "203.0.113.5", "0.0.0.0/1", 0), routeOf("tun0", "203.0.113.5", "128.0.0.0/1", 0)},
		},
		{
			file:       "route/onlink.txt",
			wantRoutes: 2,
			defaults:   []Route{routeOf("wg0", "", "0.0.0.0/0", 0)},
		},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			routes, err := parseProcNetRoute(strings.NewReader(sampleFile(t, tc.file)), binary.LittleEndian)
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if len(routes) != tc.wantRoutes {
				t.Errorf("got %d routes, want %d: %v", len(routes), tc.wantRoutes, routes)
			}
			d, s := defaultsOf(routes)
			if !reflect.DeepEqual(d, tc.defaults) {
				t.Errorf("defaults = %v, want %v", d, tc.defaults)
			}
			if !reflect.DeepEqual(s, tc.spl) {
				t.Errorf("split = %v, want %v", s, tc.spl)
			}
		})
	}
}

// The kernel prints host-order integers: a big-endian machine writes the
// same table with the bytes the other way round.
func TestParseProcNetRouteBigEndian(t *testing.T) {
	in := "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n" +
		"eth0\t00000000\tC0000201\t0003\t0\t0\t5\t00000000\t0\t0\t0\n" +
		"eth0\tC0000200\t00000000\t0001\t0\t0\t5\tFFFFFF00\t0\t0\t0\n"
	routes, err := parseProcNetRoute(strings.NewReader(in), binary.BigEndian)
	if err != nil {
		t.Fatal(err)
	}
	want := []Route{routeOf("eth0", "192.0.2.1", "0.0.0.0/0", 5), routeOf("eth0", "", "192.0.2.0/24", 5)}
	if !reflect.DeepEqual(routes, want) {
		t.Errorf("got %v, want %v", routes, want)
	}
}

func TestParseProcNetRouteErrors(t *testing.T) {
	header := "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
	good := "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
	tests := []struct {
		name, in   string
		wantRoutes int
		wantErr    string
	}{
		{"empty", "", 0, "empty"},
		{"bad header", "foo bar\n" + good, 0, "no Iface column"},
		{"short line kept others", header + "eth0\t00000000\n" + good, 1, "line 2: 2 fields"},
		{"bad hex", header + "eth0\tZZZZZZZZ\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n" + good, 1, "destination"},
		{"non-contiguous mask", header + "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FF00FF\t0\t0\t0\n", 0, "not contiguous"},
		{"bad metric", header + "eth0\t00000000\t010200C0\t0003\t0\t0\tx\t00000000\t0\t0\t0\n", 0, "metric"},
		{"many bad lines capped", header + strings.Repeat("x y\n", 10), 0, "and 7 more bad lines"},
		{"down route skipped", header + "eth0\t00000000\t010200C0\t0002\t0\t0\t0\t00000000\t0\t0\t0\n", 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			routes, err := parseProcNetRoute(strings.NewReader(tc.in), binary.LittleEndian)
			if len(routes) != tc.wantRoutes {
				t.Errorf("got %d routes, want %d", len(routes), tc.wantRoutes)
			}
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("err = %v, want it to contain %q", err, tc.wantErr)
			}
		})
	}
}

func TestParseProcIPv6Route(t *testing.T) {
	tests := []struct {
		file          string
		wantRoutes    int
		defaults, spl []Route
	}{
		{
			file:       "route/ipv6_normal.txt",
			wantRoutes: 6, // the reject default on lo is dropped
			defaults:   []Route{routeOf("wlp2s0", "fe80::1%wlp2s0", "::/0", 600)},
		},
		{
			file:       "route/ipv6_split.txt",
			wantRoutes: 4,
			defaults:   []Route{routeOf("eth0", "2001:db8:1::1", "::/0", 1024)},
			spl:        []Route{routeOf("tun0", "", "2000::/4", 1024), routeOf("tun0", "", "3000::/4", 1024)},
		},
		{file: "route/ipv6_nodefault.txt", wantRoutes: 2},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			routes, err := parseProcIPv6Route(strings.NewReader(sampleFile(t, tc.file)))
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if len(routes) != tc.wantRoutes {
				t.Errorf("got %d routes, want %d: %v", len(routes), tc.wantRoutes, routes)
			}
			d, s := defaultsOf(routes)
			if !reflect.DeepEqual(d, tc.defaults) {
				t.Errorf("defaults = %v, want %v", d, tc.defaults)
			}
			if !reflect.DeepEqual(s, tc.spl) {
				t.Errorf("split = %v, want %v", s, tc.spl)
			}
		})
	}
}

func TestParseProcIPv6RouteErrors(t *testing.T) {
	z := strings.Repeat("0", 32)
	tests := []struct {
		name, in string
		wantErr  string
	}{
		{"short", "abc def\n", "2 fields"},
		{"bad dst", "xyz 00 " + z + " 00 " + z + " 00000000 0 0 00000001 eth0\n", "destination"},
		{"bad plen", z + " 99 " + z + " 00 " + z + " 00000000 0 0 00000001 eth0\n", "prefix length"},
		{"bad hop", z + " 00 " + z + " 00 " + strings.Repeat("g", 32) + " 00000000 0 0 00000003 eth0\n", "next hop"},
		{"bad flags", z + " 00 " + z + " 00 " + z + " 00000000 0 0 zz eth0\n", "flags"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseProcIPv6Route(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("err = %v, want it to contain %q", err, tc.wantErr)
			}
		})
	}
}

func TestMaskBits(t *testing.T) {
	tests := []struct {
		mask [4]byte
		ones int
		ok   bool
	}{
		{[4]byte{0, 0, 0, 0}, 0, true},
		{[4]byte{128, 0, 0, 0}, 1, true},
		{[4]byte{255, 255, 255, 0}, 24, true},
		{[4]byte{255, 255, 255, 255}, 32, true},
		{[4]byte{255, 0, 255, 0}, 8, false},
		{[4]byte{0, 0, 0, 1}, 0, false},
	}
	for _, tc := range tests {
		ones, ok := maskBits(tc.mask)
		if ok != tc.ok || (ok && ones != tc.ones) {
			t.Errorf("maskBits(%v) = %d, %v; want %d, %v", tc.mask, ones, ok, tc.ones, tc.ok)
		}
	}
}

func TestDefaultsOf(t *testing.T) {
	routes := []Route{
		routeOf("eth0", "192.0.2.1", "0.0.0.0/0", 600),
		routeOf("wlan0", "198.51.100.1", "0.0.0.0/0", 100),
		routeOf("eth0", "", "192.0.2.0/24", 0),
		routeOf("tun0", "", "128.0.0.0/1", 0),
		routeOf("tun0", "", "0.0.0.0/2", 0), // not a split default
		routeOf("eth0", "fe80::1%eth0", "::/0", 1024),
	}
	d, s := defaultsOf(routes)
	wantD := []Route{routes[1], routes[0], routes[5]}
	if !reflect.DeepEqual(d, wantD) {
		t.Errorf("defaults = %v, want %v", d, wantD)
	}
	if want := []Route{routes[3]}; !reflect.DeepEqual(s, want) {
		t.Errorf("split = %v, want %v", s, want)
	}
}

func TestBSDDestination(t *testing.T) {
	tests := []struct {
		in      string
		host    bool
		v6      bool
		want    string
		wantErr bool
	}{
		{"default", false, false, "0.0.0.0/0", false},
		{"default", false, true, "::/0", false},
		{"0/1", false, false, "0.0.0.0/1", false},
		{"128.0/1", false, false, "128.0.0.0/1", false},
		{"127", false, false, "127.0.0.0/8", false},
		{"169.254", false, false, "169.254.0.0/16", false},
		{"192.0.2", false, false, "192.0.2.0/24", false},
		{"192.0.2.1", true, false, "192.0.2.1/32", false},
		{"192.0.2.10/32", false, false, "192.0.2.10/32", false},
		{"224.0.0/4", false, false, "224.0.0.0/4", false},
		{"fe80::%lo0/64", false, true, "fe80::/64", false},
		{"::1", true, true, "::1/128", false},
		{"1.2.3.4.5", false, false, "", true},
		{"300", false, false, "", true},
		{"10/33", false, false, "", true},
		{"fe80::/129", false, true, "", true},
	}
	for _, tc := range tests {
		got, err := bsdDestination(tc.in, tc.host, tc.v6)
		if (err != nil) != tc.wantErr {
			t.Errorf("bsdDestination(%q) err = %v", tc.in, err)
			continue
		}
		if err == nil && got.String() != tc.want {
			t.Errorf("bsdDestination(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// Fuzz targets: the parsers read text other programs wrote and must never
// panic, nor report a route without an interface or a valid destination.
func FuzzParseProcNetRoute(f *testing.F) {
	for _, s := range []string{"route/normal.txt", "route/split.txt", "route/nodefault.txt", "route/onlink.txt"} {
		f.Add(sampleFile(f, s))
	}
	f.Fuzz(func(t *testing.T, in string) {
		routes, _ := parseProcNetRoute(strings.NewReader(in), binary.LittleEndian)
		checkFuzzedRoutes(t, routes)
	})
}

func FuzzParseProcIPv6Route(f *testing.F) {
	for _, s := range []string{"route/ipv6_normal.txt", "route/ipv6_split.txt", "route/ipv6_nodefault.txt"} {
		f.Add(sampleFile(f, s))
	}
	f.Fuzz(func(t *testing.T, in string) {
		routes, _ := parseProcIPv6Route(strings.NewReader(in))
		checkFuzzedRoutes(t, routes)
	})
}

func checkFuzzedRoutes(t *testing.T, routes []Route) {
	t.Helper()
	for _, r := range routes {
		if !r.Dst.IsValid() || r.Dst != r.Dst.Masked() {
			t.Fatalf("route with bad destination: %+v", r)
		}
		if r.Metric < 0 {
			t.Fatalf("negative metric: %+v", r)
		}
	}
	defaultsOf(routes)
}
