package server

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"relocate/locales"
)

// TestRequestsAreBounded: a request that outlives RequestTimeout has its
// context ended and, if its handler answered nothing, gets 503 with
// Retry-After and a translated message; a handler that answers in time,
// or answers its own way when its context ends, is passed on untouched.
func TestRequestsAreBounded(t *testing.T) {
	catalog, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	waitThen := func(answer func(http.ResponseWriter)) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("slow") != "" {
				<-r.Context().Done() // e.g. a database statement, stopped by the deadline
			}
			answer(w)
		})
	}
	site := waitThen(func(w http.ResponseWriter) {})
	own := waitThen(func(w http.ResponseWriter) {
		w.WriteHeader(http.StatusTeapot)
		_, _ = io.WriteString(w, "own answer")
	})
	gqlgen := waitThen(func(w http.ResponseWriter) { _, _ = io.WriteString(w, "null") }) // what gqlgen writes on an expired context
	mux := http.NewServeMux()
	mux.Handle("/own", own)
	mux.Handle("/", site)
	h := New(Deps{
		Logger: slog.New(slog.DiscardHandler), Catalog: catalog, GraphQL: gqlgen, Site: mux,
		GraphQLTimeout: time.Minute, RequestTimeout: 50 * time.Millisecond,
	})
	get := func(target, accept string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", target, nil)
		r.Header.Set("Accept", accept)
		r.Header.Set("Accept-Language", "lv")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	lv := catalog.T("lv", "error.timeout", nil)

	page := get("/lv/celvedis?slow=1", "text/html")
	if page.Code != http.StatusServiceUnavailable || page.Header().Get("Retry-After") == "" ||
		!strings.HasPrefix(page.Header().Get("Content-Type"), "text/plain") || page.Body.String() != lv {
		t.Errorf("slow page: %d %q %q", page.Code, page.Header(), page.Body)
	}
	if fast := get("/lv/celvedis", "text/html"); fast.Code != http.StatusOK || fast.Body.Len() != 0 {
		t.Errorf("fast page: %d %q", fast.Code, fast.Body)
	}
	if o := get("/own?slow=1", "text/html"); o.Code != http.StatusTeapot || o.Body.String() != "own answer" {
		t.Errorf("a handler's own answer after the deadline: %d %q", o.Code, o.Body)
	}

	api := get("/graphql?slow=1&query=%7Blanguages%7Bcode%7D%7D", "application/json")
	var resp struct {
		Errors []struct {
			Message    string
			Extensions struct{ Code string }
		}
	}
	if err := json.Unmarshal(api.Body.Bytes(), &resp); err != nil || api.Code != http.StatusServiceUnavailable ||
		api.Header().Get("Retry-After") == "" || len(resp.Errors) != 1 ||
		resp.Errors[0].Extensions.Code != "TIMEOUT" || resp.Errors[0].Message != lv {
		t.Errorf("slow API request: %d %q %s", api.Code, api.Header(), api.Body)
	}
}
