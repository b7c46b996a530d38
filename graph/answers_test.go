package graph_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"

	"relocate/ent"
	"relocate/internal/lang"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// Anonymous reads of the published guide are answered from memory and
// kept whole (internal/edge): these tests check that a kept answer is the
// answer the reader would get anyway, and that nothing else is kept.

// answer is one response as a client sees it.
type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) cacheStatus() string { return a.header.Get("Cache-Status") }

// send sends method to path of h (a POST's body is body) with header
// pairs, and returns the response as sent (not decompressed).
func send(h http.Handler, method, path string, body []byte, header ...string) answer {
	var r *http.Request
	if body != nil {
		r = httptest.NewRequest(method, path, bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
	} else {
		r = httptest.NewRequest(method, path, nil)
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	b, _ := io.ReadAll(rec.Result().Body)
	return answer{rec.Code, rec.Result().Header, b}
}

func postBody(t *testing.T, op string, vars map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{"query": op, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRepeatedPublicReadsAreAnsweredFromMemory(t *testing.T) {
	a := demoArticle(t, "living-everyday")
	slug := a.Texts[lang.DE].Slug
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		counter := &statementCounter{}
		app := testenv.NewApp(t, db, testenv.WithEntOptions(ent.Debug(), ent.Log(counter.log)))
		body := postBody(t, articleOp, map[string]any{"s": slug})
		first := send(app.Handler, http.MethodPost, "/graphql", body, "Accept-Language", "lv")
		if first.status != http.StatusOK || bytes.Contains(first.body, []byte(`"errors"`)) {
			t.Fatalf("first answer: %d %.300s", first.status, first.body)
		}
		if got := first.cacheStatus(); got != "relocate; fwd=miss; stored" {
			t.Errorf("first answer: Cache-Status %q", got)
		}
		var again answer
		n, queries := counter.measure(func() { again = send(app.Handler, http.MethodPost, "/graphql", body, "Accept-Language", "lv") })
		if got := again.cacheStatus(); got != "relocate; hit" {
			t.Errorf("second answer: Cache-Status %q", got)
		}
		if !bytes.Equal(first.body, again.body) || again.header.Get("Content-Type") != first.header.Get("Content-Type") {
			t.Errorf("the kept answer differs:\n%s\n%s", first.body, again.body)
		}
		if n != 0 {
			t.Errorf("the kept answer ran %d statements:\n%s", n, strings.Join(queries, "\n"))
		}
		if again.header.Get("Cache-Control") != "no-store" {
			t.Errorf("a POST answer may be stored: Cache-Control %q", again.header.Get("Cache-Control"))
		}

		// Another language is another answer, kept on its own.
		ru := send(app.Handler, http.MethodPost, "/graphql", body, "Accept-Language", "ru")
		ruAgain := send(app.Handler, http.MethodPost, "/graphql", body, "Accept-Language", "ru")
		if !strings.Contains(string(ru.body), a.Texts[lang.RU].Title) || bytes.Equal(ru.body, first.body) {
			t.Errorf("Russian reader got: %.200s", ru.body)
		}
		if ruAgain.cacheStatus() != "relocate; hit" || !bytes.Equal(ru.body, ruAgain.body) {
			t.Errorf("Russian answer again: %q %.200s", ruAgain.cacheStatus(), ruAgain.body)
		}
		// So is a language chosen by the operation.
		inCtx := postBody(t, `query($s: String!) @inContext(language: RU) { guideArticle(slug: $s) { title language } }`, map[string]any{"s": slug})
		send(app.Handler, http.MethodPost, "/graphql", inCtx, "Accept-Language", "lv")
		if got := send(app.Handler, http.MethodPost, "/graphql", inCtx, "Accept-Language", "lv"); !strings.Contains(string(got.body), a.Texts[lang.RU].Title) {
			t.Errorf("@inContext(language: RU): %.200s", got.body)
		}

		// The site's article page too.
		page := "/lv/celvedis/" + a.Texts[lang.LV].Slug
		var p1, p2 answer
		n, queries = counter.measure(func() { p1 = send(app.Handler, http.MethodGet, page, nil) })
		if n != 0 {
			t.Errorf("the site page ran %d statements:\n%s", n, strings.Join(queries, "\n"))
		}
		n, queries = counter.measure(func() { p2 = send(app.Handler, http.MethodGet, page, nil) })
		if p1.status != http.StatusOK || p2.status != http.StatusOK || !bytes.Equal(p1.body, p2.body) {
			t.Errorf("site page: %d then %d, same body %v", p1.status, p2.status, bytes.Equal(p1.body, p2.body))
		}
		if p2.cacheStatus() != "relocate; hit" || n != 0 {
			t.Errorf("site page again: Cache-Status %q, %d statements:\n%s", p2.cacheStatus(), n, strings.Join(queries, "\n"))
		}
		if p2.header.Get("ETag") != p1.header.Get("ETag") || p2.header.Get("Last-Modified") != p1.header.Get("Last-Modified") ||
			p2.header.Get("Content-Type") != p1.header.Get("Content-Type") {
			t.Errorf("site page headers differ:\n%v\n%v", p1.header, p2.header)
		}
	})
}

func TestKeptAnswersAreCompressedAndRevalidated(t *testing.T) {
	a := demoArticle(t, "living-everyday")
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		app := testenv.NewApp(t, db)
		path := "/graphql?" + url.Values{"query": {articleOp}, "variables": {`{"s":"` + a.Texts[lang.DE].Slug + `"}`}}.Encode()
		plain := send(app.Handler, http.MethodGet, path, nil, "Accept-Language", "de", "Accept-Encoding", "identity")
		if plain.status != http.StatusOK || plain.header.Get("ETag") == "" || plain.header.Get("Content-Encoding") != "" {
			t.Fatalf("GET: %d %v %.200s", plain.status, plain.header, plain.body)
		}
		if !strings.Contains(plain.header.Get("Cache-Control"), "public") || !strings.Contains(strings.Join(plain.header.Values("Vary"), ","), "Accept-Language") {
			t.Errorf("GET answer headers: %v", plain.header)
		}
		for _, coding := range []string{"gzip", "zstd"} {
			for range 2 { // made and kept, then served kept
				got := send(app.Handler, http.MethodGet, path, nil, "Accept-Language", "de", "Accept-Encoding", coding)
				if got.header.Get("Content-Encoding") != coding {
					t.Fatalf("%s: Content-Encoding %q", coding, got.header.Get("Content-Encoding"))
				}
				var body []byte
				var err error
				if coding == "gzip" {
					var zr *gzip.Reader
					if zr, err = gzip.NewReader(bytes.NewReader(got.body)); err == nil {
						body, err = io.ReadAll(zr)
					}
				} else {
					var zr *zstd.Decoder
					if zr, err = zstd.NewReader(bytes.NewReader(got.body)); err == nil {
						body, err = io.ReadAll(zr)
						zr.Close()
					}
				}
				if err != nil || !bytes.Equal(body, plain.body) {
					t.Errorf("%s (%s) decompresses to %.200s (%v)", coding, got.cacheStatus(), body, err)
				}
				if want := strings.TrimSuffix(plain.header.Get("ETag"), `"`) + "-" + coding + `"`; got.header.Get("ETag") != want {
					t.Errorf("%s: ETag %q, want %q", coding, got.header.Get("ETag"), want)
				}
				// The reader's tag of either representation revalidates.
				for _, tag := range []string{got.header.Get("ETag"), plain.header.Get("ETag")} {
					nm := send(app.Handler, http.MethodGet, path, nil, "Accept-Language", "de", "Accept-Encoding", coding, "If-None-Match", tag)
					if nm.status != http.StatusNotModified || len(nm.body) != 0 || nm.cacheStatus() != "relocate; hit" {
						t.Errorf("If-None-Match %s: %d %q %d bytes", tag, nm.status, nm.cacheStatus(), len(nm.body))
					}
				}
			}
		}
		// Another language does not match the German tag.
		lv := send(app.Handler, http.MethodGet, path, nil, "Accept-Language", "lv", "If-None-Match", plain.header.Get("ETag"))
		if lv.status != http.StatusOK {
			t.Errorf("Latvian reader with the German tag: %d", lv.status)
		}
	})
}

