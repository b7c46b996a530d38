package server_test

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"relocate/internal/config"
	"relocate/internal/testenv"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }

func do(h http.Handler, method, target, body string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestGraphQLOverHTTP(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		h := testenv.Shared(t, db).Handler
		q := url.QueryEscape(`{ languages { code } }`)
		bad := `{"query":"{ languages { nope } }"}`
		good := `{"query":"{ languages { code } }"}`
		for _, tc := range []struct {
			name, method, target, body, contentType, accept string
			status                                          int
			wantType, wantCode                              string
		}{
			{"GET query", "GET", "/graphql?query=" + q, "", "", "application/json", 200, "application/json", ""},
			{"POST json", "POST", "/graphql", good, "application/json", "application/json", 200, "application/json", ""},
			{"POST with charset", "POST", "/graphql", good, "application/json; charset=utf-8", "", 200, "application/json", ""},
			{"graphql-response+json", "POST", "/graphql", good, "application/json", "application/graphql-response+json", 200, "application/graphql-response+json", ""},
			{"invalid, json: 200", "POST", "/graphql", bad, "application/json", "application/json", 200, "application/json", "GRAPHQL_VALIDATION_FAILED"},
			{"invalid, graphql-response+json: 400", "POST", "/graphql", bad, "application/json", "application/graphql-response+json", 400, "application/graphql-response+json", "GRAPHQL_VALIDATION_FAILED"},
			{"not JSON", "POST", "/graphql", `{"query":`, "application/json", "application/json", 400, "application/json", "BAD_REQUEST"},
			{"form post", "POST", "/graphql", "query=x", "application/x-www-form-urlencoded", "", 415, "application/json", "UNSUPPORTED_MEDIA_TYPE"},
			{"PUT", "PUT", "/graphql", good, "application/json", "", 405, "application/json", "METHOD_NOT_ALLOWED"},
			{"DELETE", "DELETE", "/graphql", "", "", "", 405, "application/json", "METHOD_NOT_ALLOWED"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				rec := do(h, tc.method, tc.target, tc.body, "Content-Type", tc.contentType, "Accept", tc.accept, "Accept-Language", "lv")
				if rec.Code != tc.status {
					t.Errorf("status %d, want %d: %s", rec.Code, tc.status, rec.Body)
				}
				if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, tc.wantType) {
					t.Errorf("Content-Type %q, want %s", ct, tc.wantType)
				}
				var resp struct {
					Data   json.RawMessage
					Errors []struct {
						Message    string
						Extensions struct{ Code string }
					}
				}
				if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
					t.Fatalf("not JSON: %s", rec.Body)
				}
				code := ""
				if len(resp.Errors) > 0 {
					code = resp.Errors[0].Extensions.Code
				}
				if code != tc.wantCode {
					t.Errorf("code %q, want %q: %s", code, tc.wantCode, rec.Body)
				}
				if strings.Contains(rec.Body.String(), `{"query":`) {
					t.Errorf("the request body is echoed back: %s", rec.Body)
				}
			})
		}
		if rec := do(h, "PUT", "/graphql", ""); rec.Header().Get("Allow") != "GET, POST, OPTIONS" {
			t.Errorf("405 without Allow header")
		}
	})
}

func TestEveryResponseHasSecurityHeadersAndRequestID(t *testing.T) {
	h := testenv.Shared(t, testenv.DBs[0]).Handler
	for _, target := range []string{"/graphql?query=%7Blanguages%7Bcode%7D%7D", "/healthz", "/nope"} {
		rec := do(h, "GET", target, "")
		for _, name := range []string{"X-Content-Type-Options", "Referrer-Policy", "Content-Security-Policy", "X-Request-ID"} {
			if rec.Header().Get(name) == "" {
				t.Errorf("%s: no %s header", target, name)
			}
		}
		if !strings.Contains(rec.Header().Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("%s: CSP allows framing", target)
		}
	}
}

