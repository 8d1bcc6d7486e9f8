package fix

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// This file plans fixes for Linux. It is compiled on every OS so that the
// exact commands are tested everywhere; host_linux.go fills the Env.

// leaseSettle is waited after an asynchronous lease renewal.
const leaseSettle = 3 * time.Second

// DefaultResolvConf is the file the resolv.conf backend edits by default.
const DefaultResolvConf = "/etc/resolv.conf"

// Compiled on first use, not at package init: init runs at every
// process start, `gatewatch check` and `version` included.
var nmUUID = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
})

// nmConn is one active NetworkManager connection.
type nmConn struct{ uuid, typ, device string }

func (c nmConn) vpn() bool { return c.typ == "vpn" || c.typ == "wireguard" }

// nmRunning reports whether NetworkManager is running (nmcli answers).
func nmRunning(ctx context.Context, env Env) bool {
	if !env.have("nmcli") {
		return false
	}
	out, err := env.query(ctx, "nmcli", "-t", "-f", "RUNNING", "general")
	return err == nil && strings.TrimSpace(out) == "running"
}

// nmActive lists the active connections, keeping only well-formed UUIDs:
// nothing else nmcli prints is passed on to a command.
func nmActive(ctx context.Context, env Env) ([]nmConn, error) {
	out, err := env.query(ctx, "nmcli", "-t", "-f", "UUID,TYPE,DEVICE", "connection", "show", "--active")
	if err != nil {
		return nil, err
	}
	var conns []nmConn
	for _, line := range strings.Split(out, "\n") {
		f := strings.SplitN(strings.TrimSpace(line), ":", 3)
		if len(f) < 2 || !nmUUID().MatchString(f[0]) {
			continue
		}
		c := nmConn{uuid: f[0], typ: f[1]}
		if len(f) == 3 {
			c.device = strings.ReplaceAll(f[2], `\:`, ":")
		}
		conns = append(conns, c)
	}
	return conns, nil
}

// nmPrimary picks the connection carrying the default route.
func nmPrimary(conns []nmConn, defaultIface string) (nmConn, bool) {
	var fallback *nmConn
	for i, c := range conns {
		if c.vpn() || c.typ == "loopback" || c.typ == "tun" || c.device == "lo" {
			continue
		}
		if c.device == defaultIface && defaultIface != "" {
			return c, true
		}
		if fallback == nil {
			fallback = &conns[i]
		}
	}
	if fallback != nil {
		return *fallback, true
	}
	return nmConn{}, false
}

func yesNo(s string) string {
	if strings.TrimSpace(s) == "yes" {
		return "yes"
	}
	return "no"
}

