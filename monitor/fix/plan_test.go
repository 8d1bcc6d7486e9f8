package fix

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gatewatch/gatewatch/monitor/verdict"
)

const (
	uuidWifi = "0b7d3e2a-1111-4c4c-9d9d-123456789abc"
	uuidVPN  = "5f1c9e00-2222-4a4a-8b8b-abcdefabcdef"
	uuidWG   = "77aa88bb-3333-4b4b-9c9c-0123456789ab"
)

// fakeEnv is a machine with the given tools, answering queries from a
// table (argv joined by spaces); an unknown query fails.
func fakeEnv(goos string, tools []string, answers map[string]string, files map[string]string) Env {
	return Env{
		GOOS:      goos,
		Resolvers: []netip.Addr{netip.MustParseAddr("203.0.113.53"), netip.MustParseAddr("2001:db8::53")},
		Have:      func(t string) bool { return slices.Contains(tools, t) },
		Query: func(_ context.Context, argv ...string) (string, error) {
			if out, ok := answers[strings.Join(argv, " ")]; ok {
				return out, nil
			}
			return "", fmt.Errorf("%s: not found", argv[0])
		},
		ReadFile: func(p string) ([]byte, error) {
			if c, ok := files[p]; ok {
				return []byte(c), nil
			}
			return nil, os.ErrNotExist
		},
		Ifaces:       []string{"lo", "eth0", "wlan0", "wg0", "tun0", "en0", "Wi-Fi"},
		DefaultIface: "wlan0",
	}
}

var nmAnswers = map[string]string{
	"nmcli -t -f RUNNING general":                                                                      "running\n",
	"nmcli -t -f UUID,TYPE,DEVICE connection show --active":                                            uuidWifi + ":802-11-wireless:wlan0\n" + uuidVPN + ":vpn:wlan0\n" + uuidWG + ":wireguard:wg0\nlo-uuid:loopback:lo\n",
	"nmcli -g ipv4.dns,ipv4.ignore-auto-dns,ipv6.dns,ipv6.ignore-auto-dns connection show " + uuidWifi: "192.0.2.1,192.0.2.2\nno\n\nno\n",
}

type planCase struct {
	name  string
	goos  string
	id    string
	env   func(Env) Env
	tools []string
	ans   map[string]string
	files map[string]string
	want  [][]string // argv of each command step, in order
	priv  []bool     // Privileged of each command step
	undo  *UndoRecord
}

