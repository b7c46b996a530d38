package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"relocate/ent"
	"relocate/internal/config"
	"relocate/internal/lang"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// The public guide is served from an in-memory snapshot (internal/guide,
// snapshot.go): these tests check that reading it costs no SQL, that
// changes reach the next request, and that readers never see half a
// change.

const (
	topicsOp  = `{ guideCategories { name slug translations { language slug } children { name } articles(first: 10) { totalCount edges { node { title summary translationStatus path } } } } }`
	articleOp = `query($s: String!) { guideArticle(slug: $s) { title body bodyHtml language translationStatus path reviewDue freshness
	  category { name } related { title } glossaryTerms { term translation }
	  translations { language slug title status path } } }`
	placesOp   = `{ placeCategories { name } places(first: 20) { totalCount edges { cursor node { name description translationStatus category { name } } } } }`
	glossaryOp = `{ glossaryTerms(first: 20) { totalCount edges { node { term translation explanation language } } } }`
	searchOp   = `query($q: String!) { searchGuide(query: $q) { article { title path } snippet } }`
)

// languagesOp asks what the language switcher shows.
const languagesOp = `{ languages { code nativeName completeness } }`

func TestWarmPublicReadsRunNoStatements(t *testing.T) {
	a := demoArticle(t, "living-everyday")
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		counter := &statementCounter{}
		app := testenv.NewApp(t, db, testenv.WithEntOptions(ent.Debug(), ent.Log(counter.log)))
		gql := testenv.NewGraphQL(t, app.Handler)
		reads := []struct {
			name string
			run  func(l lang.Code) string
		}{
			{"guideCategories", func(l lang.Code) string { return string(gql.Post(topicsOp, nil, "Accept-Language", string(l)).Raw) }},
			{"guideArticle", func(l lang.Code) string {
				return string(gql.Post(articleOp, map[string]any{"s": a.Texts[lang.DE].Slug}, "Accept-Language", string(l)).Raw)
			}},
			{"places", func(l lang.Code) string { return string(gql.Post(placesOp, nil, "Accept-Language", string(l)).Raw) }},
			{"glossaryTerms", func(l lang.Code) string { return string(gql.Post(glossaryOp, nil, "Accept-Language", string(l)).Raw) }},
			{"languages", func(l lang.Code) string { return string(gql.Post(languagesOp, nil, "Accept-Language", string(l)).Raw) }},
			{"site places page", func(l lang.Code) string {
				places := map[lang.Code]string{lang.DE: "orte", lang.LV: "vietas", lang.RU: "mesta", lang.EN: "places"}
				rec := httptest.NewRecorder()
				app.Handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/"+string(l)+"/"+places[l], nil))
				body, _ := io.ReadAll(rec.Result().Body)
				return fmt.Sprint(rec.Code) + string(body)
			}},
			{"site article page", func(l lang.Code) string {
				rec := httptest.NewRecorder()
				app.Handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/"+string(l)+"/ratgeber/"+a.Texts[lang.DE].Slug, nil))
				body, _ := io.ReadAll(rec.Result().Body)
				return fmt.Sprint(rec.Code) + string(body)
			}},
		}
		for _, r := range reads {
			for _, l := range lang.All {
				warm := r.run(l) // the first reader of an article renders it
				if strings.Contains(warm, `"errors"`) || strings.HasPrefix(warm, "5") {
					t.Fatalf("%s in %s: %.300s", r.name, l, warm)
				}
				n, queries := counter.measure(func() { r.run(l) })
				if n != 0 {
					t.Errorf("%s: %s in %s ran %d statements:\n%s", db.Name, r.name, l, n, strings.Join(queries, "\n"))
				}
			}
		}
	})
}