func planLinux(ctx context.Context, id string, env Env) (Plan, error) {
	priv := !env.Root
	switch id {
	case verdict.FixFlushDNS:
		var p Plan
		if env.have("resolvectl") {
			p.Steps = append(p.Steps, Step{Argv: []string{"resolvectl", "flush-caches"}, Privileged: priv})
		}
		if env.have("nscd") {
			p.Steps = append(p.Steps, Step{Argv: []string{"nscd", "-i", "hosts"}, Privileged: priv})
		}
		for _, pid := range env.DnsmasqPIDs {
			if pid > 1 {
				// dnsmasq empties its cache on SIGHUP.
				p.Steps = append(p.Steps, Step{Argv: []string{"kill", "-HUP", strconv.Itoa(pid)}, Privileged: priv})
			}
		}
		if len(p.Steps) == 0 {
			p.Manual = "This computer keeps no DNS cache of its own (no systemd-resolved, nscd or dnsmasq): nothing to flush here. Your router may cache answers: restarting it clears them."
		}
		p.ChangesDNS = true
		return p, nil
	case verdict.FixSwitchDNS:
		return switchDNSLinux(ctx, env)
	case verdict.FixRestartDNSService:
		return restartDNSServiceLinux(ctx, env)
	case verdict.FixRenewDHCP:
		if nmRunning(ctx, env) {
			conns, err := nmActive(ctx, env)
			if err != nil {
				return Plan{}, fmt.Errorf("listing NetworkManager connections: %w", err)
			}
			if c, ok := nmPrimary(conns, env.DefaultIface); ok {
				return Plan{
					Explain:      "Reconnects the active connection through NetworkManager, which also renews its DHCP lease.",
					Steps:        []Step{{Argv: []string{"nmcli", "connection", "up", c.uuid}}},
					NeedsConfirm: true,
				}, nil
			}
		}
		iface, err := env.knownIface(env.DefaultIface)
		if err != nil {
			return Plan{Manual: "No active connection was found: turn Wi-Fi off and on again, or unplug and replug the cable."}, nil
		}
		switch {
		case env.have("networkctl"):
			// networkctl returns before the new lease is in place.
			return Plan{Steps: []Step{{Argv: []string{"networkctl", "renew", iface}, Privileged: priv}}, NeedsConfirm: true, Settle: leaseSettle}, nil
		case env.have("dhclient"):
			return Plan{Steps: []Step{
				{Argv: []string{"dhclient", "-r", iface}, Privileged: priv},
				{Argv: []string{"dhclient", iface}, Privileged: priv},
			}, NeedsConfirm: true}, nil
		}
		return Plan{Manual: "Turn Wi-Fi off and on again, or unplug and replug the cable: no tool to renew the lease was found."}, nil
	case verdict.FixDisconnectVPN:
		return disconnectVPNLinux(ctx, env)
	case verdict.FixBypassProxy:
		p := Plan{
			RecheckWithoutProxy: true,
			Explain:             "gatewatch checks the site again without the proxy.",
			Manual:              `To stop the system using the proxy: Settings → Network → Network Proxy (GNOME) or System Settings → Network → Proxy (KDE), choose "Disabled"/"No proxy", or correct the proxy's address. Also unset HTTP_PROXY/HTTPS_PROXY in your shell profile if you set them there. A browser with its own proxy settings is changed in the browser.`,
		}
		switch {
		case env.have("gnome-control-center"):
			p.Steps = []Step{{Argv: []string{"gnome-control-center", "network"}}}
		case env.have("systemsettings"):
			p.Steps = []Step{{Argv: []string{"systemsettings", "kcm_proxy"}}}
		}
		return p, nil
	case verdict.FixSyncClock:
		if !env.have("timedatectl") {
			return Plan{Manual: "Turn on automatic date and time in your desktop's settings."}, nil
		}
		return Plan{Steps: []Step{{Argv: []string{"timedatectl", "set-ntp", "true"}, Privileged: priv}}, NeedsConfirm: true}, nil
	}
	return Plan{}, fmt.Errorf("no Linux plan for %s", id)
}

// linuxDNSBackend picks who manages DNS: NetworkManager, systemd-resolved
// (resolv.conf points at its stub), or nobody (plain resolv.conf).
func linuxDNSBackend(ctx context.Context, env Env) string {
	if env.DNSBackend != BackendAuto {
		return env.DNSBackend
	}
	if nmRunning(ctx, env) {
		return BackendNetworkManager
	}
	if env.have("resolvectl") && env.ReadFile != nil {
		if data, err := env.ReadFile(env.resolvConf()); err == nil && bytes.Contains(data, []byte("127.0.0.53")) {
			return BackendResolved
		}
	}
	return BackendResolvConf
}

func (e Env) resolvConf() string {
	if e.ResolvConf != "" {
		return e.ResolvConf
	}
	return DefaultResolvConf
}

// resolvConfTarget is the file to write for path: the end of its
// symlinks (writing through a link would replace it by a file). Through
// the elevated writer (priv) it must be the system resolver file, which
// is all that writer accepts (checkHelperTarget); as root any file can be
// named (--resolv-conf, the lab's namespaces).
func (e Env) resolvConfTarget(path string, priv bool) (string, error) {
	target, err := systemResolvConf(path, e.EvalSymlinks)
	if err != nil {
		return "", err
	}
	if !priv {
		return target, nil
	}
	system, err := systemResolvConf(DefaultResolvConf, e.EvalSymlinks)
	if err != nil {
		return "", err
	}
	if target != system {
		return "", fmt.Errorf("as administrator gatewatch only edits the system resolver file %s, not %s: run the fix as root to edit another file", DefaultResolvConf, path)
	}
	return target, nil
}