func TestPlans(t *testing.T) {
	root := func(e Env) Env { e.Root = true; return e }
	vpnTun := func(e Env) Env { e.VPNIface = "tun0"; e.Root = true; return e }
	vpnWG := func(e Env) Env { e.VPNIface = "wg0"; return e }
	cases := []planCase{
		{name: "linux flush resolved+nscd", goos: "linux", id: verdict.FixFlushDNS, tools: []string{"resolvectl", "nscd"},
			want: [][]string{{"resolvectl", "flush-caches"}, {"nscd", "-i", "hosts"}}, priv: []bool{true, true}},
		{name: "linux flush dnsmasq", goos: "linux", id: verdict.FixFlushDNS, env: func(e Env) Env { e.DnsmasqPIDs = []int{1234}; return root(e) },
			want: [][]string{{"kill", "-HUP", "1234"}}, priv: []bool{false}},
		{name: "linux flush nothing", goos: "linux", id: verdict.FixFlushDNS},
		{name: "linux restart resolved", goos: "linux", id: verdict.FixRestartDNSService, tools: []string{"systemctl", "resolvectl"},
			want: [][]string{{"systemctl", "restart", "systemd-resolved"}, {"resolvectl", "flush-caches"}}, priv: []bool{true, true}},
		{name: "linux restart resolved as root", goos: "linux", id: verdict.FixRestartDNSService, tools: []string{"systemctl", "resolvectl"}, env: root,
			want: [][]string{{"systemctl", "restart", "systemd-resolved"}, {"resolvectl", "flush-caches"}}, priv: []bool{false, false}},
		{name: "linux restart NetworkManager's dnsmasq", goos: "linux", id: verdict.FixRestartDNSService, tools: []string{"nmcli"}, ans: nmAnswers,
			want: [][]string{{"nmcli", "general", "reload", "dns-full"}}, priv: []bool{false}},
		{name: "linux restart nothing known", goos: "linux", id: verdict.FixRestartDNSService},
		{name: "linux switch NetworkManager", goos: "linux", id: verdict.FixSwitchDNS, tools: []string{"nmcli"}, ans: nmAnswers,
			want: [][]string{
				{"nmcli", "connection", "modify", uuidWifi, "ipv4.dns", "203.0.113.53", "ipv4.ignore-auto-dns", "yes", "ipv6.dns", "2001:db8::53", "ipv6.ignore-auto-dns", "yes"},
				{"nmcli", "connection", "up", uuidWifi},
			}, priv: []bool{false, false},
			undo: &UndoRecord{Backend: BackendNetworkManager, UUID: uuidWifi, DNS4: []string{"192.0.2.1", "192.0.2.2"}, IgnoreAuto4: "no", IgnoreAuto6: "no"}},
		{name: "linux switch resolved", goos: "linux", id: verdict.FixSwitchDNS, tools: []string{"resolvectl"},
			files: map[string]string{"/etc/resolv.conf": "nameserver 127.0.0.53\noptions edns0\n"},
			want: [][]string{
				{"resolvectl", "dns", "wlan0", "203.0.113.53", "2001:db8::53"},
				{"resolvectl", "domain", "wlan0", "~."},
				{"resolvectl", "flush-caches"},
			}, priv: []bool{true, true, true},
			undo: &UndoRecord{Backend: BackendResolved, Iface: "wlan0"}},
		{name: "linux switch resolv.conf", goos: "linux", id: verdict.FixSwitchDNS,
			files: map[string]string{"/etc/resolv.conf": "nameserver 192.0.2.1\nsearch home.example\n"},
			undo:  &UndoRecord{Backend: BackendResolvConf, Path: "/etc/resolv.conf", Content: "nameserver 192.0.2.1\nsearch home.example\n"}},
		{name: "linux renew NetworkManager", goos: "linux", id: verdict.FixRenewDHCP, tools: []string{"nmcli"}, ans: nmAnswers,
			want: [][]string{{"nmcli", "connection", "up", uuidWifi}}, priv: []bool{false}},
		{name: "linux renew dhclient", goos: "linux", id: verdict.FixRenewDHCP, tools: []string{"dhclient"},
			want: [][]string{{"dhclient", "-r", "wlan0"}, {"dhclient", "wlan0"}}, priv: []bool{true, true}},
		{name: "linux vpn NetworkManager", goos: "linux", id: verdict.FixDisconnectVPN, tools: []string{"nmcli"}, ans: nmAnswers,
			want: [][]string{{"nmcli", "connection", "down", uuidVPN}, {"nmcli", "connection", "down", uuidWG}}, priv: []bool{false, false}},
		{name: "linux vpn wg-quick", goos: "linux", id: verdict.FixDisconnectVPN, tools: []string{"wg-quick"}, env: vpnWG,
			files: map[string]string{"/etc/wireguard/wg0.conf": "[Interface]\n"},
			want:  [][]string{{"wg-quick", "down", "wg0"}}, priv: []bool{true}},
		{name: "linux vpn interface", goos: "linux", id: verdict.FixDisconnectVPN, env: vpnTun,
			want: [][]string{{"ip", "link", "set", "dev", "tun0", "down"}}, priv: []bool{false}},
		{name: "linux vpn manual", goos: "linux", id: verdict.FixDisconnectVPN},
		{name: "linux proxy", goos: "linux", id: verdict.FixBypassProxy, tools: []string{"gnome-control-center"},
			want: [][]string{{"gnome-control-center", "network"}}, priv: []bool{false}},
		{name: "linux clock", goos: "linux", id: verdict.FixSyncClock, tools: []string{"timedatectl"},
			want: [][]string{{"timedatectl", "set-ntp", "true"}}, priv: []bool{true}},

		{name: "darwin restart mDNSResponder", goos: "darwin", id: verdict.FixRestartDNSService,
			want: [][]string{{"killall", "-HUP", "mDNSResponder"}, {"dscacheutil", "-flushcache"}}, priv: []bool{true, false}},
		{name: "darwin flush", goos: "darwin", id: verdict.FixFlushDNS,
			want: [][]string{{"dscacheutil", "-flushcache"}, {"killall", "-HUP", "mDNSResponder"}}, priv: []bool{false, true}},
		{name: "darwin switch", goos: "darwin", id: verdict.FixSwitchDNS, env: func(e Env) Env { e.DefaultIface = "en0"; return e },
			ans: map[string]string{
				"networksetup -listnetworkserviceorder": "An asterisk (*) denotes that a network service is disabled.\n(1) Wi-Fi\n(Hardware Port: Wi-Fi, Device: en0)\n\n(2) Thunderbolt Bridge\n(Hardware Port: Thunderbolt Bridge, Device: bridge0)\n",
				"networksetup -getdnsservers Wi-Fi":     "There aren't any DNS Servers set on Wi-Fi.\n",
			},
			want: [][]string{{"networksetup", "-setdnsservers", "Wi-Fi", "203.0.113.53", "2001:db8::53"}, {"dscacheutil", "-flushcache"}},
			priv: []bool{true, false},
			undo: &UndoRecord{Backend: "networksetup", Service: "Wi-Fi"}},
		{name: "darwin renew", goos: "darwin", id: verdict.FixRenewDHCP, env: func(e Env) Env { e.DefaultIface = "en0"; return e },
			want: [][]string{{"ipconfig", "set", "en0", "DHCP"}}, priv: []bool{true}},
		{name: "darwin proxy", goos: "darwin", id: verdict.FixBypassProxy,
			want: [][]string{{"open", macNetworkSettings}}, priv: []bool{false}},

		{name: "windows restart DNS Client", goos: "windows", id: verdict.FixRestartDNSService, want: [][]string{{"ipconfig", "/flushdns"}}, priv: []bool{false}},
		{name: "windows flush", goos: "windows", id: verdict.FixFlushDNS, want: [][]string{{"ipconfig", "/flushdns"}}, priv: []bool{false}},
		{name: "windows switch", goos: "windows", id: verdict.FixSwitchDNS, env: func(e Env) Env { e.DefaultIface = "Wi-Fi"; return e },
			ans: map[string]string{"netsh interface ipv4 show dnsservers name=Wi-Fi": "\nConfiguration for interface \"Wi-Fi\"\n    DNS servers configured through DHCP:  192.0.2.1\n    Register with which suffix:           Primary only\n"},
			want: [][]string{
				{"netsh", "interface", "ipv4", "set", "dnsservers", "name=Wi-Fi", "source=static", "address=203.0.113.53", "register=primary", "validate=no"},
				{"ipconfig", "/flushdns"},
			}, priv: []bool{true, false},
			undo: &UndoRecord{Backend: "netsh", Iface: "Wi-Fi", DHCP: true}},
		{name: "windows renew", goos: "windows", id: verdict.FixRenewDHCP, want: [][]string{{"ipconfig", "/renew"}}, priv: []bool{true}},
		{name: "windows vpn", goos: "windows", id: verdict.FixDisconnectVPN, want: [][]string{{"rasdial", "/disconnect"}}, priv: []bool{false}},
		{name: "windows clock", goos: "windows", id: verdict.FixSyncClock, want: [][]string{{"w32tm", "/resync"}}, priv: []bool{true}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := fakeEnv(tc.goos, tc.tools, tc.ans, tc.files)
			if tc.env != nil {
				env = tc.env(env)
			}
			p, err := Make(context.Background(), tc.id, env)
			if err != nil {
				t.Fatal(err)
			}
			var got [][]string
			var priv []bool
			for _, s := range p.Steps {
				if s.Argv != nil {
					got = append(got, s.Argv)
					priv = append(priv, s.Privileged)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("commands:\n got %q\nwant %q", got, tc.want)
			}
			if fmt.Sprint(priv) != fmt.Sprint(tc.priv) && len(tc.want) > 0 {
				t.Errorf("privileged %v, want %v", priv, tc.priv)
			}
			if len(p.Steps) == 0 && p.Manual == "" {
				t.Errorf("a plan with no step must say what to do by hand")
			}
			if tc.undo != nil {
				if p.SaveUndo == nil {
					t.Fatal("no undo record")
				}
				if fmt.Sprint(*p.SaveUndo) != fmt.Sprint(*tc.undo) {
					t.Errorf("undo record\n got %+v\nwant %+v", *p.SaveUndo, *tc.undo)
				}
				if !p.NeedsConfirm || !p.Undoable {
					t.Error("switch-dns must ask first and be undoable")
				}
			}
			t.Logf("dry run:\n%s", p.Describe(tc.goos))
		})
	}
}

