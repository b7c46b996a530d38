package graph_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"relocate/ent/place"
	"relocate/internal/lang"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

func TestPlaceFilters(t *testing.T) {
	c := demo(t)
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		app := testenv.NewApp(t, db)
		// The demo content claims only the languages a source states (German
		// everywhere); the Relocation Service is given Latvian here so that
		// the language filter has a place to find.
		if err := app.Store.Client.Place.Update().Where(place.Key("relocation-service")).
			SetSpokenLanguages([]string{"de", "lv"}).Exec(viewer.SystemContext(context.Background())); err != nil {
			t.Fatal(err)
		}
		gql := testenv.NewGraphQL(t, app.Handler)
		type places struct {
			Places struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						Name, Language  string
						SpokenLanguages []string
						Category        struct{ Key, Name string }
					}
				}
			}
		}
		// By spoken language: every demo place where Latvian is spoken, no other.
		var want []string
		for _, p := range c.Places {
			if slices.Contains(p.Languages, "lv") || p.Key == "relocation-service" {
				want = append(want, p.Name)
			}
		}
		if len(want) == 0 {
			t.Fatal("the demo content has no Latvian-speaking place")
		}
		var d places
		gql.Post(`{ places(where: {speaks: "LV"}) { totalCount edges { node { name spokenLanguages } } } }`, nil).MustData(&d)
		var got []string
		for _, e := range d.Places.Edges {
			got = append(got, e.Node.Name)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) || d.Places.TotalCount != len(want) {
			t.Errorf("speaks lv: got %v (total %d), want %v", got, d.Places.TotalCount, want)
		}

		// By category, served in Russian.
		counts := map[string]int{}
		for _, p := range c.Places {
			counts[p.Category]++
		}
		var cat string
		for k := range counts {
			if cat == "" || counts[k] > counts[cat] {
				cat = k
			}
		}
		d = places{}
		gql.Post(`query($c: String!) { places(where: {hasCategoryWith: [{key: $c}]}) { totalCount edges { node { name language category { key name } } } } }`,
			map[string]any{"c": cat}, "Accept-Language", "ru").MustData(&d)
		if d.Places.TotalCount != counts[cat] {
			t.Errorf("category %s: %d places, want %d", cat, d.Places.TotalCount, counts[cat])
		}
		for _, e := range d.Places.Edges {
			if e.Node.Category.Key != cat || e.Node.Language != "RU" {
				t.Errorf("category %s: got %+v", cat, e.Node)
			}
		}

		// Both filters together, and a bad language code.
		d = places{}
		gql.Post(`{ places(where: {speaks: "lv", hasCategoryWith: [{key: "library"}]}) { totalCount } }`, nil).MustData(&d)
		if d.Places.TotalCount != 0 {
			t.Errorf("no library speaks Latvian in the demo, got %d", d.Places.TotalCount)
		}
		r := gql.Post(`{ places(where: {speaks: "latvian'; --"}) { totalCount } }`, nil, "Accept-Language", "lv")
		if r.Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "valodas kods") {
			t.Errorf("bad language code: %s", r.Raw)
		}
	})
}

func TestArticleAndGlossaryFilters(t *testing.T) {
	c := demo(t)
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		gql := testenv.NewGraphQL(t, testenv.Shared(t, db).Handler)
		var d struct {
			GuideArticles struct {
				TotalCount int
				Edges      []struct{ Node struct{ Title string } }
			}
			GlossaryTerms struct {
				Edges []struct{ Node struct{ Term string } }
			}
		}
		gql.Post(`{
		  guideArticles(where: {hasCategoryWith: [{key: "housing"}]}) { totalCount edges { node { title } } }
		  glossaryTerms(first: 100) { edges { node { term } } }
		}`, nil, "Accept-Language", "lv").MustData(&d)
		var want []string
		for _, a := range c.Articles {
			if a.Topic == "housing" {
				want = append(want, a.Texts[lang.LV].Title)
			}
		}
		var got []string
		for _, e := range d.GuideArticles.Edges {
			got = append(got, e.Node.Title)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("housing articles in Latvian: got %v, want %v", got, want)
		}
		// The glossary is A–Z by the word, not by its article (der/die/das).
		var words []string
		for _, e := range d.GlossaryTerms.Edges {
			words = append(words, e.Node.Term)
		}
		if len(words) != len(c.Terms) {
			t.Fatalf("%d terms, want %d", len(words), len(c.Terms))
		}
		for i := 1; i < len(words); i++ {
			if strip(words[i-1]) > strip(words[i]) {
				t.Errorf("glossary out of order: %q before %q", words[i-1], words[i])
			}
		}
	})
}

func strip(term string) string {
	for _, a := range []string{"der ", "die ", "das "} {
		term = strings.TrimPrefix(term, a)
	}
	r := strings.NewReplacer("Ä", "A", "Ö", "O", "Ü", "U", "ä", "a", "ö", "o", "ü", "u", "ß", "ss")
	return strings.ToLower(r.Replace(term))
}
