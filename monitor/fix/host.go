package fix

import (
	"context"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"time"

	"github.com/gatewatch/gatewatch/checks"
	"github.com/gatewatch/gatewatch/monitor/logfile"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// HostOptions is what the front end knows when it asks for a plan.
type HostOptions struct {
	Verdict    verdict.Verdict
	Resolvers  []string // "ip:port", monitor.Options.Resolvers
	StatusPage string
	DNSBackend string
	ResolvConf string
	Store      *Store // for the undo record; nil: none
	UndoID     string // load this fix's undo record
}

// queryTimeout bounds the read-only commands planning runs.
const queryTimeout = 5 * time.Second

// HostEnv describes this machine for planning.
func HostEnv(ctx context.Context, o HostOptions) (Env, error) {
	env := Env{
		GOOS:       runtime.GOOS,
		Verdict:    o.Verdict,
		StatusPage: o.StatusPage,
		DNSBackend: o.DNSBackend,
		ResolvConf: o.ResolvConf,
		Root:       isRoot(),
		Have:       func(tool string) bool { _, err := exec.LookPath(tool); return err == nil },
		Query:      query,
		ReadFile:   os.ReadFile,
		// The resolv.conf backend writes the end of /etc/resolv.conf's
		// links, which is what the elevated writer accepts.
		EvalSymlinks: filepath.EvalSymlinks,
	}
	env.Resolvers = ParseResolvers(o.Resolvers)
	env.Log = logfile.Recent()
	var probe netip.Addr
	if len(env.Resolvers) > 0 {
		probe = env.Resolvers[0]
	}
	if ifs, err := net.Interfaces(); err == nil {
		for _, it := range ifs {
			env.Ifaces = append(env.Ifaces, it.Name)
		}
	}
	link := checks.Link(ctx)
	for _, r := range link.DefaultRoutes {
		if env.DefaultIface == "" || (r.Gateway.Is4() && r.Gateway.IsValid()) {
			env.DefaultIface = r.Interface
		}
	}
	vpn := checks.VPN(ctx, checks.VPNOptions{Probe: probe})
	switch {
	case vpn.DefaultViaVPN:
		env.VPNIface = vpn.EgressIface
	case len(vpn.Interfaces) > 0:
		env.VPNIface = vpn.Interfaces[0]
	}
	env.VPNClients = vpn.Processes
	env.DnsmasqPIDs = localDnsmasq(ctx, env)
	if o.Store != nil && o.UndoID != "" {
		r, err := o.Store.Get(o.UndoID)
		if err != nil {
			return env, err
		}
		env.Undo = r
	}
	return env, nil
}

// ParseResolvers keeps the addresses of "ip:port" resolvers that use port
// 53 (the only port a system resolver setting can name); anything that is
// not an address is dropped.
func ParseResolvers(rs []string) []netip.Addr {
	var out []netip.Addr
	for _, r := range rs {
		ap, err := netip.ParseAddrPort(r)
		if err != nil {
			a, aerr := netip.ParseAddr(r)
			if aerr != nil {
				continue
			}
			ap = netip.AddrPortFrom(a, 53)
		}
		if ap.Port() == 53 {
			out = append(out, ap.Addr())
		}
	}
	return out
}

// query runs a read-only command with a timeout, argv only.
func query(ctx context.Context, argv ...string) (string, error) {
	return System{Timeout: queryTimeout}.run(ctx, argv)
}
