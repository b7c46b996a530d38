package graph_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"relocate/internal/testenv"
)

// benchmarkOperation measures one operation through the whole HTTP handler
// on the SQLite demo database.
func benchmarkOperation(b *testing.B, query string, vars map[string]any, acceptLanguage string) {
	app := testenv.NewApp(b, testenv.DBs[0])
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept-Language", acceptLanguage)
		rec := httptest.NewRecorder()
		app.Handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
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
