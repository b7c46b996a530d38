package edge

import (
	"net/http"
	"testing"
)

func TestCodingFollowsAcceptEncoding(t *testing.T) {
	for ae, want := range map[string]string{
		"":                         "",
		"identity":                 "",
		"gzip":                     "gzip",
		"x-gzip":                   "gzip",
		"gzip, zstd":               "zstd",
		"zstd;q=0.5, gzip":         "gzip",
		"gzip;q=0, zstd;q=0":       "",
		"*":                        "zstd",
		"*;q=0":                    "",
		"br, *;q=0.1, zstd;q=0":    "gzip",
		"gzip; q=0.8, zstd; q=0.9": "zstd",
	} {
		r, _ := http.NewRequest(http.MethodGet, "/", nil)
		if ae != "" {
			r.Header.Set("Accept-Encoding", ae)
		}
		if got := coding(r); got != want {
			t.Errorf("Accept-Encoding %q: %q, want %q", ae, got, want)
		}
	}
}
