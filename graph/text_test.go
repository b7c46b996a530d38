package graph_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"relocate/internal/lang"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// TestControlCharactersInArgumentsAreRefused: NUL bytes and other control
// characters in any string argument, literal or variable, are refused
// with BAD_USER_INPUT naming the argument, before any resolver runs; on
// PostgreSQL they used to end in INTERNAL_SERVER_ERROR.
func TestControlCharactersInArgumentsAreRefused(t *testing.T) {
	a := demoArticle(t, "living-everyday")
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		s := newStaff(t, db)
		id := articleID(t, s.gql, a.Texts[lang.DE].Slug)
		ctx := viewer.SystemContext(context.Background())
		revisions := func() int { return s.app.Store.Client.GuideArticleRevision.Query().CountX(ctx) }
		before := revisions()
		for _, tc := range []struct {
			name, token, query string
			vars               map[string]any
			argument           string
			path               []any
		}{
			{"NUL in a slug", "", `{ guideArticle(slug: "a\u0000b") { title } }`, nil,
				"guideArticle.slug", []any{"guideArticle", "slug"}},
			{"NUL in a slug variable", "", `query($s: String!) { guideArticle(slug: $s) { title } }`, map[string]any{"s": "a\x00b"},
				"guideArticle.slug", []any{"guideArticle", "slug"}},
			{"escape character in a search", "", `{ searchGuide(query: "wohnung\u001b[2J") { snippet } }`, nil,
				"searchGuide.query", []any{"searchGuide", "query"}},
			{"aliased field in a fragment", "", `{ ...F } fragment F on Query { article: guideArticle(slug: "x\u0007") { title } }`, nil,
				"article.slug", []any{"article", "slug"}},
			{"list element", "", `{ nodes(ids: ["8589934593", "1\u0000"]) { id } }`, nil,
				"nodes.ids[1]", []any{"nodes", "ids", float64(1)}},
			{"input field of a mutation", s.editor,
				`mutation($id: ID!) { editGuideArticleSource(id: $id, change: MINOR, input: {summary: "Neu\u0000"}) { id } }`, map[string]any{"id": id},
				"editGuideArticleSource.input.summary", []any{"editGuideArticleSource", "input", "summary"}},
			{"input object variable", s.translator,
				`mutation($id: ID!, $in: GuideArticleTextInput!) { writeGuideArticleTranslation(id: $id, language: LV, input: $in) { id } }`,
				map[string]any{"id": id, "in": map[string]any{"title": "Jauns", "body": "Teksts\x00ar NUL"}},
				"writeGuideArticleTranslation.input.body", []any{"writeGuideArticleTranslation", "input", "body"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				header := []string{"Accept-Language", "de"}
				if tc.token != "" {
					header = append(header, "Authorization", "Bearer "+tc.token)
				}
				r := s.gql.Post(tc.query, tc.vars, header...)
				if r.Status != http.StatusOK || r.Code() != "BAD_USER_INPUT" || len(r.Errors) != 1 {
					t.Fatalf("%d: %s", r.Status, r.Raw)
				}
				e := r.Errors[0]
				if !strings.Contains(e.Message, "„"+tc.argument+"“") || !strings.Contains(e.Message, "unzulässige Zeichen") {
					t.Errorf("message %q does not name %s", e.Message, tc.argument)
				}
				if fmt.Sprint(e.Path) != fmt.Sprint(tc.path) {
					t.Errorf("path %v, want %v", e.Path, tc.path)
				}
				if string(r.Data) != "" && string(r.Data) != "null" {
					t.Errorf("a resolver ran: %s", r.Data)
				}
			})
		}
		// Nothing was written.
		if n := revisions(); n != before {
			t.Errorf("%d revisions, before %d", n, before)
		}
		var d struct{ GuideArticle struct{ Summary string } }
		s.gql.Post(`query($s: String!) { guideArticle(slug: $s) { summary } }`, map[string]any{"s": a.Texts[lang.DE].Slug}).MustData(&d)
		if d.GuideArticle.Summary != a.Texts[lang.DE].Summary {
			t.Errorf("summary changed: %q", d.GuideArticle.Summary)
		}
		// Through GET as well, in the reader's language.
		req := httptest.NewRequest("GET", "/graphql?query="+url.QueryEscape(`{ guideArticle(slug: "a\u0000") { title } }`), nil)
		req.Header.Set("Accept-Language", "lv")
		if r := s.gql.Do(req); r.Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "“guideArticle.slug”") {
			t.Errorf("GET: %s", r.Raw)
		}
		// Tabs and line breaks are text.
		body := "Erste Zeile\r\nZweite Zeile\n\tEingerückt"
		r := s.as(s.editor, `mutation($id: ID!, $b: String!) { editGuideArticleSource(id: $id, change: MINOR, input: {body: $b}) { body } }`,
			map[string]any{"id": id, "b": body})
		var edited struct{ EditGuideArticleSource struct{ Body string } }
		r.MustData(&edited)
		if edited.EditGuideArticleSource.Body != body {
			t.Errorf("body %q", edited.EditGuideArticleSource.Body)
		}
	})
}
