package site_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"relocate/ent/guidearticletranslation"
	"relocate/ent/guidecategory"
	"relocate/ent/place"
	"relocate/ent/placecategory"
	"relocate/ent/schema/schematype"
	"relocate/internal/guide"
	"relocate/internal/lang"
	"relocate/internal/seed"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

func demoArticle(t *testing.T, key string) seed.Article {
	t.Helper()
	c, err := seed.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range c.Articles {
		if a.Key == key {
			return a
		}
	}
	t.Fatalf("no demo article %s", key)
	return seed.Article{}
}

func TestFallbackAndOutdatedNotices(t *testing.T) {
	a := demoArticle(t, "health-insurance")
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		app := testenv.NewApp(t, db)
		ctx := viewer.SystemContext(context.Background())
		h := app.Handler

		// Russian text taken back: Russian readers get the fallback, and are told.
		_, err := app.Store.Client.GuideArticleTranslation.Update().
			Where(guidearticletranslation.Slug(a.Texts[lang.RU].Slug)).SetStatus(schematype.Draft).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		p := get(t, h, guide.ArticlePath(lang.RU, a.Texts[lang.EN].Slug), "Accept-Language", "ru")
		if p.status != 200 || p.lang() != "ru" {
			t.Fatalf("fallback page: %d %s", p.status, p.lang())
		}
		notice := text(p.first("p", "class", "notice"))
		if notice != "Эта страница пока недоступна на русском языке. Вы читаете версию на английском языке." {
			t.Errorf("notice: %q", notice)
		}
		art := p.first("article")
		if l, _ := attr(art, "lang"); l != "en" || !strings.Contains(text(art), a.Texts[lang.EN].Title) {
			t.Errorf("the English text is not marked as English (lang=%q)", l)
		}
		// Only German in the reader's list besides Russian: German is served before English? No —
		// the site follows the reader's Accept-Language, then English, then German.
		p = get(t, h, guide.ArticlePath(lang.RU, a.Texts[lang.EN].Slug), "Accept-Language", "ru, de;q=0.5")
		if l, _ := attr(p.first("article"), "lang"); l != "de" {
			t.Errorf("a reader who also reads German gets %q, want de", l)
		}

		// A major change of the German source: the Latvian text is outdated.
		id, err := app.Guide.ArticleByKey(ctx, a.Key)
		if err != nil {
			t.Fatal(err)
		}
		body := a.Texts[lang.DE].Body + "\n\nNeuer Absatz.\n"
		if err := app.Guide.EditSource(ctx, id.ID, guide.ArticleEdit{Body: &body}, true); err != nil {
			t.Fatal(err)
		}
		p = get(t, h, guide.ArticlePath(lang.LV, a.Texts[lang.LV].Slug))
		n := p.first("p", "class", "notice")
		if !strings.Contains(text(n), "vecāks par oriģinālo tekstu") {
			t.Errorf("outdated notice: %q", text(n))
		}
		link := p.first("a", "hreflang", "de")
		for _, l := range p.all("a", "hreflang", "de") {
			if strings.Contains(text(l), "oriģinālo") {
				link = l
			}
		}
		if href, _ := attr(link, "href"); href != guide.ArticlePath(lang.DE, a.Texts[lang.DE].Slug) {
			t.Errorf("link to the German original: %s", href)
		}
		if get(t, h, guide.ArticlePath(lang.DE, a.Texts[lang.DE].Slug)).all("p", "class", "notice") != nil {
			t.Error("the German source itself shows a notice")
		}
	})
}

func TestArticleByAnotherLanguagesSlugRedirects(t *testing.T) {
	a := demoArticle(t, "school")
	h := testenv.Shared(t, testenv.DBs[0]).Handler
	p := get(t, h, guide.ArticlePath(lang.LV, a.Texts[lang.DE].Slug))
	if p.status != 301 || p.header.Get("Location") != guide.ArticlePath(lang.LV, a.Texts[lang.LV].Slug) {
		t.Errorf("%d → %s", p.status, p.header.Get("Location"))
	}
}

