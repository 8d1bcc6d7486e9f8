package verdict

import "testing"

func TestRegistrable(t *testing.T) {
	tests := []struct{ host, want string }{
		{"www.example.com", "example.com"},
		{"example.com", "example.com"},
		{"Example.COM.", "example.com"},
		{"www.bbc.co.uk", "bbc.co.uk"},
		{"bbc.co.uk", "bbc.co.uk"},
		{"shop.example.com.au", "example.com.au"},
		{"user.github.io", "user.github.io"},
		{"www.user.github.io", "user.github.io"},
		{"www.shop.gw.test", "gw.test"}, // not in the list: the last label is the suffix
		{"co.uk", ""},                   // a suffix alone belongs to nobody
		{"github.io", ""},
		{"localhost", ""},
		{"router", ""},
		{"192.0.2.10", ""},
		{"2001:db8::1", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := registrable(tt.host); got != tt.want {
			t.Errorf("registrable(%q) = %q, want %q", tt.host, got, tt.want)
		}
	}
}
