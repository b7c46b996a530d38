package server

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientIP(t *testing.T) {
	lb := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	for _, tc := range []struct {
		remote, xff string
		trusted     []netip.Prefix
		want        string
	}{
		{"192.0.2.7:5000", "", nil, "192.0.2.7"},
		{"192.0.2.7:5000", "203.0.113.9", nil, "192.0.2.7"}, // not behind a trusted proxy: the header is a lie
		{"10.1.2.3:5000", "203.0.113.9", lb, "203.0.113.9"},
		{"10.1.2.3:5000", "198.51.100.1, 203.0.113.9, 10.9.9.9", lb, "203.0.113.9"}, // the client cannot choose its address
		{"10.1.2.3:5000", "", lb, "10.1.2.3"},
		{"[2001:db8::1]:443", "", nil, "2001:db8::1"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.remote
		if tc.xff != "" {
			r.Header.Set("X-Forwarded-For", tc.xff)
		}
		if got := clientIP(r, tc.trusted); got != tc.want {
			t.Errorf("%s %q: %s, want %s", tc.remote, tc.xff, got, tc.want)
		}
	}
}
