package graph_test

import (
	"context"
	"strings"
	"testing"

	"relocate/ent/user"
	"relocate/internal/lang"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// TestNewcomersReadInTheirOwnLanguage: a signed-in newcomer is served in
// their account's language, whatever their phone's Accept-Language says,
// unless the operation asks for another with @inContext. Staff keep the
// language of their request.
func TestNewcomersReadInTheirOwnLanguage(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		w := newWorld(t, db)
		ctx := viewer.SystemContext(context.Background())
		if _, err := w.app.Store.Client.User.Update().Where(user.Email("sergejs@example.lv")).
			SetPreferredLanguage(lang.LV).Save(ctx); err != nil {
			t.Fatal(err)
		}
		const op = `query Q($language: LanguageCode) @inContext(language: $language) {
			viewer { case { tasks { title article { language } } } } }`
		type answer struct {
			Viewer struct {
				Case struct {
					Tasks []struct {
						Title   string
						Article *struct{ Language string }
					}
				}
			}
		}
		languageOf := func(r *testenv.Response) string {
			var a answer
			r.MustData(&a)
			got := ""
			for _, tk := range a.Viewer.Case.Tasks {
				if tk.Article != nil {
					got = tk.Article.Language
				}
			}
			return got
		}
		for _, tc := range []struct {
			name      string
			vars      map[string]any
			header    []string
			want      string
			extension string
		}{
			{"no header", nil, nil, "LV", `"language":"LV"`},
			{"a German phone", nil, []string{"Accept-Language", "de-DE,de;q=0.9"}, "LV", `"language":"LV"`},
			{"the operation asks for English", map[string]any{"language": "EN"}, []string{"Accept-Language", "de"}, "EN", `"language":"EN"`},
		} {
			r := w.as(w.newcomerP, op, tc.vars, tc.header...)
			if got := languageOf(r); got != tc.want || !strings.Contains(string(r.Raw), tc.extension) {
				t.Errorf("%s: articles in %q, want %s: %s", tc.name, got, tc.want, r.Raw)
			}
		}
		// A caseworker reading the same case keeps the language of the request.
		var staff struct {
			Node struct {
				Tasks []struct{ Article *struct{ Language string } }
			}
		}
		w.as(w.cw, `query($id: ID!) { node(id: $id) { ... on Case { tasks { article { language } } } } }`,
			map[string]any{"id": w.caseP}, "Accept-Language", "ru").MustData(&staff)
		for _, tk := range staff.Node.Tasks {
			if tk.Article != nil && tk.Article.Language != "RU" {
				t.Errorf("a caseworker asking in Russian reads an article in %s", tk.Article.Language)
			}
		}
	})
}
