package verdict

import (
	"strings"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/monitor/config"
)

func TestBuildOptions(t *testing.T) {
	// The lab level: the config below uses the lab's documentation
	// addresses (nothing is sent; BuildOptions only checks them).
	t.Setenv(config.GuardEnv, "lab")
	off := false
	cfg := config.Config{
		Timeout: config.Duration{Duration: 3 * time.Second},
		Network: config.NetworkConfig{
			Canaries:      []string{"http://203.0.113.30/generate_204"},
			Resolvers:     []string{"203.0.113.53"},
			CompareDirect: &off,
		},
	}
	cases := []struct {
		name                string
		canaries, resolvers []string
		wantCanary, wantRes string
		wantErr             string
	}{
		{"from config", nil, nil, "http://203.0.113.30/generate_204", "203.0.113.53:53", ""},
		{"overrides", []string{"http://127.0.0.1:8080/"}, []string{"127.0.0.1:5353"}, "http://127.0.0.1:8080/", "127.0.0.1:5353", ""},
		{"bad resolver", nil, []string{"dns.example"}, "", "", "not an IP address"},
		{"bad canary", []string{"gopher://x"}, nil, "", "", "must be an http://"},
		{"guard", []string{"http://192.168.1.1/"}, nil, "", "", "refused by the lab-only test guard"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o, err := BuildOptions(cfg, c.canaries, c.resolvers)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error %v, want %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(o.Canaries) != 1 || o.Canaries[0].String() != c.wantCanary {
				t.Errorf("canaries %v", o.Canaries)
			}
			if len(o.Resolvers) != 1 || o.Resolvers[0] != c.wantRes {
				t.Errorf("resolvers %v", o.Resolvers)
			}
			if o.Timeout != 3*time.Second || o.CompareDirect {
				t.Errorf("timeout %s, compare direct %v", o.Timeout, o.CompareDirect)
			}
		})
	}
}

func TestNotificationsEnabled(t *testing.T) {
	on, off := true, false
	cases := []struct {
		toml string
		want bool
		ptr  *bool
	}{
		{"", true, nil},
		{"notifications = true\n", true, &on},
		{"notifications = false\n", false, &off},
	}
	for _, c := range cases {
		cfg, err := config.ParseConfig([]byte(c.toml))
		if err != nil {
			t.Fatalf("%q: %v", c.toml, err)
		}
		if got := cfg.NotificationsEnabled(); got != c.want {
			t.Errorf("%q: enabled %v, want %v", c.toml, got, c.want)
		}
		if (cfg.Notifications == nil) != (c.ptr == nil) {
			t.Errorf("%q: pointer %v", c.toml, cfg.Notifications)
		}
	}
}
