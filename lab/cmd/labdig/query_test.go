package main

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/net/dns/dnsmessage"
)

func TestServerAddr(t *testing.T) {
	conf := filepath.Join(t.TempDir(), "resolv.conf")
	if err := os.WriteFile(conf, []byte("# lab\nsearch gw.test\nnameserver 192.0.2.1\nnameserver 192.0.2.2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		flag, conf, want string
		wantErr          bool
	}{
		{flag: "203.0.113.53", want: "203.0.113.53:53"},
		{flag: "127.0.0.1:5353", want: "127.0.0.1:5353"},
		{conf: conf, want: "192.0.2.1:53"},
		{conf: filepath.Join(t.TempDir(), "missing"), wantErr: true},
	}
	for _, tt := range tests {
		got, err := serverAddr(tt.flag, tt.conf)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("serverAddr(%q, %q) = %q, %v; want %q, error %v", tt.flag, tt.conf, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestParse(t *testing.T) {
	name := dnsmessage.MustNewName("shop.gw.test.")
	m := dnsmessage.Message{
		Header: dnsmessage.Header{Response: true, RCode: dnsmessage.RCodeSuccess},
		Answers: []dnsmessage.Resource{{
			Header: dnsmessage.ResourceHeader{Name: name, Type: dnsmessage.TypeA, Class: dnsmessage.ClassINET},
			Body:   &dnsmessage.AResource{A: [4]byte{203, 0, 113, 10}},
		}},
	}
	got := parse(m)
	if got.rcode != "NOERROR" || got.list() != ": 203.0.113.10" {
		t.Fatalf("parse = %+v", got)
	}
	if n := rcodeName(dnsmessage.RCodeNameError); n != "NXDOMAIN" {
		t.Fatalf("rcodeName(NameError) = %q", n)
	}
}