// publicTitle returns the title public readers get for slug; "" when the
// article is not found.
func publicTitle(t *testing.T, gql *testenv.GraphQL, slug string) string {
	t.Helper()
	var d struct{ GuideArticle *struct{ Title string } }
	r := gql.Post(`query($s: String!) { guideArticle(slug: $s) { title } }`, map[string]any{"s": slug}, "Accept-Language", "de")
	if r.Code() == "NOT_FOUND" {
		return ""
	}
	r.MustData(&d)
	if d.GuideArticle == nil {
		return ""
	}
	return d.GuideArticle.Title
}

func TestEditsAreVisibleToTheNextRequest(t *testing.T) {
	a := demoArticle(t, "living-everyday")
	slug := a.Texts[lang.DE].Slug
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		s := newStaff(t, db)
		id := articleID(t, s.gql, slug)
		s.as(s.editor, `mutation($id: ID!) { editGuideArticleSource(id: $id, change: MINOR, input: {title: "Wohnen im Alltag, neu"}) { id } }`,
			map[string]any{"id": id}).MustData(&struct{}{})
		if got := publicTitle(t, s.gql, slug); got != "Wohnen im Alltag, neu" {
			t.Errorf("after the edit: %q", got)
		}
		s.as(s.editor, `mutation($id: ID!) { unpublish(id: $id) { id } }`, map[string]any{"id": id}).MustData(&struct{}{})
		if got := publicTitle(t, s.gql, slug); got != "" {
			t.Errorf("after unpublishing: %q", got)
		}
		if p := getSite(t, s.app.Handler, "/de/ratgeber/"+slug); p.status != http.StatusNotFound {
			t.Errorf("site page after unpublishing: %d", p.status)
		}
		s.as(s.editor, `mutation($id: ID!) { publish(id: $id) { id } }`, map[string]any{"id": id}).MustData(&struct{}{})
		if got := publicTitle(t, s.gql, slug); got != "Wohnen im Alltag, neu" {
			t.Errorf("after publishing again: %q", got)
		}
		if p := getSite(t, s.app.Handler, "/de/ratgeber/"+slug); p.status != http.StatusOK || !strings.Contains(p.body, "Wohnen im Alltag, neu") {
			t.Errorf("site page after publishing: %d", p.status)
		}
	})
}

// sitePage is a page of the public site.
type sitePage struct {
	status int
	body   string
}

func getSite(t *testing.T, h http.Handler, path string) sitePage {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	b, _ := io.ReadAll(rec.Result().Body)
	return sitePage{rec.Code, string(b)}
}

