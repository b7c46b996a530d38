package server_test

import (
	"bytes"
	"compress/gzip"
	"crypto/tls"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"regexp"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"

	"relocate/internal/config"
	"relocate/internal/testenv"
)

// decode returns the body of rec decoded from its Content-Encoding.
func decode(t *testing.T, rec *httptest.ResponseRecorder) []byte {
	t.Helper()
	switch enc := rec.Header().Get("Content-Encoding"); enc {
	case "":
		return rec.Body.Bytes()
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(rec.Body.Bytes()))
		if err != nil {
			t.Fatalf("not gzip: %v", err)
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("broken gzip: %v", err)
		}
		return b
	case "zstd":
		zr, err := zstd.NewReader(bytes.NewReader(rec.Body.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		b, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("broken zstd: %v", err)
		}
		return b
	default:
		t.Fatalf("unknown Content-Encoding %q", enc)
		return nil
	}
}

func varies(h http.Header, name string) bool {
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(f), name) {
				return true
			}
		}
	}
	return false
}

// stylesheet finds the fingerprinted path of the site's stylesheet.
func stylesheet(t *testing.T, h http.Handler) string {
	t.Helper()
	page := do(h, "GET", "/de/", "")
	m := regexp.MustCompile(`href="(/static/[0-9a-f]+/style\.css)"`).FindStringSubmatch(page.Body.String())
	if m == nil {
		t.Fatal("no stylesheet link on the home page")
	}
	return m[1]
}

// TestTextResponsesAreCompressed fetches a page, a GraphQL answer, the
// sitemap and the stylesheet with and without compression and reports how
// much gzip saves.
func TestTextResponsesAreCompressed(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		h := testenv.Shared(t, db).Handler
		gql := `{"query":"{ guideArticles(first: 30) { edges { node { title summary path language translationStatus } } } }"}`
		for _, tc := range []struct {
			name, method, target, body string
			header                     []string
		}{
			{"article page", "GET", "/de/ratgeber/wohnsitz-anmelden", "", nil},
			{"GraphQL JSON", "POST", "/graphql", gql, []string{"Content-Type", "application/json"}},
			{"sitemap.xml", "GET", "/sitemap.xml", "", nil},
			{"stylesheet", "GET", stylesheet(t, h), "", nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				// Twice each: the second answer is a kept one.
				_ = do(h, tc.method, tc.target, tc.body, tc.header...)
				_ = do(h, tc.method, tc.target, tc.body, append(tc.header, "Accept-Encoding", "gzip")...)
				plain := do(h, tc.method, tc.target, tc.body, tc.header...)
				zipped := do(h, tc.method, tc.target, tc.body, append(tc.header, "Accept-Encoding", "gzip")...)
				if plain.Code != 200 || zipped.Code != 200 {
					t.Fatalf("status %d / %d", plain.Code, zipped.Code)
				}
				if plain.Header().Get("Content-Encoding") != "" {
					t.Errorf("compressed without Accept-Encoding")
				}
				if zipped.Header().Get("Content-Encoding") != "gzip" {
					t.Fatalf("not gzipped: %v", zipped.Header())
				}
				for _, rec := range []*httptest.ResponseRecorder{plain, zipped} {
					if !varies(rec.Header(), "Accept-Encoding") {
						t.Errorf("Vary %q lacks Accept-Encoding", rec.Header().Values("Vary"))
					}
					if v := rec.Header().Values("Vary"); len(v) != 1 || strings.Count(strings.ToLower(v[0]), "accept-encoding") != 1 {
						t.Errorf("Vary %q: want one line naming Accept-Encoding once", v)
					}
				}
				got := decode(t, zipped)
				if tc.method == "GET" && !bytes.Equal(got, plain.Body.Bytes()) {
					t.Errorf("gzip body differs from the plain one")
				}
				if len(got) != plain.Body.Len() && tc.method == "GET" {
					t.Errorf("decoded %d bytes, plain %d", len(got), plain.Body.Len())
				}
				ratio := float64(zipped.Body.Len()) / float64(len(got))
				t.Logf("%s: %d bytes, gzip %d bytes (%.1f %%, %.1f×)", tc.name, len(got), zipped.Body.Len(), 100*ratio, 1/ratio)
				if ratio > 0.5 {
					t.Errorf("gzip saves too little: %.2f", ratio)
				}
				// zstd is preferred where a client takes both.
				z := do(h, tc.method, tc.target, tc.body, append(tc.header, "Accept-Encoding", "gzip, deflate, br, zstd")...)
				if z.Header().Get("Content-Encoding") != "zstd" || len(decode(t, z)) != len(got) {
					t.Errorf("zstd: %v", z.Header())
				}
				t.Logf("%s: zstd %d bytes", tc.name, z.Body.Len())
			})
		}
	})
}