func TestArticlePageExplainsItsWords(t *testing.T) {
	a := demoArticle(t, "address-registration")
	h := testenv.Shared(t, testenv.DBs[0]).Handler
	p := get(t, h, guide.ArticlePath(lang.LV, a.Texts[lang.LV].Slug))
	var terms []string
	for _, dt := range p.all("dt", "lang", "de") {
		terms = append(terms, text(dt))
	}
	for _, want := range []string{"die Anmeldung", "die Meldebescheinigung", "die Wohnungsgeberbestätigung"} {
		if !strings.Contains(strings.Join(terms, "|"), want) {
			t.Errorf("%q not explained; terms: %v", want, terms)
		}
	}
	if !strings.Contains(p.body, "dzīvesvietas reģistrācija") {
		t.Error("explanations are not in Latvian")
	}
	if len(p.all("h2", "id", "related-h")) != 1 {
		t.Error("no related articles")
	}
}

func TestSearchPage(t *testing.T) {
	flat := demoArticle(t, "finding-a-flat")
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		h := testenv.Shared(t, db).Handler
		p := get(t, h, "/lv/meklet?q=dz%C4%ABvoklis")
		if p.status != 200 || !strings.Contains(p.body, flat.Texts[lang.LV].Title) {
			t.Fatalf("search: %d, no %q", p.status, flat.Texts[lang.LV].Title)
		}
		if q, _ := attr(p.first("input", "id", "q"), "value"); q != "dzīvoklis" {
			t.Errorf("the query is not kept in the field: %q", q)
		}
		if len(p.all("mark")) == 0 {
			t.Error("no highlighted words")
		}
		if count := text(p.first("h2", "id", "results-h")); !strings.HasSuffix(count, "rezultāti") && !strings.HasSuffix(count, "rezultāts") && !strings.HasSuffix(count, "rezultātu") {
			t.Errorf("count %q", count)
		}
		if p := get(t, h, "/ru/poisk?q="+strings.Repeat("я", 201)); !strings.Contains(text(p.first("p", "role", "alert")), "слишком длинный") {
			t.Error("an overlong search gets no Russian error")
		}
		if p := get(t, h, "/en/search?q=zzzzqqq"); !strings.Contains(p.body, "0 results") || !strings.Contains(p.body, "No articles found") {
			t.Error("no results message")
		}
	})
}

func TestPlacesFilters(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		c := &clock{t: time.Date(2026, 11, 25, 10, 30, 0, 0, guide.Location())} // a Wednesday
		app := testenv.NewApp(t, db, testenv.WithClock(c.Now))
		ctx := viewer.SystemContext(context.Background())
		// The library gets opening hours, the Zoo is made step-free, the
		// Relocation Service speaks Latvian.
		if err := app.Store.Client.Place.Update().Where(place.Key("stadtbibliothek")).SetOpeningHours(schematype.OpeningHours{
			{Day: schematype.Wednesday, Opens: "10:00", Closes: "19:00"},
		}).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if err := app.Store.Client.Place.Update().Where(place.Key("zoo-magdeburg")).SetWheelchairAccessible(true).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		// The demo content claims only the languages a source states (German
		// everywhere); the Relocation Service is given Latvian here.
		if err := app.Store.Client.Place.Update().Where(place.Key("relocation-service")).SetSpokenLanguages([]string{"de", "lv"}).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		h := app.Handler
		names := func(p *page) []string {
			t.Helper()
			if p.status != 200 {
				t.Fatalf("status %d:\n%s", p.status, p.body)
			}
			var n []string
			for _, h3 := range p.all("h3") {
				n = append(n, text(h3))
			}
			return n
		}
		// The demo content has two places where Latvian is spoken.
		if got := names(get(t, h, "/en/places?language=lv")); len(got) != 2 ||
			!slices.Contains(got, "Relocation Service der Landeshauptstadt Magdeburg") || !slices.Contains(got, "Botschaft der Republik Lettland") {
			t.Errorf("Latvian spoken: %v", got)
		}
		if got := names(get(t, h, "/de/orte?open=1")); len(got) != 1 || got[0] != "Stadtbibliothek Magdeburg" {
			t.Errorf("open now (Wednesday 10:30): %v", got)
		}
		c.Add(9 * time.Hour) // 19:30
		if got := names(get(t, h, "/de/orte?open=1")); len(got) != 0 {
			t.Errorf("open at 19:30: %v", got)
		}
		if got := names(get(t, h, "/lv/vietas?wheelchair=1")); len(got) != 1 || got[0] != "Zoo Magdeburg" {
			t.Errorf("wheelchair: %v", got)
		}
		rel := names(get(t, h, "/ru/mesta?category=religion"))
		if len(rel) != 4 { // Dom, St. Sebastian, Neue Synagoge, the Russian Orthodox parish
			t.Errorf("churches: %v", rel)
		}
		p := get(t, h, "/ru/mesta?category=religion&language=de")
		if _, sel := attr(p.first("option", "value", "religion"), "selected"); !sel {
			t.Error("the chosen category is not kept selected")
		}
		if p := get(t, h, "/en/places?category=nonsense&language=%27;--"); p.status != 200 || len(names(p)) < 20 {
			t.Errorf("unknown filter values must be ignored: %d, %d places", p.status, len(names(p)))
		}
		// The place page shows the hours in the reader's language.
		lib := get(t, h, "/lv/vietas/stadtbibliothek")
		var rows []string
		for _, tr := range lib.all("tr") {
			rows = append(rows, text(tr.FirstChild)+"="+text(tr.LastChild))
		}
		if lib.status != 200 || !slices.Contains(rows, "Trešdiena=10:00–19:00") || !slices.Contains(rows, "Pirmdiena=slēgts") {
			t.Errorf("opening hours in Latvian: %v", rows)
		}
	})
}