func TestASecondInstanceSeesChanges(t *testing.T) {
	a := demoArticle(t, "living-everyday")
	slug := a.Texts[lang.DE].Slug
	for _, db := range testenv.DBs {
		if db.Name != "postgres" {
			continue // one SQLite file has one server
		}
		t.Run(db.Name, func(t *testing.T) {
			url := db.URL(t)
			same := testenv.WithConfig(func(c *config.Config) { c.Database.URL = url })
			first := testenv.NewApp(t, db, same)
			second := testenv.NewApp(t, db, same)
			editor := testenv.SignIn(t, first, "editor@example.org", []viewer.Role{viewer.Editor})
			gql1, gql2 := testenv.NewGraphQL(t, first.Handler), testenv.NewGraphQL(t, second.Handler)
			if publicTitle(t, gql2, slug) == "" {
				t.Fatal("the second instance does not serve the article")
			}
			id := articleID(t, gql1, slug)
			gql1.Post(`mutation($id: ID!) { unpublish(id: $id) { id } }`, map[string]any{"id": id}, "Authorization", "Bearer "+editor).MustData(&struct{}{})
			deadline := time.Now().Add(5 * time.Second)
			for publicTitle(t, gql2, slug) != "" {
				if time.Now().After(deadline) {
					t.Fatal("the second instance still serves the unpublished article")
				}
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
}

func TestReadersSeeWholeChangesWhilePublishing(t *testing.T) {
	a := demoArticle(t, "living-everyday")
	slug := a.Texts[lang.DE].Slug
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		s := newStaff(t, db)
		id := articleID(t, s.gql, slug)
		// One operation reads the article twice: by slug and in the list.
		// From one snapshot, both agree.
		op := `query($s: String!) { guideArticle(slug: $s) { title } guideArticles(first: 100) { totalCount edges { node { slug } } } }`
		ctx, stop := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		errs := make(chan string, 8)
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for ctx.Err() == nil {
					var resp struct {
						Data struct {
							GuideArticle  *struct{ Title string }
							GuideArticles struct {
								TotalCount int
								Edges      []struct{ Node struct{ Slug string } }
							}
						}
					}
					r := s.gql.Post(op, map[string]any{"s": slug}, "Accept-Language", "de")
					if err := json.Unmarshal(r.Raw, &resp); err != nil {
						select {
						case errs <- err.Error():
						default:
						}
						return
					}
					d := resp.Data
					listed := false
					for _, e := range d.GuideArticles.Edges {
						listed = listed || e.Node.Slug == slug
					}
					if listed != (d.GuideArticle != nil) || d.GuideArticles.TotalCount != len(d.GuideArticles.Edges) {
						select {
						case errs <- string(r.Raw):
						default:
						}
					}
				}
			}()
		}
		for i := range 6 {
			op := "unpublish"
			if i%2 == 1 {
				op = "publish"
			}
			s.as(s.editor, `mutation($id: ID!) { `+op+`(id: $id) { id } }`, map[string]any{"id": id}).MustData(&struct{}{})
		}
		stop()
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Errorf("%s: an answer mixes two versions: %.400s", db.Name, e)
		}
		if publicTitle(t, s.gql, slug) == "" {
			t.Error("the article is not published at the end")
		}
	})
}

func TestSitePagesRevalidateAgainstTheSnapshot(t *testing.T) {
	a := demoArticle(t, "living-everyday")
	path := "/lv/celvedis/" + a.Texts[lang.LV].Slug
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		s := newStaff(t, db)
		fetch := func(etag string) *httptest.ResponseRecorder {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(http.MethodGet, path, nil)
			if etag != "" {
				req.Header.Set("If-None-Match", etag)
			}
			s.app.Handler.ServeHTTP(rec, req)
			return rec
		}
		first := fetch("")
		etag := first.Header().Get("ETag")
		if first.Code != http.StatusOK || etag == "" {
			t.Fatalf("%d %q", first.Code, etag)
		}
		if again := fetch(etag); again.Code != http.StatusNotModified || again.Body.Len() != 0 {
			t.Errorf("the same page again: %d", again.Code)
		}
		s.as(s.editor, `mutation($id: ID!) { editGuideArticleSource(id: $id, change: MINOR, input: {title: "Wohnen im Alltag, neu"}) { id } }`,
			map[string]any{"id": articleID(t, s.gql, a.Texts[lang.DE].Slug)}).MustData(&struct{}{})
		after := fetch(etag)
		if after.Code != http.StatusOK || after.Header().Get("ETag") == etag {
			t.Errorf("after an edit: %d, ETag %q", after.Code, after.Header().Get("ETag"))
		}
	})
}

func TestPublicReadsOutliveADatabaseOutage(t *testing.T) {
	a := demoArticle(t, "living-everyday")
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		app := testenv.NewApp(t, db)
		gql := testenv.NewGraphQL(t, app.Handler)
		_ = app.Store.DB.Close() // the database is gone
		for _, op := range []string{topicsOp, placesOp, glossaryOp} {
			if r := gql.Post(op, nil, "Accept-Language", "ru"); r.Status != http.StatusOK || len(r.Errors) > 0 {
				t.Errorf("%s: %d %.300s", op, r.Status, r.Raw)
			}
		}
		if p := getSite(t, app.Handler, "/ru/spravochnik/"+a.Texts[lang.RU].Slug); p.status != http.StatusOK {
			t.Errorf("article page: %d", p.status)
		}
	})
}