func TestKeptAnswersFollowTheContentAndTheDay(t *testing.T) {
	a := demoArticle(t, "living-everyday")
	slug := a.Texts[lang.DE].Slug
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		var now atomic.Pointer[time.Time]
		start := time.Now()
		now.Store(&start)
		s := &staff{app: testenv.NewApp(t, db, testenv.WithClock(func() time.Time { return *now.Load() }))}
		s.gql = testenv.NewGraphQL(t, s.app.Handler)
		s.editor = testenv.SignIn(t, s.app, "editor@example.org", []viewer.Role{viewer.Editor})
		op := postBody(t, `query($s: String!) { guideArticle(slug: $s) { title freshness } }`, map[string]any{"s": slug})
		read := func() answer { return send(s.app.Handler, http.MethodPost, "/graphql", op, "Accept-Language", "de") }
		read()
		if got := read(); got.cacheStatus() != "relocate; hit" {
			t.Fatalf("not kept: %q %.200s", got.cacheStatus(), got.body)
		}

		id := articleID(t, s.gql, slug)
		s.as(s.editor, `mutation($id: ID!) { editGuideArticleSource(id: $id, change: MINOR, input: {title: "Wohnen im Alltag, neu"}) { id } }`,
			map[string]any{"id": id}).MustData(&struct{}{})
		if got := read(); !strings.Contains(string(got.body), "Wohnen im Alltag, neu") || got.cacheStatus() == "relocate; hit" {
			t.Errorf("after the edit: %q %.200s", got.cacheStatus(), got.body)
		}
		page := "/de/ratgeber/" + slug
		send(s.app.Handler, http.MethodGet, page, nil)
		s.as(s.editor, `mutation($id: ID!) { unpublish(id: $id) { id } }`, map[string]any{"id": id}).MustData(&struct{}{})
		if got := read(); !strings.Contains(string(got.body), "NOT_FOUND") {
			t.Errorf("after unpublishing: %q %.200s", got.cacheStatus(), got.body)
		}
		if p := send(s.app.Handler, http.MethodGet, page, nil); p.status != http.StatusNotFound {
			t.Errorf("site page after unpublishing: %d %q", p.status, p.cacheStatus())
		}
		// A search asks the full-text index, which holds the published
		// texts of the content version: kept too, and made anew after a
		// change.
		search := postBody(t, `query($q: String!) { searchGuide(query: $q) { article { title } } }`, map[string]any{"q": "Alltag neu"})
		find := func() answer {
			return send(s.app.Handler, http.MethodPost, "/graphql", search, "Accept-Language", "de")
		}
		find()
		if got := find(); got.cacheStatus() != "relocate; hit" || strings.Contains(string(got.body), "Wohnen im Alltag, neu") {
			t.Errorf("search while unpublished: %q %.200s", got.cacheStatus(), got.body)
		}
		s.as(s.editor, `mutation($id: ID!) { publish(id: $id) { id } }`, map[string]any{"id": id}).MustData(&struct{}{})
		read()
		if got := read(); got.cacheStatus() != "relocate; hit" || !strings.Contains(string(got.body), "Wohnen im Alltag, neu") {
			t.Errorf("after publishing again: %q %.200s", got.cacheStatus(), got.body)
		}
		if got := find(); got.cacheStatus() == "relocate; hit" || !strings.Contains(string(got.body), "Wohnen im Alltag, neu") {
			t.Errorf("search after publishing again: %q %.200s", got.cacheStatus(), got.body)
		}

		// Freshness is judged by the day: a new day makes a new answer.
		tomorrow := start.Add(24 * time.Hour)
		now.Store(&tomorrow)
		if got := read(); got.cacheStatus() == "relocate; hit" {
			t.Errorf("the next day: %q", got.cacheStatus())
		}
	})
}

