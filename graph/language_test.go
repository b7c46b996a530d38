package graph_test

import (
	"context"
	"testing"

	"relocate/ent/guidearticletranslation"
	"relocate/ent/schema/schematype"
	"relocate/internal/guide"
	"relocate/internal/lang"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

const articleQuery = `query Article($slug: String!) {
  guideArticle(slug: $slug) { title slug language translationStatus }
}`

type articleData struct {
	GuideArticle struct {
		Title, Slug, Language, TranslationStatus string
	}
}

func TestArticleInEachLanguage(t *testing.T) {
	want := demoArticle(t, "address-registration")
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		gql := testenv.NewGraphQL(t, testenv.Shared(t, db).Handler)
		for _, l := range lang.All {
			t.Run(string(l), func(t *testing.T) {
				// Found by its German slug, served in the language asked for.
				r := gql.Post(articleQuery, map[string]any{"slug": want.Texts[lang.DE].Slug}, "Accept-Language", string(l))
				var d articleData
				r.MustData(&d)
				text := want.Texts[l]
				if d.GuideArticle.Title != text.Title || d.GuideArticle.Slug != text.Slug {
					t.Errorf("got %q (%s), want %q (%s)", d.GuideArticle.Title, d.GuideArticle.Slug, text.Title, text.Slug)
				}
				if got := d.GuideArticle.Language; got != upper(l) {
					t.Errorf("language = %s, want %s", got, upper(l))
				}
				if d.GuideArticle.TranslationStatus != "UP_TO_DATE" {
					t.Errorf("translationStatus = %s", d.GuideArticle.TranslationStatus)
				}
				if r.Language() != upper(l) {
					t.Errorf("extensions.context.language = %q, want %s", r.Language(), upper(l))
				}
			})
		}
	})
}

func TestLanguageChoice(t *testing.T) {
	a := demoArticle(t, "renting")
	tests := []struct {
		name, header, directive string
		want                    lang.Code
	}{
		{"nothing: German", "", "", lang.DE},
		{"regional variant", "lv-LV", "", lang.LV},
		{"q-values order", "en;q=0.4, ru;q=0.9, de;q=0.1", "", lang.RU},
		{"first known wins", "fr-FR, uk;q=0.9, ru;q=0.8, en;q=0.7", "", lang.RU},
		{"unknown only: German", "fr, pl", "", lang.DE},
		{"garbage: German", ";;;==,q", "", lang.DE},
		{"q=0 is refused", "lv;q=0, en", "", lang.EN},
		{"directive beats header", "ru", "EN", lang.EN},
		{"directive without header", "", "LV", lang.LV},
	}
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		gql := testenv.NewGraphQL(t, testenv.Shared(t, db).Handler)
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				q := `query Article($slug: String!)`
				if tc.directive != "" {
					q += ` @inContext(language: ` + tc.directive + `)`
				}
				q += ` { guideArticle(slug: $slug) { title language } }`
				var header []string
				if tc.header != "" {
					header = []string{"Accept-Language", tc.header}
				}
				r := gql.Post(q, map[string]any{"slug": a.Texts[lang.EN].Slug}, header...)
				var d articleData
				r.MustData(&d)
				if d.GuideArticle.Title != a.Texts[tc.want].Title || d.GuideArticle.Language != upper(tc.want) {
					t.Errorf("got %s %q, want %s %q", d.GuideArticle.Language, d.GuideArticle.Title, upper(tc.want), a.Texts[tc.want].Title)
				}
				if r.Language() != upper(tc.want) {
					t.Errorf("extensions.context.language = %q, want %s", r.Language(), upper(tc.want))
				}
			})
		}
	})
}

func TestMissingTranslationFallsBack(t *testing.T) {
	a := demoArticle(t, "bank-account")
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		app := testenv.NewApp(t, db)
		// Take the Latvian text back to draft: public readers no longer see it.
		ctx := viewer.SystemContext(context.Background())
		n, err := app.Store.Client.GuideArticleTranslation.Update().
			Where(guidearticletranslation.Slug(a.Texts[lang.LV].Slug), guidearticletranslation.LanguageEQ(lang.LV)).
			SetStatus(schematype.Draft).Save(ctx)
		if err != nil || n != 1 {
			t.Fatalf("unpublish Latvian text: %d rows, %v", n, err)
		}
		gql := testenv.NewGraphQL(t, app.Handler)
		for _, tc := range []struct {
			header string
			want   lang.Code
		}{
			{"lv, ru;q=0.8", lang.RU}, // the reader's own next language first
			{"lv", lang.EN},           // then English
			{"lv, fr", lang.EN},
		} {
			r := gql.Post(articleQuery, map[string]any{"slug": a.Texts[lang.DE].Slug}, "Accept-Language", tc.header)
			var d articleData
			r.MustData(&d)
			if d.GuideArticle.Language != upper(tc.want) || d.GuideArticle.Title != a.Texts[tc.want].Title {
				t.Errorf("%s: served %s %q, want %s", tc.header, d.GuideArticle.Language, d.GuideArticle.Title, upper(tc.want))
			}
			if d.GuideArticle.TranslationStatus != "MISSING" {
				t.Errorf("%s: translationStatus = %s, want MISSING", tc.header, d.GuideArticle.TranslationStatus)
			}
			if r.Language() != "LV" {
				t.Errorf("%s: operation language = %s, want LV (what was asked for)", tc.header, r.Language())
			}
		}
		// The language switcher still offers Latvian, pointing at the fallback.
		var d struct {
			GuideArticle struct {
				Translations []struct{ Language, Slug, Status, Path string }
			}
		}
		gql.Post(`{ guideArticle(slug: "`+a.Texts[lang.DE].Slug+`") { translations { language slug status path } } }`, nil).MustData(&d)
		if len(d.GuideArticle.Translations) != 4 {
			t.Fatalf("want 4 translation links, got %+v", d.GuideArticle.Translations)
		}
		lv := d.GuideArticle.Translations[1]
		if lv.Language != "LV" || lv.Status != "MISSING" || lv.Slug != a.Texts[lang.EN].Slug ||
			lv.Path != guide.ArticlePath(lang.LV, a.Texts[lang.EN].Slug) {
			t.Errorf("Latvian link = %+v, want MISSING pointing at the English text", lv)
		}
		// Completeness counts the gap.
		var ld struct {
			Languages []struct {
				Code         string
				Completeness float64
			}
		}
		gql.Post(`{ languages { code completeness } }`, nil).MustData(&ld)
		total := float64(len(demo(t).Articles))
		for _, l := range ld.Languages {
			want := 1.0
			if l.Code == "LV" {
				want = (total - 1) / total
			}
			if diff := l.Completeness - want; diff > 1e-9 || diff < -1e-9 {
				t.Errorf("%s completeness = %v, want %v", l.Code, l.Completeness, want)
			}
		}
	})
}

