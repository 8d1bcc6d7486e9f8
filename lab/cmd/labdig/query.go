package main

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"strings"

	"golang.org/x/net/dns/dnsmessage"
)

type answer struct {
	rcode string
	addrs []string
}

func (a answer) list() string {
	if len(a.addrs) == 0 {
		return ""
	}
	return ": " + strings.Join(a.addrs, " ")
}

// serverAddr returns host:port for the -server flag, or the first
// nameserver of the resolv.conf file when the flag is empty.
func serverAddr(flagValue, resolvConf string) (string, error) {
	if flagValue != "" {
		if _, _, err := net.SplitHostPort(flagValue); err == nil {
			return flagValue, nil
		}
		return net.JoinHostPort(flagValue, "53"), nil
	}
	f, err := os.Open(resolvConf)
	if err != nil {
		return "", fmt.Errorf("no -server and %w", err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		fields := strings.Fields(s.Text())
		if len(fields) >= 2 && fields[0] == "nameserver" {
			return net.JoinHostPort(fields[1], "53"), nil
		}
	}
	if err := s.Err(); err != nil {
		return "", fmt.Errorf("read %s: %w", resolvConf, err)
	}
	return "", fmt.Errorf("no -server and no nameserver in %s", resolvConf)
}

func query(ctx context.Context, addr, name, qtype string) (answer, error) {
	t := dnsmessage.TypeA
	switch strings.ToUpper(qtype) {
	case "A":
	case "AAAA":
		t = dnsmessage.TypeAAAA
	default:
		return answer{}, fmt.Errorf("unsupported type %q", qtype)
	}
	if !strings.HasSuffix(name, ".") {
		name += "."
	}
	qname, err := dnsmessage.NewName(name)
	if err != nil {
		return answer{}, fmt.Errorf("name %q: %w", name, err)
	}
	id := uint16(rand.N(1 << 16))
	msg := dnsmessage.Message{
		Header:    dnsmessage.Header{ID: id, RecursionDesired: true},
		Questions: []dnsmessage.Question{{Name: qname, Type: t, Class: dnsmessage.ClassINET}},
	}
	packet, err := msg.Pack()
	if err != nil {
		return answer{}, fmt.Errorf("pack: %w", err)
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "udp", addr)
	if err != nil {
		return answer{}, fmt.Errorf("dial %s: %w", addr, err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		if err := conn.SetDeadline(dl); err != nil {
			return answer{}, fmt.Errorf("deadline: %w", err)
		}
	}
	if _, err := conn.Write(packet); err != nil {
		return answer{}, fmt.Errorf("send: %w", err)
	}
	buf := make([]byte, 1500)
	for {
		n, err := conn.Read(buf)
		if err != nil {
			return answer{}, fmt.Errorf("receive: %w", err)
		}
		var resp dnsmessage.Message
		if err := resp.Unpack(buf[:n]); err != nil || resp.Header.ID != id {
			continue // not our response; keep waiting until the deadline
		}
		return parse(resp), nil
	}
}

func parse(m dnsmessage.Message) answer {
	a := answer{rcode: rcodeName(m.Header.RCode)}
	for _, rr := range m.Answers {
		switch b := rr.Body.(type) {
		case *dnsmessage.AResource:
			a.addrs = append(a.addrs, net.IP(b.A[:]).String())
		case *dnsmessage.AAAAResource:
			a.addrs = append(a.addrs, net.IP(b.AAAA[:]).String())
		case *dnsmessage.CNAMEResource:
			a.addrs = append(a.addrs, "CNAME "+b.CNAME.String())
		}
	}
	return a
}

func rcodeName(r dnsmessage.RCode) string {
	// dnsmessage prints "RCodeNameError"; dig's names are what people know.
	names := map[dnsmessage.RCode]string{
		dnsmessage.RCodeSuccess:        "NOERROR",
		dnsmessage.RCodeFormatError:    "FORMERR",
		dnsmessage.RCodeServerFailure:  "SERVFAIL",
		dnsmessage.RCodeNameError:      "NXDOMAIN",
		dnsmessage.RCodeNotImplemented: "NOTIMP",
		dnsmessage.RCodeRefused:        "REFUSED",
	}
	if n, ok := names[r]; ok {
		return n
	}
	return r.String()
}
