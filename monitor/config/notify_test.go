package config

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestNotifyConfigValidation(t *testing.T) {
	cases := []struct{ toml, errHas string }{
		{toml: ""},
		{toml: "[notify]\nabout = \"their-side\"\nmin_duration = \"5m\"\nremind_every = \"30m\"\n"},
		{toml: "[notify.quiet]\nfrom = \"22:00\"\nto = \"08:00\"\ndays = [\"mon\", \"Friday\"]\nweekends = true\n"},
		{toml: "[notify.quiet]\nweekends = true\n"},
		{toml: "[notify]\nabout = \"mine\"\n", errHas: `notify.about "mine" must be`},
		{toml: "[notify]\nremind_every = \"5m\"\n", errHas: "notify.remind_every 5m0s is below the minimum of 15m0s"},
		{toml: "[notify]\nmin_duration = \"48h\"\n", errHas: "notify.min_duration"},
		{toml: "[notify.quiet]\nfrom = \"22:00\"\n", errHas: "notify.quiet.from and to go together"},
		{toml: "[notify.quiet]\nfrom = \"25:00\"\nto = \"08:00\"\n", errHas: `notify.quiet.from: "25:00" is not a time of day`},
		{toml: "[notify.quiet]\nfrom = \"22:00\"\nto = \"8am\"\n", errHas: "notify.quiet.to:"},
		{toml: "[notify.quiet]\nfrom = \"22:00\"\nto = \"22:00\"\n", errHas: "empty span"},
		{toml: "[notify.quiet]\ndays = [\"mo\"]\n", errHas: `notify.quiet.days: "mo" is not a day`},
		{toml: "[notify.quiet]\ndays = [\"funday\"]\n", errHas: "is not a day"},
		{toml: "[notify]\nquiet_hours = 1\n", errHas: "unknown key"},
	}
	for _, c := range cases {
		_, err := ParseConfig([]byte(c.toml))
		if c.errHas == "" {
			if err != nil {
				t.Errorf("%q: %v", c.toml, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.errHas) {
			t.Errorf("%q: got %v, want %q", c.toml, err, c.errHas)
		}
	}
}

func TestNotifyConfigRoundTrip(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Notify = NotifyConfig{
		About:       AboutMine,
		MinDuration: Duration{5 * time.Minute},
		RemindEvery: Duration{time.Hour},
		Quiet:       QuietHours{From: "22:00", To: "07:30", Days: []string{"mon", "tue"}, Weekends: true},
	}
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := SaveConfig(path, cfg); err != nil {
		t.Fatal(err)
	}
	got, err := ReadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Notify, cfg.Notify) {
		t.Errorf("round trip: got %+v, want %+v", got.Notify, cfg.Notify)
	}
	// The default writes no [notify] table at all: old files stay as they were.
	plain := filepath.Join(t.TempDir(), "plain.toml")
	if err := SaveConfig(plain, DefaultConfig()); err != nil {
		t.Fatal(err)
	}
	if got, err := ReadConfig(plain); err != nil || !reflect.DeepEqual(got.Notify, NotifyConfig{}) || got.Notify.AboutOrDefault() != AboutBoth {
		t.Errorf("default notify = %+v, %v", got.Notify, err)
	}
}

func TestParseDay(t *testing.T) {
	for in, want := range map[string]time.Weekday{"mon": time.Monday, "Sun": time.Sunday, "saturday": time.Saturday, " wed ": time.Wednesday} {
		if got, ok := ParseDay(in); !ok || got != want {
			t.Errorf("ParseDay(%q) = %v, %v", in, got, ok)
		}
	}
	for _, bad := range []string{"", "m", "mo", "monx", "xyz"} {
		if _, ok := ParseDay(bad); ok {
			t.Errorf("ParseDay(%q) accepted", bad)
		}
	}
}