func TestResolvConfBackend(t *testing.T) {
	env := fakeEnv("linux", nil, nil, map[string]string{"/etc/netns/x/resolv.conf": "# router\nnameserver 192.0.2.1\nsearch lan\noptions ndots:2\n"})
	env.ResolvConf = "/etc/netns/x/resolv.conf"
	env.Root = true
	p, err := Make(context.Background(), verdict.FixSwitchDNS, env)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Steps) != 1 || p.Steps[0].File == nil {
		t.Fatalf("want one file change, got %+v", p.Steps)
	}
	fc := p.Steps[0].File
	want := "# Written by gatewatch (fix switch-dns). Undo: gatewatch fix --undo switch-dns\nnameserver 203.0.113.53\nnameserver 2001:db8::53\nsearch lan\noptions ndots:2\n"
	if fc.Path != env.ResolvConf || string(fc.Content) != want {
		t.Errorf("file change %s:\n%s\nwant:\n%s", fc.Path, fc.Content, want)
	}
	if p.Steps[0].Privileged {
		t.Error("root needs no elevation")
	}
	// Undo puts the old file back.
	env.Undo = p.SaveUndo
	u, err := MakeUndo(context.Background(), verdict.FixSwitchDNS, env)
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Steps) != 1 || u.Steps[0].File == nil || string(u.Steps[0].File.Content) != "# router\nnameserver 192.0.2.1\nsearch lan\noptions ndots:2\n" {
		t.Errorf("undo: %+v", u.Steps)
	}
}