func TestCompressionIsNegotiated(t *testing.T) {
	h := testenv.Shared(t, testenv.DBs[0]).Handler
	for _, ae := range []string{"identity", "gzip;q=0", "gzip;q=0, zstd;q=0, identity", "br", "*;q=0"} {
		rec := do(h, "GET", "/de/ratgeber/wohnsitz-anmelden", "", "Accept-Encoding", ae)
		if rec.Code != 200 || rec.Header().Get("Content-Encoding") != "" || !strings.Contains(rec.Body.String(), "<html") {
			t.Errorf("Accept-Encoding %q: %d, Content-Encoding %q", ae, rec.Code, rec.Header().Get("Content-Encoding"))
		}
		if !varies(rec.Header(), "Accept-Encoding") {
			t.Errorf("Accept-Encoding %q: no Vary", ae)
		}
	}
	if rec := do(h, "GET", "/de/ratgeber/wohnsitz-anmelden", "", "Accept-Encoding", "zstd;q=0.5, gzip"); rec.Header().Get("Content-Encoding") != "gzip" {
		t.Errorf("q-values ignored: %q", rec.Header().Get("Content-Encoding"))
	}
	// Small bodies are sent as they are: compressing them saves nothing.
	for _, target := range []string{"/healthz", "/robots.txt", "/graphql?query=%7Blanguages%7Bcode%7D%7D"} {
		rec := do(h, "GET", target, "", "Accept-Encoding", "gzip, zstd")
		if rec.Code != 200 || rec.Header().Get("Content-Encoding") != "" || rec.Body.Len() >= 1024 {
			t.Errorf("%s: %d, Content-Encoding %q, %d bytes", target, rec.Code, rec.Header().Get("Content-Encoding"), rec.Body.Len())
		}
	}
	// Compressed formats are not compressed again.
	page := do(h, "GET", "/de/", "").Body.String()
	m := regexp.MustCompile(`(/static/[0-9a-f]+/icon-512\.png)`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no 512 px icon linked")
	}
	if rec := do(h, "GET", m[1], "", "Accept-Encoding", "gzip"); rec.Code != 200 || rec.Header().Get("Content-Encoding") != "" || rec.Body.Len() < 1024 {
		t.Errorf("PNG: %d, Content-Encoding %q", rec.Code, rec.Header().Get("Content-Encoding"))
	}
}

// TestRevalidationWithAndWithoutCompression: a client holding either
// representation of a page or a static file gets 304, with the entity tag
// it holds; the compressed representation has a tag of its own.
func TestRevalidationWithAndWithoutCompression(t *testing.T) {
	h := testenv.Shared(t, testenv.DBs[0]).Handler
	for _, target := range []string{"/en/glossary", stylesheet(t, h)} {
		plain := do(h, "GET", target, "")
		zipped := do(h, "GET", target, "", "Accept-Encoding", "gzip")
		zs := do(h, "GET", target, "", "Accept-Encoding", "zstd")
		plainTag, gzipTag, zstdTag := plain.Header().Get("ETag"), zipped.Header().Get("ETag"), zs.Header().Get("ETag")
		if plainTag == "" || gzipTag == "" || zstdTag == "" || plainTag == gzipTag || gzipTag == zstdTag {
			t.Fatalf("%s: ETags identity %s, gzip %s, zstd %s: each representation needs its own", target, plainTag, gzipTag, zstdTag)
		}
		for _, tc := range []struct {
			name, held, encoding string
		}{
			{"identity", plainTag, ""},
			{"gzip", gzipTag, "gzip"},
			{"zstd", zstdTag, "zstd"},
			{"gzip tag, no compression now", gzipTag, ""},
			{"identity tag, gzip now", plainTag, "gzip"},
			{"several tags", `"other", ` + gzipTag, "gzip"},
		} {
			var header []string
			if tc.encoding != "" {
				header = []string{"Accept-Encoding", tc.encoding}
			}
			rec := do(h, "GET", target, "", append(header, "If-None-Match", tc.held)...)
			want := strings.TrimPrefix(tc.held, `"other", `)
			if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 || rec.Header().Get("ETag") != want {
				t.Errorf("%s %s: %d, ETag %s, want 304 with %s", target, tc.name, rec.Code, rec.Header().Get("ETag"), want)
			}
			if !varies(rec.Header(), "Accept-Encoding") {
				t.Errorf("%s %s: 304 without Vary: Accept-Encoding", target, tc.name)
			}
		}
		if rec := do(h, "GET", target, "", "If-None-Match", `"stale"`, "Accept-Encoding", "gzip"); rec.Code != 200 {
			t.Errorf("%s: a stale tag gets %d", target, rec.Code)
		}
	}
}

func TestHSTSOnlyOverHTTPS(t *testing.T) {
	a := testenv.NewApp(t, testenv.DBs[0], testenv.WithConfig(func(c *config.Config) {
		c.Database.SeedIfEmpty = false
		c.Server.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	}))
	for _, tc := range []struct {
		name, remote, proto string
		tls                 bool
		want                bool
	}{
		{"plain HTTP", "192.0.2.1:4000", "", false, false},
		{"TLS", "192.0.2.1:4000", "", true, true},
		{"trusted proxy, https", "10.0.0.5:4000", "https", false, true},
		{"trusted proxy, http", "10.0.0.5:4000", "http", false, false},
		{"trusted proxy appends to a forged value", "10.0.0.5:4000", "https, http", false, false},
		{"untrusted client claims https", "192.0.2.1:4000", "https", false, false},
	} {
		req := httptest.NewRequest("GET", "/healthz", nil)
		req.RemoteAddr = tc.remote
		if tc.proto != "" {
			req.Header.Set("X-Forwarded-Proto", tc.proto)
		}
		if tc.tls {
			req.TLS = &tls.ConnectionState{}
		}
		rec := httptest.NewRecorder()
		a.Handler.ServeHTTP(rec, req)
		got := rec.Header().Get("Strict-Transport-Security")
		if (got != "") != tc.want || (tc.want && !strings.HasPrefix(got, "max-age=31536000")) {
			t.Errorf("%s: Strict-Transport-Security %q", tc.name, got)
		}
	}
}