func switchDNSLinux(ctx context.Context, env Env) (Plan, error) {
	to, err := env.switchTo()
	if err != nil {
		return Plan{}, err
	}
	priv := !env.Root
	v4, v6 := addrStrings(to, true), addrStrings(to, false)
	p := Plan{NeedsConfirm: true, Undoable: true, ChangesDNS: true}
	switch backend := linuxDNSBackend(ctx, env); backend {
	case BackendNetworkManager:
		conns, err := nmActive(ctx, env)
		if err != nil {
			return Plan{}, fmt.Errorf("listing NetworkManager connections: %w", err)
		}
		c, ok := nmPrimary(conns, env.DefaultIface)
		if !ok {
			return Plan{}, errors.New("NetworkManager has no active connection to change")
		}
		prev, err := env.query(ctx, "nmcli", "-g", "ipv4.dns,ipv4.ignore-auto-dns,ipv6.dns,ipv6.ignore-auto-dns", "connection", "show", c.uuid)
		if err != nil {
			return Plan{}, fmt.Errorf("reading the connection's DNS settings: %w", err)
		}
		lines := strings.Split(strings.TrimRight(prev, "\n"), "\n")
		for len(lines) < 4 {
			lines = append(lines, "")
		}
		rec := &UndoRecord{Backend: backend, UUID: c.uuid,
			DNS4: parseAddrList(lines[0]), IgnoreAuto4: yesNo(lines[1]),
			DNS6: parseAddrList(lines[2]), IgnoreAuto6: yesNo(lines[3])}
		argv := []string{"nmcli", "connection", "modify", c.uuid}
		if len(v4) > 0 {
			argv = append(argv, "ipv4.dns", strings.Join(v4, ","), "ipv4.ignore-auto-dns", "yes")
		}
		if len(v6) > 0 {
			argv = append(argv, "ipv6.dns", strings.Join(v6, ","), "ipv6.ignore-auto-dns", "yes")
		}
		p.Explain = "Sets the active NetworkManager connection's DNS servers to " + strings.Join(append(v4, v6...), ", ") + " and reconnects it."
		p.Steps = []Step{{Argv: argv}, {Argv: []string{"nmcli", "connection", "up", c.uuid}}}
		p.SaveUndo = rec
	case BackendResolved:
		iface, err := env.knownIface(env.DefaultIface)
		if err != nil {
			return Plan{}, err
		}
		p.Explain = "Tells systemd-resolved to use " + strings.Join(append(v4, v6...), ", ") + " for " + iface + "."
		p.Steps = []Step{
			{Argv: append([]string{"resolvectl", "dns", iface}, append(v4, v6...)...), Privileged: priv},
			// "~." makes this link the route for every name.
			{Argv: []string{"resolvectl", "domain", iface, "~."}, Privileged: priv},
			{Argv: []string{"resolvectl", "flush-caches"}, Privileged: priv},
		}
		p.SaveUndo = &UndoRecord{Backend: backend, Iface: iface}
	case BackendResolvConf:
		path, err := env.resolvConfTarget(env.resolvConf(), priv)
		if err != nil {
			return Plan{}, err
		}
		if env.ReadFile == nil {
			return Plan{}, errors.New("cannot read " + path)
		}
		before, err := env.ReadFile(path)
		if err != nil {
			return Plan{}, fmt.Errorf("reading %s: %w", path, err)
		}
		content := renderResolvConf(before, to)
		if priv {
			// The elevated writer refuses anything else: say so now,
			// before asking for a password.
			if err := checkResolvContent(content); err != nil {
				return Plan{}, fmt.Errorf("%s keeps lines gatewatch will not write as administrator: %w", path, err)
			}
		}
		p.Explain = "Nothing manages DNS here, so gatewatch edits " + path + " (the old one is kept for undo)."
		p.Steps = []Step{{File: &FileChange{Path: path, Content: content, Before: before}, Privileged: priv}}
		p.SaveUndo = &UndoRecord{Backend: backend, Path: path, Content: string(before)}
	default:
		return Plan{}, fmt.Errorf("unknown DNS backend %q (known: %s, %s, %s)", backend, BackendNetworkManager, BackendResolved, BackendResolvConf)
	}
	return p, nil
}

// renderResolvConf keeps the old file's search, domain, options and
// sortlist lines and puts the new nameservers (at most three, what the C
// libraries read) first.
func renderResolvConf(old []byte, to []netip.Addr) []byte {
	var b bytes.Buffer
	b.WriteString("# Written by gatewatch (fix switch-dns). Undo: gatewatch fix --undo switch-dns\n")
	for i, a := range to {
		if i == 3 {
			break
		}
		fmt.Fprintf(&b, "nameserver %s\n", a)
	}
	for _, line := range strings.Split(string(old), "\n") {
		f := strings.Fields(line)
		if len(f) > 0 && slices.Contains([]string{"search", "domain", "options", "sortlist"}, f[0]) {
			b.WriteString(strings.TrimSpace(line) + "\n")
		}
	}
	return b.Bytes()
}