func TestHealthAndReadiness(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		a := testenv.NewApp(t, db)
		if rec := do(a.Handler, "GET", "/healthz", ""); rec.Code != 200 {
			t.Errorf("healthz: %d", rec.Code)
		}
		if rec := do(a.Handler, "GET", "/readyz", ""); rec.Code != 200 {
			t.Errorf("readyz with a database: %d", rec.Code)
		}
		_ = a.Store.DB.Close()
		if rec := do(a.Handler, "GET", "/readyz", ""); rec.Code != http.StatusServiceUnavailable {
			t.Errorf("readyz without a database: %d, want 503", rec.Code)
		}
		if rec := do(a.Handler, "GET", "/healthz", ""); rec.Code != 200 {
			t.Errorf("healthz must not depend on the database: %d", rec.Code)
		}
	})
}

func TestCORSAllowList(t *testing.T) {
	db := testenv.DBs[0]
	a := testenv.NewApp(t, db, testenv.WithConfig(func(c *config.Config) {
		c.Database.SeedIfEmpty = false
		c.Server.CORSOrigins = []string{"https://app.example.org"}
	}))
	get := "/graphql?query=" + url.QueryEscape("{ languages { code } }")
	if rec := do(a.Handler, "GET", get, "", "Origin", "https://app.example.org"); rec.Header().Get("Access-Control-Allow-Origin") != "https://app.example.org" ||
		rec.Header().Get("Access-Control-Allow-Credentials") != "true" {
		t.Errorf("listed origin not allowed with credentials: %v", rec.Header())
	}
	if rec := do(a.Handler, "GET", get, "", "Origin", "https://evil.example"); rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("unlisted origin allowed")
	}
	pre := do(a.Handler, "OPTIONS", "/graphql", "", "Origin", "https://app.example.org",
		"Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type")
	if pre.Header().Get("Access-Control-Allow-Origin") != "https://app.example.org" || !strings.Contains(pre.Header().Get("Access-Control-Allow-Methods"), "POST") {
		t.Errorf("preflight: %d %v", pre.Code, pre.Header())
	}
	// A listed origin may also change things with the session cookie.
	body := `{"query":"mutation { logout }"}`
	req := httptest.NewRequest("POST", "/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "https://app.example.org")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.AddCookie(&http.Cookie{Name: "relocate_session", Value: "unknown"})
	rec := httptest.NewRecorder()
	a.Handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnauthorized { // passes the cross-site check, then the unknown session is refused
		t.Errorf("a listed origin's cookie request: %d %s", rec.Code, rec.Body)
	}
	// Nothing is allowed by default.
	def := testenv.Shared(t, db).Handler
	if rec := do(def, "GET", get, "", "Origin", "https://app.example.org"); rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("an origin is allowed without configuration")
	}
}

func TestGraphiQLIsServedLocally(t *testing.T) {
	h := testenv.Shared(t, testenv.DBs[0]).Handler
	page := do(h, "GET", "/graphql", "", "Accept", "text/html,application/xhtml+xml")
	if page.Code != 200 || !strings.Contains(page.Body.String(), "graphiql.min.js") {
		t.Fatalf("GraphiQL page: %d %s", page.Code, page.Body)
	}
	if strings.Contains(page.Body.String(), "https://") {
		t.Errorf("GraphiQL loads something from another site")
	}
	for _, asset := range []string{"graphiql.min.js", "graphiql.min.css", "react.production.min.js", "react-dom.production.min.js", "init.js"} {
		rec := do(h, "GET", "/graphiql/"+asset, "", "Accept-Encoding", "gzip")
		if rec.Code != 200 || rec.Body.Len() < 100 {
			t.Errorf("%s: %d, %d bytes", asset, rec.Code, rec.Body.Len())
		}
	}
	// A client without gzip gets the plain file.
	plain := do(h, "GET", "/graphiql/react.production.min.js", "")
	if plain.Header().Get("Content-Encoding") != "" || !strings.Contains(plain.Body.String(), "React") {
		t.Errorf("plain asset: %v", plain.Header())
	}
	zipped := do(h, "GET", "/graphiql/react.production.min.js", "", "Accept-Encoding", "gzip, br")
	zr, err := gzip.NewReader(zipped.Body)
	if err != nil || zipped.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("gzip asset: %v %v", err, zipped.Header())
	}
	b, _ := io.ReadAll(zr)
	if string(b) != plain.Body.String() {
		t.Errorf("gzip and plain assets differ")
	}
}
