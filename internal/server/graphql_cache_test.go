package server_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

func getGraphQL(h http.Handler, params url.Values, header ...string) *httptest.ResponseRecorder {
	return do(h, http.MethodGet, "/graphql?"+params.Encode(), "", header...)
}

func vary(rec *httptest.ResponseRecorder) []string {
	var names []string
	for _, v := range rec.Header().Values("Vary") {
		for _, n := range strings.Split(v, ",") {
			names = append(names, http.CanonicalHeaderKey(strings.TrimSpace(n)))
		}
	}
	return names
}

func TestPublicGETAnswersAreCacheable(t *testing.T) {
	h := testenv.Shared(t, testenv.DBs[0]).Handler
	query := `{ languages { code nativeName completeness } }`
	sum := sha256.Sum256([]byte(query))
	hash := hex.EncodeToString(sum[:])
	// Registered once for the APQ and documentId forms.
	if rec := do(h, http.MethodPost, "/graphql", `{"query":"`+query+`","extensions":{"persistedQuery":{"version":1,"sha256Hash":"`+hash+`"}}}`, "Content-Type", "application/json"); rec.Code != 200 {
		t.Fatalf("register: %d %s", rec.Code, rec.Body)
	}
	for name, params := range map[string]url.Values{
		"query":      {"query": {query}},
		"APQ hash":   {"extensions": {`{"persistedQuery":{"version":1,"sha256Hash":"` + hash + `"}}`}},
		"documentId": {"documentId": {"sha256:" + hash}},
	} {
		t.Run(name, func(t *testing.T) {
			first := getGraphQL(h, params, "Accept-Language", "lv")
			if first.Code != http.StatusOK || !strings.Contains(first.Body.String(), "Latviešu") {
				t.Fatalf("%d %s", first.Code, first.Body)
			}
			if cc := first.Header().Get("Cache-Control"); cc != "public, max-age=60, stale-while-revalidate=60" {
				t.Errorf("Cache-Control %q", cc)
			}
			etag := first.Header().Get("ETag")
			if !strings.HasPrefix(etag, `"`) || len(etag) < 10 {
				t.Errorf("ETag %q, want a strong one", etag)
			}
			for _, v := range []string{"Accept-Language", "Authorization", "Cookie"} {
				if !slices.Contains(vary(first), v) {
					t.Errorf("Vary %v lacks %s", vary(first), v)
				}
			}
			// Asked again with the ETag: 304 without a body, every time.
			for range 3 {
				again := getGraphQL(h, params, "Accept-Language", "lv", "If-None-Match", etag)
				if again.Code != http.StatusNotModified || again.Body.Len() != 0 || again.Header().Get("ETag") != etag {
					t.Errorf("repeat: %d %q ETag %q", again.Code, again.Body, again.Header().Get("ETag"))
				}
			}
			if rec := getGraphQL(h, params, "Accept-Language", "lv", "If-None-Match", `"other", W/`+etag); rec.Code != http.StatusNotModified {
				t.Errorf("a list with the weak form of the tag: %d", rec.Code)
			}
			// A browser following such a link gets the answer, not GraphiQL.
			if rec := getGraphQL(h, params, "Accept", "text/html,application/xhtml+xml"); !strings.Contains(rec.Header().Get("Content-Type"), "json") {
				t.Errorf("from a browser: %s", rec.Header().Get("Content-Type"))
			}
			// Another language is another answer.
			ru := getGraphQL(h, params, "Accept-Language", "ru", "If-None-Match", etag)
			if ru.Code != http.StatusOK || ru.Header().Get("ETag") == etag {
				t.Errorf("Russian: %d, ETag %q", ru.Code, ru.Header().Get("ETag"))
			}
		})
	}
}

func TestPrivateAndFailedAnswersAreNotStored(t *testing.T) {
	a := testenv.NewApp(t, testenv.DBs[0])
	h := a.Handler
	token := testenv.SignIn(t, a, "editor@example.org", []viewer.Role{viewer.Editor})
	q := func(s string) url.Values { return url.Values{"query": {s}} }
	for _, tc := range []struct {
		name string
		rec  *httptest.ResponseRecorder
	}{
		{"signed in by token", getGraphQL(h, q(`{ languages { code } }`), "Authorization", "Bearer "+token)},
		{"signed in by cookie", getGraphQL(h, q(`{ languages { code } }`), "Cookie", "relocate_session="+token)},
		{"not valid", getGraphQL(h, q(`{ languages { nope } }`))},
		{"not found", getGraphQL(h, q(`{ guideArticle(slug: "nope") { title } }`))},
		{"refused", getGraphQL(h, q(`{ users { totalCount } }`))},
		{"unknown hash", getGraphQL(h, url.Values{"documentId": {"sha256:" + strings.Repeat("ab", 32)}})},
		{"mutation", getGraphQL(h, q(`mutation { logout }`))},
	} {
		cc := tc.rec.Header().Get("Cache-Control")
		if !strings.Contains(cc, "no-store") || strings.Contains(cc, "public") || tc.rec.Header().Get("ETag") != "" {
			t.Errorf("%s: %d Cache-Control %q ETag %q", tc.name, tc.rec.Code, cc, tc.rec.Header().Get("ETag"))
		}
	}
	// A signed-in answer is never 304 from a public tag.
	public := getGraphQL(h, q(`{ languages { code } }`))
	signedIn := getGraphQL(h, q(`{ languages { code } }`), "Authorization", "Bearer "+token, "If-None-Match", public.Header().Get("ETag"))
	if signedIn.Code != http.StatusOK {
		t.Errorf("signed in with the public ETag: %d", signedIn.Code)
	}
	// POST answers are not stored.
	post := do(h, http.MethodPost, "/graphql", `{"query":"{ languages { code } }"}`, "Content-Type", "application/json", "If-None-Match", public.Header().Get("ETag"))
	if post.Code != http.StatusOK || post.Header().Get("Cache-Control") != "no-store" || post.Header().Get("ETag") != "" {
		t.Errorf("POST: %d Cache-Control %q ETag %q", post.Code, post.Header().Get("Cache-Control"), post.Header().Get("ETag"))
	}
}