func disconnectVPNLinux(ctx context.Context, env Env) (Plan, error) {
	priv := !env.Root
	if nmRunning(ctx, env) {
		conns, err := nmActive(ctx, env)
		if err != nil {
			return Plan{}, fmt.Errorf("listing NetworkManager connections: %w", err)
		}
		var p Plan
		for _, c := range conns {
			if c.vpn() {
				p.Steps = append(p.Steps, Step{Argv: []string{"nmcli", "connection", "down", c.uuid}})
			}
		}
		if len(p.Steps) > 0 {
			p.Explain = "Takes the VPN connection down through NetworkManager; traffic then goes straight to your provider."
			p.NeedsConfirm = true
			return p, nil
		}
	}
	if env.VPNIface != "" {
		iface, err := env.knownIface(env.VPNIface)
		if err != nil {
			return Plan{}, err
		}
		if env.have("wg-quick") && env.ReadFile != nil {
			if _, err := env.ReadFile("/etc/wireguard/" + iface + ".conf"); err == nil {
				return Plan{
					Explain:      "Stops the WireGuard tunnel " + iface + " (wg-quick).",
					Steps:        []Step{{Argv: []string{"wg-quick", "down", iface}, Privileged: priv}},
					NeedsConfirm: true,
				}, nil
			}
		}
		// A tunnel no manager owns (OpenVPN started by hand, a stale tun):
		// taking its interface down removes the routes through it.
		p := Plan{
			Explain:      "Takes the VPN interface " + iface + " down; the routes through it go with it.",
			Steps:        []Step{{Argv: []string{"ip", "link", "set", "dev", iface, "down"}, Privileged: priv}},
			NeedsConfirm: true,
		}
		if len(env.VPNClients) > 0 {
			p.Manual = "If " + strings.Join(env.VPNClients, ", ") + " brings it back, disconnect in that program."
		}
		return p, nil
	}
	return Plan{Manual: vpnManual(env.VPNClients)}, nil
}

func vpnManual(clients []string) string {
	if len(clients) > 0 {
		return "Open your VPN program (" + strings.Join(clients, ", ") + ") and click Disconnect (or switch it off); then check again."
	}
	return "Open your VPN program and click Disconnect (or switch it off); then check again."
}

func undoLinux(env Env) (Plan, error) {
	r := env.Undo
	priv := !env.Root
	switch r.Backend {
	case BackendNetworkManager:
		if !nmUUID().MatchString(r.UUID) {
			return Plan{}, fmt.Errorf("saved connection id %q is not a UUID", r.UUID)
		}
		// Re-parsed: the record is a file in the user's state directory.
		return Plan{
			Explain: "Puts back the connection's earlier DNS settings and reconnects it.",
			Steps: []Step{
				{Argv: []string{"nmcli", "connection", "modify", r.UUID,
					"ipv4.dns", strings.Join(parseAddrList(strings.Join(r.DNS4, ",")), ","), "ipv4.ignore-auto-dns", yesNo(r.IgnoreAuto4),
					"ipv6.dns", strings.Join(parseAddrList(strings.Join(r.DNS6, ",")), ","), "ipv6.ignore-auto-dns", yesNo(r.IgnoreAuto6)}},
				{Argv: []string{"nmcli", "connection", "up", r.UUID}},
			},
		}, nil
	case BackendResolved:
		iface, err := env.knownIface(r.Iface)
		if err != nil {
			return Plan{}, err
		}
		return Plan{
			Explain: "Drops gatewatch's DNS settings for " + iface + "; systemd-resolved goes back to what the network gave.",
			Steps: []Step{
				{Argv: []string{"resolvectl", "revert", iface}, Privileged: priv},
				{Argv: []string{"resolvectl", "flush-caches"}, Privileged: priv},
			},
		}, nil
	case BackendResolvConf:
		if r.Path == "" {
			return Plan{}, errors.New("the saved record names no file")
		}
		if _, err := env.resolvConfTarget(r.Path, priv); err != nil {
			return Plan{}, err
		}
		if priv {
			if err := checkResolvContent([]byte(r.Content)); err != nil {
				return Plan{}, fmt.Errorf("the saved %s: %w", r.Path, err)
			}
		}
		var cur []byte
		if env.ReadFile != nil {
			cur, _ = env.ReadFile(r.Path) // only shown in the dry run
		}
		return Plan{
			Explain: "Puts back the earlier " + r.Path + ".",
			Steps:   []Step{{File: &FileChange{Path: r.Path, Content: []byte(r.Content), Before: cur}, Privileged: priv}},
		}, nil
	}
	return Plan{}, fmt.Errorf("the saved record has an unknown backend %q", r.Backend)
}