func TestSourceEditMakesTranslationsOutdated(t *testing.T) {
	a := demoArticle(t, "school")
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		app := testenv.NewApp(t, db)
		gql := testenv.NewGraphQL(t, app.Handler)
		status := func(l lang.Code) string {
			var d articleData
			gql.Post(articleQuery, map[string]any{"slug": a.Texts[lang.DE].Slug}, "Accept-Language", string(l)).MustData(&d)
			return d.GuideArticle.TranslationStatus
		}
		id := articleID(t, gql, a.Texts[lang.DE].Slug)
		ctx := viewer.SystemContext(context.Background())

		typo := a.Texts[lang.DE].Title + "."
		if err := app.Guide.EditSource(ctx, id, guide.ArticleEdit{Title: &typo}, false); err != nil {
			t.Fatal(err)
		}
		for _, l := range lang.All {
			if s := status(l); s != "UP_TO_DATE" {
				t.Errorf("after a minor edit %s is %s, want UP_TO_DATE", l, s)
			}
		}

		body := a.Texts[lang.DE].Body + "\n\nNeu: Die Schulanmeldung ist jetzt auch online möglich.\n"
		if err := app.Guide.EditSource(ctx, id, guide.ArticleEdit{Body: &body}, true); err != nil {
			t.Fatal(err)
		}
		if s := status(lang.DE); s != "UP_TO_DATE" {
			t.Errorf("German source is %s, want UP_TO_DATE", s)
		}
		for _, l := range []lang.Code{lang.LV, lang.RU, lang.EN} {
			if s := status(l); s != "OUTDATED" {
				t.Errorf("after a major edit %s is %s, want OUTDATED", l, s)
			}
		}

		lvBody := a.Texts[lang.LV].Body + "\n\nJaunums: skolā var pieteikties arī tiešsaistē.\n"
		if err := app.Guide.EditTranslation(ctx, id, lang.LV, guide.ArticleEdit{Body: &lvBody}); err != nil {
			t.Fatal(err)
		}
		if s := status(lang.LV); s != "UP_TO_DATE" {
			t.Errorf("after the translator's update LV is %s, want UP_TO_DATE", s)
		}
		if s := status(lang.RU); s != "OUTDATED" {
			t.Errorf("RU is %s, want still OUTDATED", s)
		}
	})
}

func articleID(t *testing.T, gql *testenv.GraphQL, slug string) int {
	t.Helper()
	var d struct{ GuideArticle struct{ ID string } }
	gql.Post(`query($s: String!) { guideArticle(slug: $s) { id } }`, map[string]any{"s": slug}).MustData(&d)
	var id int
	for _, c := range d.GuideArticle.ID {
		id = id*10 + int(c-'0')
	}
	return id
}

func upper(l lang.Code) string {
	return map[lang.Code]string{lang.DE: "DE", lang.LV: "LV", lang.RU: "RU", lang.EN: "EN"}[l]
}

func TestInContextTakesANullableVariable(t *testing.T) {
	a := demoArticle(t, "renting")
	// As Shopify-style clients declare it: an optional language.
	const q = `query Article($slug: String!, $language: LanguageCode) @inContext(language: $language) {
	  guideArticle(slug: $slug) { title language }
	}`
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		gql := testenv.NewGraphQL(t, testenv.Shared(t, db).Handler)
		for _, tc := range []struct {
			name   string
			vars   map[string]any
			header string
			want   lang.Code
		}{
			{"given", map[string]any{"language": "LV"}, "ru", lang.LV},
			{"null: the header decides", map[string]any{"language": nil}, "ru", lang.RU},
			{"left out: the header decides", map[string]any{}, "en", lang.EN},
			{"left out, no header: German", map[string]any{}, "", lang.DE},
		} {
			t.Run(tc.name, func(t *testing.T) {
				tc.vars["slug"] = a.Texts[lang.DE].Slug
				r := gql.Post(q, tc.vars, "Accept-Language", tc.header)
				var d struct {
					GuideArticle struct{ Title, Language string }
				}
				r.MustData(&d)
				if d.GuideArticle.Language != upper(tc.want) || d.GuideArticle.Title != a.Texts[tc.want].Title || r.Language() != upper(tc.want) {
					t.Errorf("served %s %q (context %s), want %s", d.GuideArticle.Language, d.GuideArticle.Title, r.Language(), tc.want)
				}
			})
		}
		// A literal null means the same.
		r := gql.Post(`query @inContext(language: null) { languages { code } }`, nil, "Accept-Language", "lv")
		if len(r.Errors) > 0 || r.Language() != "LV" {
			t.Errorf("literal null: %s", r.Raw)
		}
	})
}
