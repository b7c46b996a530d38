package graph_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"relocate/internal/guide"
	"relocate/internal/lang"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

type searchData struct {
	SearchGuide []struct {
		Article struct{ Key, Title, Language string }
		Snippet string
	}
}

const searchQuery = `query($q: String!, $n: Int) { searchGuide(query: $q, first: $n) { article { key title language } snippet } }`

func TestSearchDemoContentInEachLanguage(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		gql := testenv.NewGraphQL(t, testenv.Shared(t, db).Handler)
		for _, tc := range []struct {
			l      lang.Code
			query  string
			expect string // an article key expected among the first three hits
		}{
			{lang.DE, "Anmeldung", "address-registration"},
			{lang.DE, "anmeldung wohnungsgeberbestätigung", "address-registration"},
			{lang.LV, "Anmeldung", "address-registration"},
			{lang.LV, "dzivesvietas registracija", "address-registration"}, // no diacritics typed
			{lang.RU, "регистрация", "address-registration"},
			{lang.RU, "РЕГИСТРАЦИЯ", "address-registration"},
			{lang.EN, "register address", "address-registration"},
			{lang.EN, "Kindergeld", "child-benefit"},
			// Other forms of a word than the one in the text.
			{lang.RU, "квартиры", "finding-a-flat"},
			{lang.LV, "dzīvoklis", "finding-a-flat"},
			{lang.DE, "Wohnungen suchen", "finding-a-flat"},
			{lang.EN, "flats", "finding-a-flat"},
		} {
			r := gql.Post(searchQuery, map[string]any{"q": tc.query, "n": 5}, "Accept-Language", string(tc.l))
			var d searchData
			r.MustData(&d)
			found := false
			for i, h := range d.SearchGuide {
				if h.Article.Language != upper(tc.l) {
					t.Errorf("%s %q: hit served in %s", tc.l, tc.query, h.Article.Language)
				}
				if i < 3 && h.Article.Key == tc.expect {
					found = true
				}
			}
			if !found {
				t.Errorf("%s %q: %s not among the first three hits: %+v", tc.l, tc.query, tc.expect, d.SearchGuide)
			}
		}
	})
}

func TestSearchIgnoresCaseAndDiacritics(t *testing.T) {
	a := demoArticle(t, "clubs-and-sport")
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		app := testenv.NewApp(t, db)
		gql := testenv.NewGraphQL(t, app.Handler)
		id := articleID(t, gql, a.Texts[lang.DE].Slug)
		ctx := viewer.SystemContext(context.Background())
		// Words that occur nowhere else in the guide.
		texts := map[lang.Code]string{
			lang.DE: "Der Übungsleiterfreibetrag gilt auch für Trainer.",
			lang.LV: "Šūpuļdziesmu vakars notiek darbā katru ceturtdienu.",
			lang.RU: "Ёлочный базар работает в декабре.",
			lang.EN: "The Naïve Café league meets on Fridays.",
		}
		for l, extra := range texts {
			body := a.Texts[l].Body + "\n\n" + extra + "\n"
			var err error
			if l == lang.DE {
				err = app.Guide.EditSource(ctx, id, guide.ArticleEdit{Body: &body}, false)
			} else {
				err = app.Guide.EditTranslation(ctx, id, l, guide.ArticleEdit{Body: &body})
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			l         lang.Code
			query     string
			highlight string
		}{
			{lang.DE, "ubungsleiterfreibetrag", "Übungsleiterfreibetrag"},
			{lang.DE, "ÜBUNGSLEITER", "Übungsleiterfreibetrag"},
			{lang.LV, "supuldziesmu", "Šūpuļdziesmu"},
			{lang.LV, "ŠŪPUĻDZIESMU", "Šūpuļdziesmu"},
			{lang.RU, "елочный", "Ёлочный"},
			{lang.RU, "ЁЛОЧНЫЙ базар", "Ёлочный"},
			{lang.EN, "naive cafe", "Naïve"},
		} {
			var d searchData
			gql.Post(searchQuery, map[string]any{"q": tc.query}, "Accept-Language", string(tc.l)).MustData(&d)
			if len(d.SearchGuide) != 1 || d.SearchGuide[0].Article.Key != a.Key {
				t.Errorf("%s %q: want exactly %s, got %+v", tc.l, tc.query, a.Key, d.SearchGuide)
				continue
			}
			if !strings.Contains(d.SearchGuide[0].Snippet, "<mark>"+tc.highlight+"</mark>") {
				t.Errorf("%s %q: snippet does not highlight %q: %s", tc.l, tc.query, tc.highlight, d.SearchGuide[0].Snippet)
			}
		}
		// Search is per language: the Latvian word is not found in Russian.
		var d searchData
		gql.Post(searchQuery, map[string]any{"q": "supuldziesmu"}, "Accept-Language", "ru").MustData(&d)
		if len(d.SearchGuide) != 0 {
			t.Errorf("Latvian word found in Russian: %+v", d.SearchGuide)
		}
	})
}

var tag = regexp.MustCompile(`<[^>]*>`)

func TestSearchSnippetIsSafeAndInputChecked(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		gql := testenv.NewGraphQL(t, testenv.Shared(t, db).Handler)
		var d searchData
		gql.Post(searchQuery, map[string]any{"q": `"Anmeldung" * ( ^ - : &| !`, "n": 10}, "Accept-Language", "de").MustData(&d)
		if len(d.SearchGuide) == 0 {
			t.Fatal("query syntax characters must be ignored, not break the search")
		}
		for _, h := range d.SearchGuide {
			for _, m := range tag.FindAllString(h.Snippet, -1) {
				if m != "<mark>" && m != "</mark>" {
					t.Errorf("snippet contains markup %q: %s", m, h.Snippet)
				}
			}
		}
		for _, tc := range []struct {
			q    string
			n    int
			code string
		}{
			{"", 10, "BAD_USER_INPUT"},
			{" \t!!! ", 10, "BAD_USER_INPUT"},
			{strings.Repeat("a", 201), 10, "BAD_USER_INPUT"},
			{"Kita", 0, "BAD_USER_INPUT"},
			{"Kita", 51, "BAD_USER_INPUT"},
		} {
			r := gql.Post(searchQuery, map[string]any{"q": tc.q, "n": tc.n}, "Accept-Language", "en")
			if r.Code() != tc.code {
				t.Errorf("search %q first %d: code %q, want %s", tc.q, tc.n, r.Code(), tc.code)
			}
			if tc.n == 51 && !strings.Contains(r.Errors[0].Message, "50") {
				t.Errorf("the limit named is not the search's: %s", r.Errors[0].Message)
			}
			assertClean(t, r)
		}
	})
}
