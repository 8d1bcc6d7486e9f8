package checks

import (
	"net/http"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	date := func(d time.Duration) string { return now.Add(d).Format(http.TimeFormat) }
	cases := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"   ", 0},
		{"0", 0},
		{"1", time.Second},
		{" 30 ", 30 * time.Second},
		{"120", 2 * time.Minute},
		{"86400", 24 * time.Hour},
		{"86401", 24 * time.Hour},
		{"99999999", 24 * time.Hour},
		{"9223372036854775807", 24 * time.Hour},
		// Past int64: still an absurd number of seconds, still capped.
		{"99999999999999999999999", 24 * time.Hour},
		{"-1", 0},
		{"-99999999999999999999999", 0},
		{"1.5", 0},
		{"1e3", 0},
		{"soon", 0},
		{"0x10", 0},
		{date(time.Hour), time.Hour},
		{date(90 * time.Second), 90 * time.Second},
		{date(0), 0},
		{date(-time.Hour), 0},
		{date(48 * time.Hour), 24 * time.Hour},
		{"Fri, 01 Jan 2100 00:00:00 GMT", 24 * time.Hour},
		// The two obsolete date forms HTTP still requires readers to accept.
		{now.Add(2 * time.Hour).Format(time.RFC850), 2 * time.Hour},
		{now.Add(3 * time.Hour).Format(time.ANSIC), 3 * time.Hour},
		{"Sat, 14 Mar 2026 12:00:00", 0}, // no zone: not an HTTP date
	}
	for _, tc := range cases {
		if got := parseRetryAfter(tc.in, now); got != tc.want {
			t.Errorf("parseRetryAfter(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
