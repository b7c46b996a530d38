package server

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestCompressionComposesWithHandlersThatRevalidate: a handler that
// buffers its answer and tags the uncompressed body (as GET /graphql
// does) sees If-None-Match without the encoding suffix, so its own
// comparison works; a handler that only sets ETag gets 304s from
// compress. Either way the client gets back the tag it holds.
func TestCompressionComposesWithHandlersThatRevalidate(t *testing.T) {
	body := `{"data":{"languages":[` + strings.Repeat(`{"code":"DE","nativeName":"Deutsch"},`, 60) + `{}]}}`
	sum := sha256.Sum256([]byte(body))
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	var seen []string
	revalidating := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Header.Get("If-None-Match"))
		w.Header().Set("ETag", etag)
		w.Header().Set("Vary", "Accept-Language")
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	})
	tagging := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	})
	for name, h := range map[string]http.Handler{"revalidating": compress(revalidating), "tagging": compress(tagging)} {
		get := func(header ...string) *httptest.ResponseRecorder {
			req := httptest.NewRequest("GET", "/graphql?query=x", nil)
			for i := 0; i+1 < len(header); i += 2 {
				req.Header.Set(header[i], header[i+1])
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			return rec
		}
		first := get("Accept-Encoding", "gzip")
		gz := first.Header().Get("ETag")
		if first.Code != 200 || first.Header().Get("Content-Encoding") != "gzip" || gz != strings.TrimSuffix(etag, `"`)+`-gzip"` {
			t.Fatalf("%s: %d %v", name, first.Code, first.Header())
		}
		if v := strings.Join(first.Header().Values("Vary"), ","); !strings.Contains(v, "Accept-Encoding") ||
			name == "revalidating" && !strings.Contains(v, "Accept-Language") {
			t.Errorf("%s: Vary %v", name, v)
		}
		for _, tc := range []struct{ held, encoding string }{{gz, "gzip"}, {etag, ""}, {gz, ""}, {"W/" + gz, "gzip"}} {
			rec := get("Accept-Encoding", tc.encoding, "If-None-Match", tc.held)
			if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 || rec.Header().Get("ETag") != tc.held {
				t.Errorf("%s: holding %s, Accept-Encoding %q: %d, ETag %s", name, tc.held, tc.encoding, rec.Code, rec.Header().Get("ETag"))
			}
		}
		if rec := get("Accept-Encoding", "gzip", "If-None-Match", `"other-gzip"`); rec.Code != 200 {
			t.Errorf("%s: a changed answer: %d", name, rec.Code)
		}
		// POST answers are never turned into 304.
		req := httptest.NewRequest("POST", "/graphql", nil)
		req.Header.Set("If-None-Match", etag)
		rec := httptest.NewRecorder()
		compress(tagging).ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Errorf("POST: %d", rec.Code)
		}
	}
	for _, s := range seen {
		if strings.Contains(s, "-gzip") {
			t.Errorf("the handler saw the encoding suffix: %s", s)
		}
	}
}
