package graph_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"relocate/internal/guide"
	"relocate/internal/lang"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

func TestHostileMarkdownNeverReachesClients(t *testing.T) {
	a := demoArticle(t, "insurance")
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		app := testenv.NewApp(t, db)
		gql := testenv.NewGraphQL(t, app.Handler)
		id := articleID(t, gql, a.Texts[lang.DE].Slug)
		hostile := strings.Join([]string{
			"Harmloser Absatz.",
			"<script>alert('x')</script>",
			"[Klick](javascript:alert(1)) und [auch](JaVaScRiPt:alert(2)) und [daten](data:text/html;base64,PHNjcmlwdD4=)",
			`<img src="x" onerror="alert(3)">`,
			`<a href="https://example.org" onclick="alert(4)">x</a>`,
			"<iframe src=\"https://evil.example\"></iframe>",
			"![bild](javascript:alert(5))",
			"<style>body{display:none}</style>",
		}, "\n\n")
		ctx := viewer.SystemContext(context.Background())
		if err := app.Guide.EditSource(ctx, id, guide.ArticleEdit{Body: &hostile}, true); err != nil {
			t.Fatal(err)
		}
		var d struct{ GuideArticle struct{ BodyHTML string } }
		gql.Post(`query($s: String!) { guideArticle(slug: $s) { bodyHtml } }`, map[string]any{"s": a.Texts[lang.DE].Slug}).MustData(&d)
		html := strings.ToLower(d.GuideArticle.BodyHTML)
		if !strings.Contains(html, "harmloser absatz.") {
			t.Fatalf("the harmless text is gone: %s", html)
		}
		for _, bad := range []string{"<script", "javascript:", "onerror", "onclick", "<iframe", "<style", "data:text/html", "alert("} {
			if strings.Contains(html, bad) {
				t.Errorf("bodyHtml contains %q:\n%s", bad, d.GuideArticle.BodyHTML)
			}
		}
	})
}

func TestBadRequestsGetCleanTranslatedErrors(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		app := testenv.Shared(t, db)
		gql := testenv.NewGraphQL(t, app.Handler)
		for _, tc := range []struct {
			name, query string
			vars        map[string]any
			code        string
		}{
			{"syntax error", `{ languages { code `, nil, "GRAPHQL_PARSE_FAILED"},
			{"unknown field", `{ languages { code secret } }`, nil, "GRAPHQL_VALIDATION_FAILED"},
			{"unknown language in directive", `query @inContext(language: FR) { languages { code } }`, nil, "GRAPHQL_VALIDATION_FAILED"},
			{"unknown language in variable", `query($l: LanguageCode!) @inContext(language: $l) { languages { code } }`, map[string]any{"l": "XX"}, "GRAPHQL_VALIDATION_FAILED"},
			{"wrong variable type", `query($n: Int) { guideArticles(first: $n) { totalCount } }`, map[string]any{"n": "ten"}, "GRAPHQL_VALIDATION_FAILED"},
			{"missing variable", `query($s: String!) { guideArticle(slug: $s) { title } }`, nil, "GRAPHQL_VALIDATION_FAILED"},
			{"unknown slug", `{ guideArticle(slug: "does-not-exist") { title } }`, nil, "NOT_FOUND"},
			{"unknown topic", `{ guideCategory(slug: "does-not-exist") { name } }`, nil, "NOT_FOUND"},
			{"empty document", ``, nil, "GRAPHQL_VALIDATION_FAILED"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				for _, l := range lang.All {
					r := gql.Post(tc.query, tc.vars, "Accept-Language", string(l))
					if r.Code() != tc.code {
						t.Fatalf("%s: code %q, want %s: %s", l, r.Code(), tc.code, r.Raw)
					}
					assertClean(t, r)
					if r.Language() != upper(l) {
						t.Errorf("%s: error served in %s", l, r.Language())
					}
					msgs[l] = r.Errors[0].Message
				}
				if msgs[lang.DE] == msgs[lang.LV] || msgs[lang.LV] == msgs[lang.RU] || msgs[lang.RU] == msgs[lang.EN] {
					t.Errorf("messages are not translated: %v", msgs)
				}
			})
		}
	})
}

var msgs = map[lang.Code]string{}

func TestErrorUsesDirectiveLanguageEvenWhenInvalid(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		gql := testenv.NewGraphQL(t, testenv.Shared(t, db).Handler)
		r := gql.Post(`query @inContext(language: RU) { languages { nope } }`, nil, "Accept-Language", "de")
		if r.Code() != "GRAPHQL_VALIDATION_FAILED" || r.Language() != "RU" || !strings.Contains(r.Errors[0].Message, "схем") {
			t.Errorf("want a Russian validation error: %s", r.Raw)
		}
	})
}

func TestOversizedBodyIsRefused(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		app := testenv.Shared(t, db)
		gql := testenv.NewGraphQL(t, app.Handler)
		huge := `{"query":"{ languages { code } } #` + strings.Repeat("x", 1<<20) + `"}`
		for _, chunked := range []bool{false, true} {
			req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewBufferString(huge))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept-Language", "lv")
			if chunked {
				req.ContentLength = -1 // the size is only known while reading
			}
			r := gql.Do(req)
			if r.Status != http.StatusRequestEntityTooLarge || r.Code() != "PAYLOAD_TOO_LARGE" {
				t.Errorf("chunked=%v: status %d code %q, want 413 PAYLOAD_TOO_LARGE", chunked, r.Status, r.Code())
			}
			if !strings.Contains(r.Errors[0].Message, "256 KiB") || !strings.Contains(r.Errors[0].Message, "Pieprasījums") {
				t.Errorf("chunked=%v: message not Latvian or without the limit: %q", chunked, r.Errors[0].Message)
			}
		}
		// A large but allowed query still works.
		ok := gql.Post(`{ languages { code } } #`+strings.Repeat("x", 200<<10), nil)
		if ok.Status != http.StatusOK || len(ok.Errors) > 0 {
			t.Errorf("a 200 KiB query should run: %d %s", ok.Status, ok.Raw[:min(200, len(ok.Raw))])
		}
	})
}