func TestHiddenTopicsTakeTheirArticlesAlong(t *testing.T) {
	a := demoArticle(t, "renting")
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		app := testenv.NewApp(t, db)
		ctx := viewer.SystemContext(context.Background())
		if err := app.Store.Client.GuideCategory.Update().Where(guidecategory.Key(a.Topic)).SetStatus(schematype.Archived).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if err := app.Store.Client.PlaceCategory.Update().Where(placecategory.Key("religion")).SetStatus(schematype.Draft).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		h := app.Handler
		if p := get(t, h, guide.ArticlePath(lang.EN, a.Texts[lang.EN].Slug)); p.status != 404 {
			t.Errorf("an article of an archived topic: %d", p.status)
		}
		if p := get(t, h, "/en/search?q=deposit"); strings.Contains(p.body, a.Texts[lang.EN].Title) {
			t.Error("search still finds it")
		}
		if p := get(t, h, "/sitemap.xml"); strings.Contains(p.body, a.Texts[lang.EN].Slug) {
			t.Error("the sitemap still lists it")
		}
		p := get(t, h, "/en/places")
		if p.status != 200 || strings.Contains(p.body, "Magdeburger Dom") {
			t.Errorf("places of a hidden category: %d", p.status)
		}
		gql := testenv.NewGraphQL(t, h)
		r := gql.Post(`{ guideArticles(where: {hasCategoryWith: [{status: ARCHIVED}]}) { totalCount } }`, nil)
		if !strings.Contains(string(r.Data), `"totalCount":0`) {
			t.Errorf("hidden topics can be probed: %s", r.Raw)
		}
	})
}

func TestLongListsAreShownWhole(t *testing.T) {
	app := testenv.NewApp(t, testenv.DBs[0])
	ctx := viewer.SystemContext(context.Background())
	// 120 more terms: more than one page of the service.
	for i := range 120 {
		term, err := app.Store.Client.GlossaryTerm.Create().SetKey(fmt.Sprintf("extra-%03d", i)).SetTerm(fmt.Sprintf("das Zusatzwort %03d", i)).
			SetSortKey(fmt.Sprintf("zusatzwort %03d", i)).SetStatus(schematype.Published).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		app.Store.Client.GlossaryTermTranslation.Create().SetTermID(term.ID).SetLanguage(lang.DE).SetExplanation("Erklärung.").ExecX(ctx)
	}
	p := get(t, app.Handler, "/de/glossar")
	if n := len(p.all("dt")); n != len(demoTerms(t))+120 {
		t.Errorf("the glossary shows %d terms", n)
	}
	if !strings.Contains(p.body, "das Zusatzwort 119") {
		t.Error("the last term is missing")
	}
}

func demoTerms(t *testing.T) []seed.Term {
	c, err := seed.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return c.Terms
}
