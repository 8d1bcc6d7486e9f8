package checks

import (
	"context"

	"github.com/miekg/dns"
)

// stubService names the local stub resolver listening at server, or "":
// systemd-resolved answers on 127.0.0.53 (127.0.0.54 is its proxy-only
// twin), NetworkManager's own dnsmasq on 127.0.1.1. The address alone
// decides (those are reserved to them by convention), so tests can run a
// fake stub there on another port.
func stubService(server string) string {
	ap, err := parseServer(server)
	if err != nil {
		return ""
	}
	switch ap.Addr().Unmap().String() {
	case "127.0.0.53", "127.0.0.54":
		return "systemd-resolved"
	case "127.0.1.1":
		return "NetworkManager's dnsmasq"
	}
	return ""
}

// resolvesUnchecked asks server for name's A record with checking
// disabled (the CD bit, DNSSEC OK set): a validating stub then hands out
// the records it would otherwise refuse as bogus, so an answer here after
// a SERVFAIL means its DNSSEC validation is what fails.
func resolvesUnchecked(ctx context.Context, server, name string) bool {
	ap, err := parseServer(server)
	if err != nil || guardRefuse(ap.Addr(), "dns query @"+ap.String()) != nil {
		return false
	}
	m := new(dns.Msg)
	m.SetQuestion(name, dns.TypeA)
	m.RecursionDesired = true
	m.CheckingDisabled = true
	m.SetEdns0(1232, true)
	r, err := exchangeOver(ctx, "udp", ap, m)
	if err != nil {
		return false
	}
	addrs, _ := chainAddrs(r, name, dns.TypeA)
	return r.Rcode == dns.RcodeSuccess && len(addrs) > 0
}
