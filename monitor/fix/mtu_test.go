package fix

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/gatewatch/gatewatch/monitor/verdict"
)

func TestLowerMTU(t *testing.T) {
	linuxLink := map[string]string{"ip -o link show dev tun0": "7: tun0: <POINTOPOINT,UP> mtu 1500 qdisc fq_codel state UNKNOWN mode DEFAULT"}
	macLink := map[string]string{"ifconfig utun3": "utun3: flags=8051<UP,POINTOPOINT,RUNNING,MULTICAST> mtu 1400\n\tinet 10.8.0.2"}
	tests := []struct {
		name   string
		goos   string
		ans    map[string]string
		vpn    string
		mss    int
		argv   []string // the one step; nil: a manual plan
		oldMTU int      // recorded for the undo
		manual string
	}{
		{"linux 1200", "linux", linuxLink, "tun0", 1200, []string{"ip", "link", "set", "dev", "tun0", "mtu", "1240"}, 1500, ""},
		{"linux 536", "linux", linuxLink, "tun0", 536, []string{"ip", "link", "set", "dev", "tun0", "mtu", "576"}, 1500, ""},
		{"darwin", "darwin", macLink, "utun3", 1200, []string{"ifconfig", "utun3", "mtu", "1240"}, 1400, ""},
		{"windows", "windows", nil, "Wi-Fi", 1200, []string{"netsh", "interface", "ipv4", "set", "subinterface", "Wi-Fi", "mtu=1240", "store=active"}, 0, ""},
		{"no size measured", "linux", linuxLink, "tun0", 0, nil, 0, "No working packet size"},
		{"no vpn interface", "linux", linuxLink, "", 1200, nil, 0, "MTU to 1240"},
		{"interface not here", "linux", linuxLink, "$(reboot)", 1200, nil, 0, "MTU to 1240"},
		{"already small", "linux", map[string]string{"ip -o link show dev tun0": "7: tun0: <UP> mtu 1200 qdisc"}, "tun0", 1200, nil, 0, "already 1200"},
		{"other os", "freebsd", nil, "tun0", 1200, nil, 0, "MTU to 1240"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := fakeEnv(tt.goos, nil, tt.ans, nil)
			env.Ifaces = append(env.Ifaces, "utun3")
			env.VPNIface = tt.vpn
			env.Verdict = verdict.Verdict{URL: "https://shop.gw.test/", PathMSS: tt.mss}
			p, err := Make(context.Background(), verdict.FixLowerMTU, env)
			if err != nil {
				t.Fatal(err)
			}
			if tt.argv == nil {
				if len(p.Steps) != 0 || !strings.Contains(p.Manual, tt.manual) {
					t.Fatalf("want a manual plan saying %q, got steps %v manual %q", tt.manual, p.Steps, p.Manual)
				}
				return
			}
			if len(p.Steps) != 1 || !slices.Equal(p.Steps[0].Argv, tt.argv) || !p.Steps[0].Privileged || !p.NeedsConfirm {
				t.Fatalf("steps %+v confirm %v, want privileged %v, confirmed", p.Steps, p.NeedsConfirm, tt.argv)
			}
			if !strings.Contains(p.Describe(tt.goos), strings.Join(tt.argv, " ")) {
				t.Errorf("the dry run does not show the command: %s", p.Describe(tt.goos))
			}
			if tt.oldMTU == 0 {
				if p.SaveUndo != nil {
					t.Errorf("undo record %+v without an old MTU", p.SaveUndo)
				}
				return
			}
			if p.SaveUndo == nil || p.SaveUndo.MTU != tt.oldMTU || p.SaveUndo.Iface != tt.vpn || !p.Undoable {
				t.Fatalf("undo record %+v, want mtu %d of %s", p.SaveUndo, tt.oldMTU, tt.vpn)
			}
			env.Undo = p.SaveUndo
			u, err := MakeUndo(context.Background(), verdict.FixLowerMTU, env)
			if err != nil {
				t.Fatal(err)
			}
			want := setMTUArgv(tt.goos, tt.vpn, tt.oldMTU)
			if len(u.Steps) != 1 || !slices.Equal(u.Steps[0].Argv, want) || !u.Undo || !u.NeedsConfirm || u.ChangesDNS {
				t.Errorf("undo %+v, want %v", u, want)
			}
		})
	}
}

// A tampered undo record cannot put any value or interface into argv.
func TestUndoMTURefusesBadRecords(t *testing.T) {
	for _, r := range []UndoRecord{
		{Backend: "mtu", Iface: "tun0", MTU: 100},
		{Backend: "mtu", Iface: "tun0", MTU: 70000},
		{Backend: "mtu", Iface: "-x", MTU: 1500},
		{Backend: BackendResolved, Iface: "tun0", MTU: 1500},
	} {
		env := fakeEnv("linux", nil, nil, nil)
		env.Undo = &r
		if p, err := MakeUndo(context.Background(), verdict.FixLowerMTU, env); err == nil {
			t.Errorf("record %+v: got plan %+v", r, p)
		}
	}
}