func TestOnlyPublicAnswersAreKept(t *testing.T) {
	a := demoArticle(t, "living-everyday")
	slug := a.Texts[lang.DE].Slug
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		s := newStaff(t, db)
		op := postBody(t, statusOp, map[string]any{"s": slug})
		for range 2 {
			send(s.app.Handler, http.MethodPost, "/graphql", op, "Accept-Language", "de")
		}
		// A signed-in reader (who may see drafts) gets their own answer.
		for range 2 {
			got := send(s.app.Handler, http.MethodPost, "/graphql", op, "Accept-Language", "de", "Authorization", "Bearer "+s.editor)
			if got.cacheStatus() != "" || got.status != http.StatusOK {
				t.Errorf("signed-in reader: %d Cache-Status %q", got.status, got.cacheStatus())
			}
		}
		// So does one signed in on the site.
		page := "/de/ratgeber/" + slug
		send(s.app.Handler, http.MethodGet, page, nil)
		send(s.app.Handler, http.MethodGet, page, nil)
		if got := send(s.app.Handler, http.MethodGet, page, nil, "Cookie", "relocate_session="+s.editor); got.cacheStatus() == "relocate; hit" {
			t.Errorf("signed-in site reader: Cache-Status %q", got.cacheStatus())
		}

		for name, body := range map[string][]byte{
			"an error":           postBody(t, `{ guideArticle(slug: "no-such-article") { title } }`, nil),
			"a validation error": postBody(t, `{ guideArticle(slug: "x") { noSuchField } }`, nil),
			"a database read":    postBody(t, `{ guideArticles(first: 5, where: {keyNEQ: ""}) { totalCount } }`, nil),
			"a mutation":         postBody(t, `mutation { logout }`, nil),
		} {
			for i := range 2 {
				if got := send(s.app.Handler, http.MethodPost, "/graphql", body, "Accept-Language", "de"); got.cacheStatus() == "relocate; hit" || strings.Contains(got.cacheStatus(), "stored") {
					t.Errorf("%s, request %d: Cache-Status %q: %.200s", name, i+1, got.cacheStatus(), got.body)
				}
			}
		}
	})
}
