package graph_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"relocate/internal/config"
	"relocate/internal/testenv"
)

// benchmarkOperation measures one operation through the whole HTTP handler
// on the SQLite demo database: made anew each time (the answer cache off,
// RELOCATE_ANSWER_CACHE_MB=0), and kept (served from the answer cache
// when it may be).
func benchmarkOperation(b *testing.B, query string, vars map[string]any, acceptLanguage string) {
	for _, mb := range []int{0, 32} {
		name := "made"
		if mb > 0 {
			name = "kept"
		}
		b.Run(name, func(b *testing.B) {
			app := testenv.NewApp(b, testenv.DBs[0], testenv.WithConfig(func(c *config.Config) { c.Server.AnswerCacheMB = mb }))
			runOperation(b, app.Handler, query, vars, acceptLanguage)
		})
	}
}

func runOperation(b *testing.B, h http.Handler, query string, vars map[string]any, acceptLanguage string) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept-Language", acceptLanguage)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
}

// BenchmarkArticle is the single-article request of issue 11's table.
func BenchmarkArticle(b *testing.B) {
	benchmarkOperation(b, `{ guideArticle(slug: "wohnsitz-anmelden") { title bodyHtml translations { language path } } }`, nil, "ru")
}

func BenchmarkArticlePage(b *testing.B) {
	benchmarkOperation(b, `query($s: String!) { guideArticle(slug: $s) {
	  title summary bodyHtml language translationStatus category { name }
	  translations { language path status } related { title path } } }`,
		map[string]any{"s": "first-two-weeks-checklist"}, "lv")
}

func BenchmarkArticleList(b *testing.B) {
	benchmarkOperation(b, `{ guideArticles(first: 50) { totalCount edges { node {
	  title summary translationStatus category { name } } } } }`, nil, "ru")
}

func BenchmarkSearch(b *testing.B) {
	benchmarkOperation(b, `{ searchGuide(query: "dzīvoklis", first: 10) { article { title path } snippet } }`, nil, "lv")
}

func BenchmarkGuideHome(b *testing.B) {
	benchmarkOperation(b, `{ languages { code completeness } guideCategories { name description
	  children { name } articles(first: 10) { edges { node { title summary } } } } }`, nil, "de")
}
