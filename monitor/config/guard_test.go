package config

import (
	"net/url"
	"strings"
	"testing"
)

func TestGuardTestAddrs(t *testing.T) {
	cases := []struct {
		env, canary, resolver string
		wantErr               string
	}{
		{"", "http://192.168.1.1/", "8.8.8.8:53", ""}, // a real user's config
		{"1", "http://127.0.0.1:8080/", "127.0.0.1:5353", ""},
		{"1", "http://[::1]:8080/", "[::1]:53", ""},
		{"1", "http://203.0.113.30/", "127.0.0.1:53", "canary http://203.0.113.30/ refused by the loopback-only test guard"},
		{"loopback", "http://127.0.0.1/", "192.0.2.1:53", "resolver 192.0.2.1:53 refused by the loopback-only test guard"},
		{"1", "http://localhost/", "127.0.0.1:53", "want a loopback address"}, // names are never trusted
		{"lab", "http://203.0.113.30/", "198.51.100.53:53", ""},
		{"lab", "http://127.0.0.1/", "10.0.0.1:53", "resolver 10.0.0.1:53 refused by the lab-only test guard"},
		// Under the lab guard a reserved .test name is allowed (its
		// connections are still guarded); under the loopback guard no name.
		{"lab", "http://dual-canary.gw.test/generate_204", "203.0.113.53:53", ""},
		{"lab", "http://dual-canary.GW.TEST./generate_204", "203.0.113.53:53", ""},
		{"1", "http://dual-canary.gw.test/generate_204", "127.0.0.1:53", "want a loopback address"},
		{"lab", "http://canary.example.com/", "203.0.113.53:53", "want a loopback or documentation address"},
		{"lab", "http://gw.testing.example/", "203.0.113.53:53", "want a loopback or documentation address"},
	}
	for _, c := range cases {
		t.Setenv(GuardEnv, c.env)
		u, err := url.Parse(c.canary)
		if err != nil {
			t.Fatal(err)
		}
		err = GuardTestAddrs([]*url.URL{u}, []string{c.resolver})
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("%s=%q %s %s: %v", GuardEnv, c.env, c.canary, c.resolver, err)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("%s=%q %s %s: error %v, want %q", GuardEnv, c.env, c.canary, c.resolver, err, c.wantErr)
		}
	}
}