func TestUndoPlans(t *testing.T) {
	cases := []struct {
		goos string
		rec  UndoRecord
		want [][]string
	}{
		{"linux", UndoRecord{Backend: BackendNetworkManager, UUID: uuidWifi, DNS4: []string{"192.0.2.1"}, IgnoreAuto4: "no", IgnoreAuto6: "no"},
			[][]string{{"nmcli", "connection", "modify", uuidWifi, "ipv4.dns", "192.0.2.1", "ipv4.ignore-auto-dns", "no", "ipv6.dns", "", "ipv6.ignore-auto-dns", "no"}, {"nmcli", "connection", "up", uuidWifi}}},
		{"linux", UndoRecord{Backend: BackendResolved, Iface: "wlan0"},
			[][]string{{"resolvectl", "revert", "wlan0"}, {"resolvectl", "flush-caches"}}},
		{"darwin", UndoRecord{Backend: "networksetup", Service: "Wi-Fi", Servers: []string{"192.0.2.1"}},
			[][]string{{"networksetup", "-setdnsservers", "Wi-Fi", "192.0.2.1"}, {"dscacheutil", "-flushcache"}}},
		{"darwin", UndoRecord{Backend: "networksetup", Service: "Wi-Fi"},
			[][]string{{"networksetup", "-setdnsservers", "Wi-Fi", "Empty"}, {"dscacheutil", "-flushcache"}}},
		{"windows", UndoRecord{Backend: "netsh", Iface: "Wi-Fi", DHCP: true},
			[][]string{{"netsh", "interface", "ipv4", "set", "dnsservers", "name=Wi-Fi", "source=dhcp"}, {"ipconfig", "/flushdns"}}},
		{"windows", UndoRecord{Backend: "netsh", Iface: "Wi-Fi", Servers: []string{"192.0.2.1", "192.0.2.2"}},
			[][]string{
				{"netsh", "interface", "ipv4", "set", "dnsservers", "name=Wi-Fi", "source=static", "address=192.0.2.1", "register=primary", "validate=no"},
				{"netsh", "interface", "ipv4", "add", "dnsservers", "name=Wi-Fi", "address=192.0.2.2", "index=2", "validate=no"},
				{"ipconfig", "/flushdns"},
			}},
	}
	for _, tc := range cases {
		t.Run(tc.goos+"/"+tc.rec.Backend, func(t *testing.T) {
			env := fakeEnv(tc.goos, nil, nil, nil)
			env.Undo = &tc.rec
			p, err := MakeUndo(context.Background(), verdict.FixSwitchDNS, env)
			if err != nil {
				t.Fatal(err)
			}
			var got [][]string
			for _, s := range p.Steps {
				got = append(got, s.Argv)
			}
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
	if _, err := MakeUndo(context.Background(), verdict.FixSwitchDNS, fakeEnv("linux", nil, nil, nil)); err == nil {
		t.Error("undo without a record must fail")
	}
	if _, err := MakeUndo(context.Background(), verdict.FixFlushDNS, fakeEnv("linux", nil, nil, nil)); err == nil {
		t.Error("flush-dns cannot be undone")
	}
}

// hostile are strings an attacker controls: a captive portal's redirect,
// a response body or header quoted in a summary, a config value.
var hostile = []string{"; rm -rf ~", "$(reboot)", "`id`", "| nc evil 1", "&& calc.exe", "--upload-file=/etc/shadow", "-oProxyCommand=x", "\nreboot", "evil.example"}

func TestHostileInputNeverReachesArgv(t *testing.T) {
	v := verdict.Verdict{
		URL:         "https://shop.gw.test/?q=$(reboot)",
		Side:        verdict.SideUser,
		Summary:     "x; rm -rf ~ $(reboot) `id`",
		ErrorPageBy: "| nc evil 1",
		Error:       "&& calc.exe",
		PortalURL:   "http://-oProxyCommand=x/",
		Evidence:    []verdict.Step{{Check: "http", Detail: "--upload-file=/etc/shadow \nreboot evil.example"}},
	}
	// System answers with hostile text where names and addresses belong.
	answers := map[string]string{
		"nmcli -t -f RUNNING general":                                                                      "running",
		"nmcli -t -f UUID,TYPE,DEVICE connection show --active":                                            "$(reboot):vpn:wlan0\n" + uuidWifi + ":802-11-wireless:wlan0\n;rm -rf ~:wireguard:wg0\n",
		"nmcli -g ipv4.dns,ipv4.ignore-auto-dns,ipv6.dns,ipv6.ignore-auto-dns connection show " + uuidWifi: "1.1.1.1;reboot,$(id)\nyes; reboot\n\nno\n",
		"networksetup -listnetworkserviceorder":                                                            "(1) Wi-Fi\n(Hardware Port: Wi-Fi, Device: en0)\n\n(2) $(reboot)\n(Hardware Port: x, Device: en1)\n",
		"networksetup -getdnsservers Wi-Fi":                                                                "`id` evil.example\n",
		"netsh interface ipv4 show dnsservers name=Wi-Fi":                                                  "Statically Configured DNS Servers: $(reboot) evil.example\n",
	}
	// Refusing everything would pass the checks below vacuously: these
	// plans must still be made, and run commands, despite the hostile input
	// around them (it is dropped, never quoted).
	mustPlan := map[string][]string{
		"linux":   {verdict.FixFlushDNS, verdict.FixSwitchDNS, verdict.FixRenewDHCP, verdict.FixSyncClock},
		"darwin":  {verdict.FixFlushDNS, verdict.FixSwitchDNS},
		"windows": {verdict.FixFlushDNS, verdict.FixSwitchDNS, verdict.FixRenewDHCP},
	}
	for _, goos := range []string{"linux", "darwin", "windows"} {
		made := map[string]int{} // id -> command steps run
		for _, id := range IDs() {
			env := fakeEnv(goos, []string{"nmcli", "resolvectl", "nscd", "wg-quick", "dhclient", "timedatectl", "gnome-control-center"}, answers, nil)
			env.Verdict = v
			env.StatusPage = "javascript:alert(1)"
			env.Resolvers = append(env.Resolvers, ParseResolvers(hostile)...)
			env.VPNIface = "$(reboot)"
			env.DefaultIface = map[string]string{"linux": "wlan0", "darwin": "en0", "windows": "Wi-Fi"}[goos]
			p, err := Make(context.Background(), id, env)
			if err != nil {
				t.Logf("%s/%s refused: %v", goos, id, err)
				continue
			}
			var rec Recorder
			r := Runner{GOOS: goos, Exec: &rec}
			r.Run(context.Background(), p)
			made[id] += 0
			for _, s := range rec.Steps {
				checkStep(t, goos, id, s)
				if s.Argv != nil {
					made[id]++
				}
			}
		}
		for _, id := range mustPlan[goos] {
			switch n, ok := made[id]; {
			case !ok:
				t.Errorf("%s/%s: no plan made for the hostile verdict", goos, id)
			case n == 0:
				t.Errorf("%s/%s: planned, but ran no command", goos, id)
			}
		}
	}
}

func checkStep(t *testing.T, goos, id string, s Step) {
	t.Helper()
	if s.Argv != nil {
		if slices.Contains([]string{"sh", "bash", "zsh", "cmd", "cmd.exe", "powershell", "powershell.exe", "pwsh"}, s.Argv[0]) {
			t.Errorf("%s/%s: runs a shell: %q", goos, id, s.Argv)
		}
		for _, a := range s.Argv {
			for _, h := range hostile {
				if strings.Contains(a, strings.TrimSpace(h)) {
					t.Errorf("%s/%s: hostile %q reached argv %q", goos, id, h, s.Argv)
				}
			}
			if strings.ContainsAny(a, "$`;|&\n") {
				t.Errorf("%s/%s: shell metacharacter in argv %q", goos, id, s.Argv)
			}
		}
	}
	if s.OpenURL != "" {
		if _, err := SafeURL(s.OpenURL); err != nil || strings.Contains(s.OpenURL, "-oProxyCommand") || strings.HasPrefix(s.OpenURL, "javascript") {
			t.Errorf("%s/%s: opens unsafe URL %q", goos, id, s.OpenURL)
		}
	}
	if s.Copy != "" && strings.Contains(s.Copy, "$(reboot)") && strings.Contains(s.Copy, "?q=") {
		t.Errorf("%s/%s: report keeps the query string", goos, id)
	}
}

func TestSafeURL(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"http://192.0.2.1/login", "http://192.0.2.1/login", true},
		{"https://status.example.com/a b", "https://status.example.com/a%20b", true},
		{"javascript:alert(1)", "", false},
		{"file:///etc/passwd", "", false},
		{"http://user:pw@host/", "", false},
		{"http:///nohost", "", false},
		{"http://-oProxyCommand=x/", "", false},
		{"http://a/\nb", "", false},
		{"ms-settings:network-proxy", "", false},
	} {
		got, err := SafeURL(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("SafeURL(%q) = %q, %v; want %q ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestElevate(t *testing.T) {
	argv := []string{"resolvectl", "flush-caches"}
	if got := Elevate("linux", argv); fmt.Sprint(got) != "[pkexec resolvectl flush-caches]" {
		t.Errorf("linux: %q", got)
	}
	got := Elevate("darwin", argv)
	if got[0] != "osascript" || got[1] != "-e" || got[2] != macAdminScript || !slices.Equal(got[3:], argv) {
		t.Errorf("darwin: %q", got)
	}
	if got := Elevate("windows", argv); !slices.Equal(got, argv) {
		t.Errorf("windows elevates in the executor: %q", got)
	}
	// The arguments are never part of the AppleScript text.
	if strings.Contains(macAdminScript, "resolvectl") {
		t.Error("script text depends on argv")
	}
}

func TestCommonPlans(t *testing.T) {
	v := verdict.Verdict{URL: "https://shop.gw.test/cart?token=secret", Side: verdict.SideUser, Hop: verdict.HopCaptive,
		PortalURL: "http://192.0.2.1/login", ErrorPageBy: "Cloudflare", Summary: "s"}
	env := fakeEnv("linux", nil, nil, nil)
	env.Verdict = v
	env.StatusPage = "https://status.gw.test/"
	for _, tc := range []struct {
		id, open string
		copy     bool
		link     string
	}{
		{id: verdict.FixOpenPortal, open: "http://192.0.2.1/login"},
		{id: verdict.FixStatusPage, open: "https://status.gw.test/"},
		{id: OpenSite, open: "https://shop.gw.test/cart?token=secret"},
		{id: BrowserHelp, open: "https://shop.gw.test/cart?token=secret"},
		{id: verdict.FixContactSite, copy: true, link: "https://www.cloudflarestatus.com/"},
		{id: verdict.FixContactISP, copy: true},
		{id: verdict.FixCopyReport, copy: true},
		{id: verdict.FixAskNetworkAdmin, copy: true},
	} {
		p, err := Make(context.Background(), tc.id, env)
		if err != nil {
			t.Fatalf("%s: %v", tc.id, err)
		}
		if p.NeedsConfirm {
			t.Errorf("%s: opening or copying needs no confirmation", tc.id)
		}
		if tc.open != "" && (len(p.Steps) != 1 || p.Steps[0].OpenURL != tc.open) {
			t.Errorf("%s: steps %+v, want open %s", tc.id, p.Steps, tc.open)
		}
		if tc.copy {
			if len(p.Steps) != 1 || !strings.Contains(p.Steps[0].Copy, "gatewatch diagnostic report") || strings.Contains(p.Steps[0].Copy, "secret") {
				t.Errorf("%s: want the redacted report, got %+v", tc.id, p.Steps)
			}
		}
		if p.Link != tc.link {
			t.Errorf("%s: link %q, want %q", tc.id, p.Link, tc.link)
		}
	}
	if _, err := Make(context.Background(), "format-disk", env); err == nil {
		t.Error("unknown id accepted")
	}
}

func TestParseResolvers(t *testing.T) {
	got := ParseResolvers([]string{"203.0.113.53:53", "198.51.100.1", "[2001:db8::1]:53", "192.0.2.9:5353", "1.1.1.1;reboot", "$(id)"})
	if fmt.Sprint(got) != "[203.0.113.53 198.51.100.1 2001:db8::1]" {
		t.Errorf("got %v", got)
	}
}

func TestMacServices(t *testing.T) {
	out := "An asterisk (*) denotes that a network service is disabled.\n(1) USB 10/100 LAN\n(Hardware Port: USB 10/100 LAN, Device: en7)\n\n(*) Old VPN\n(Hardware Port: L2TP, Device: )\n\n(2) Wi-Fi\n(Hardware Port: Wi-Fi, Device: en0)\n"
	got := macServices(out)
	want := []macService{{"USB 10/100 LAN", "en7"}, {"Wi-Fi", "en0"}}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v", got)
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "resolv.conf")
	if err := os.WriteFile(p, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(p, []byte("new\n")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "new\n" {
		t.Errorf("content %q", b)
	}
}

// Every id a verdict offers (read from the rule table) keeps its entry,
// offered for a hop; the catalog's other ids are the window's own; and
// every id plans on every OS (a plan, or a refusal with a reason) without
// a machine behind it.
func TestCatalogCoversRuleIDs(t *testing.T) {
	offered := map[string]bool{}
	for _, id := range verdict.FixIDsOffered() {
		offered[id] = true
		e, ok := Lookup(id)
		if !ok || e.Title == "" || len(e.Hops()) == 0 {
			t.Errorf("%s: entry %+v, hops %v", id, e, e.Hops())
		}
	}
	for _, e := range Catalog {
		if !offered[e.ID] && e.ID != OpenSite && e.ID != BrowserHelp {
			t.Errorf("%s: in the catalog, but no verdict offers it", e.ID)
		}
	}
	if h := verdict.HopsOffering(verdict.FixNotifyBack); !slices.Contains(h, verdict.HopSiteDNS) {
		t.Errorf("notify-when-back is offered by site-dns-broken, hops %v", h)
	}
	for _, goos := range []string{"linux", "darwin", "windows", "freebsd"} {
		for _, id := range IDs() {
			env := Env{GOOS: goos, Verdict: verdict.Verdict{URL: "https://shop.gw.test/"}}
			p, err := Make(context.Background(), id, env)
			if err == nil && len(p.Steps) == 0 && p.Manual == "" && p.Explain == "" {
				t.Errorf("%s/%s: empty plan", goos, id)
			}
		}
	}
}
