package graph_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"relocate/internal/config"
	"relocate/internal/guide"
	"relocate/internal/lang"
	"relocate/internal/seed"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// source is a Source as the API answers it.
type source struct {
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	URL       string `json:"url"`
}

// freshness is what the API says of an article's freshness.
type freshness struct {
	Key        string
	ReviewedAt *string
	FiguresFor *int
	ValidUntil *string
	Sources    []source
	ReviewDue  bool
	Freshness  string
}

const freshnessFields = `key reviewedAt figuresFor validUntil sources { title publisher url } reviewDue freshness`

// day formats a date of the content files as the API writes it.
func day(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.Format(time.DateOnly)
	return &s
}

// Set moves the clock to t.
func (c *clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// berlinNoon is noon in Magdeburg on the given day.
func berlinNoon(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 12, 0, 0, 0, guide.Location())
}

// TestFreshnessIsAsTheContentFilesSay: every seeded article answers
// reviewedAt, figuresFor, validUntil and its sources exactly as its de.md
// states them, in every language the operation asks for.
func TestFreshnessIsAsTheContentFilesSay(t *testing.T) {
	want := map[string]seed.Article{}
	for _, a := range demo(t).Articles {
		want[a.Key] = a
	}
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		gql := testenv.NewGraphQL(t, testenv.Shared(t, db).Handler)
		for _, l := range []string{"de", "lv"} {
			var d struct {
				GuideArticles struct{ Edges []struct{ Node freshness } }
			}
			gql.Post(`{ guideArticles(first: 100) { edges { node { `+freshnessFields+` } } } }`, nil, "Accept-Language", l).MustData(&d)
			if len(d.GuideArticles.Edges) != len(want) {
				t.Fatalf("%d articles, the content has %d", len(d.GuideArticles.Edges), len(want))
			}
			for _, e := range d.GuideArticles.Edges {
				got, a := e.Node, want[e.Node.Key]
				var figures *int
				if a.FiguresFor != 0 {
					figures = &a.FiguresFor
				}
				if !equalPtr(got.ReviewedAt, day(a.ReviewedAt)) || !equalPtr(got.ValidUntil, day(a.ValidUntil)) || !equalPtr(got.FiguresFor, figures) {
					t.Errorf("%s (%s): reviewedAt %v, figuresFor %v, validUntil %v; de.md says %v, %d, %v", got.Key, l,
						deref(got.ReviewedAt), deref(got.FiguresFor), deref(got.ValidUntil), a.ReviewedAt, a.FiguresFor, a.ValidUntil)
				}
				if len(got.Sources) != len(a.Sources) || len(got.Sources) == 0 {
					t.Errorf("%s: %d sources, de.md has %d", got.Key, len(got.Sources), len(a.Sources))
					continue
				}
				for i, s := range a.Sources {
					if got.Sources[i] != (source{s.Title, s.Publisher, s.URL}) {
						t.Errorf("%s: source %d is %+v, de.md says %+v", got.Key, i, got.Sources[i], s)
					}
				}
			}
		}
	})
}

func equalPtr[T comparable](a, b *T) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestReviewDueFollowsTheClockAndTheInterval: an article's review is due
// the day after the review interval has passed since its last check; its
// figures are outdated from the first day of the next year, and a stated
// rule expires the day after valid_until. The most urgent reason wins.
func TestReviewDueFollowsTheClockAndTheInterval(t *testing.T) {
	renting, money, childBenefit := demoArticle(t, "renting"), demoArticle(t, "money-2026"), demoArticle(t, "child-benefit")
	if renting.FiguresFor != 0 || renting.ValidUntil != nil || money.ValidUntil == nil || money.FiguresFor == 0 ||
		childBenefit.FiguresFor == 0 || childBenefit.ValidUntil != nil {
		t.Fatal("the demo content changed: pick other articles for this test")
	}
	reviewed := *renting.ReviewedAt
	if !reviewed.Equal(*money.ReviewedAt) || !reviewed.Equal(*childBenefit.ReviewedAt) {
		t.Fatal("the articles were checked on different days: pick others")
	}
	y, m, d := reviewed.Date()
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		c := &clock{t: berlinNoon(y, m, d)}
		a := testenv.NewApp(t, db, testenv.WithClock(c.Now))
		gql := testenv.NewGraphQL(t, a.Handler)
		status := func(key string) (bool, string) {
			var r struct{ GuideArticle freshness }
			gql.Post(`query($s: String!) { guideArticle(slug: $s) { `+freshnessFields+` } }`,
				map[string]any{"s": demoArticle(t, key).Texts[lang.DE].Slug}).MustData(&r)
			return r.GuideArticle.ReviewDue, r.GuideArticle.Freshness
		}
		for _, tc := range []struct {
			at                                  time.Time
			renting, money, childBenefit, which string
		}{
			{berlinNoon(y, m, d), "CURRENT", "CURRENT", "CURRENT", "the day of the check"},
			{berlinNoon(money.ValidUntil.Date()), "CURRENT", "CURRENT", "CURRENT", "the last day the rule holds"},
			{time.Date(money.FiguresFor+1, 1, 1, 0, 0, 1, 0, guide.Location()), "CURRENT", "EXPIRED", "FIGURES_OUTDATED", "New Year in Magdeburg"},
			{berlinNoon(y+1, m, d), "CURRENT", "EXPIRED", "FIGURES_OUTDATED", "twelve months after the check"},
			{berlinNoon(y+1, m, d+1), "REVIEW_DUE", "EXPIRED", "FIGURES_OUTDATED", "a day later"},
		} {
			c.Set(tc.at)
			for key, want := range map[string]string{"renting": tc.renting, "money-2026": tc.money, "child-benefit": tc.childBenefit} {
				if due, got := status(key); got != want || due != (want != "CURRENT") {
					t.Errorf("%s (%s): %s, reviewDue %v; want %s", key, tc.which, got, due, want)
				}
			}
		}
	})
	// The interval is configuration: six months make renting due half a
	// year after its check.
	db := testenv.DBs[0]
	c := &clock{t: berlinNoon(y, m+6, d+1)}
	a := testenv.NewApp(t, db, testenv.WithClock(c.Now), testenv.WithConfig(func(cfg *config.Config) { cfg.Guide.ReviewMonths = 6 }))
	var r struct{ GuideArticle freshness }
	testenv.NewGraphQL(t, a.Handler).Post(`query($s: String!) { guideArticle(slug: $s) { `+freshnessFields+` } }`,
		map[string]any{"s": renting.Texts[lang.DE].Slug}).MustData(&r)
	if !r.GuideArticle.ReviewDue || r.GuideArticle.Freshness != "REVIEW_DUE" {
		t.Errorf("with RELOCATE_REVIEW_INTERVAL=6, renting six months and a day after its check: %+v", r.GuideArticle)
	}
}

const updateFreshness = `mutation($id: ID!, $input: UpdateGuideArticleInput!) {
  updateGuideArticle(id: $id, input: $input) { ` + freshnessFields + ` }
}`

// TestEditorsChangeFreshness: an editor records a new check, the year of
// the figures, an expiry and the sources through updateGuideArticle; wrong
// values are refused field by field, in the operation's language, and
// change nothing; translators may not change them.
func TestEditorsChangeFreshness(t *testing.T) {
	a := demoArticle(t, "renting")
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		c := &clock{t: berlinNoon(2027, 3, 15)}
		app := testenv.NewApp(t, db, testenv.WithClock(c.Now))
		s := &staff{app: app, gql: testenv.NewGraphQL(t, app.Handler),
			editor:     testenv.SignIn(t, app, "editor@example.org", []viewer.Role{viewer.Editor}),
			translator: testenv.SignIn(t, app, "lv@example.org", []viewer.Role{viewer.Translator}, lang.LV)}
		id := articleID(t, s.gql, a.Texts[lang.DE].Slug)
		read := func() freshness {
			var r struct{ GuideArticle freshness }
			s.gql.Post(`query($s: String!) { guideArticle(slug: $s) { `+freshnessFields+` } }`, map[string]any{"s": a.Texts[lang.DE].Slug}).MustData(&r)
			return r.GuideArticle
		}
		seeded := read()

		good := map[string]any{
			"reviewedAt": "2027-03-14", "figuresFor": 2027, "validUntil": "2027-12-31",
			"sources": []map[string]any{
				{"title": "Mietrecht", "publisher": "Bundesministerium der Justiz", "url": "https://www.bmj.de/mietrecht"},
				{"title": "Wohnen in Magdeburg", "publisher": "Landeshauptstadt Magdeburg", "url": "https://www.magdeburg.de/wohnen"},
			},
		}
		var done struct{ UpdateGuideArticle freshness }
		s.as(s.editor, updateFreshness, map[string]any{"id": id, "input": good}).MustData(&done)
		got := read()
		if deref(got.ReviewedAt) != "2027-03-14" || deref(got.FiguresFor) != 2027 || deref(got.ValidUntil) != "2027-12-31" ||
			len(got.Sources) != 2 || got.Sources[1] != (source{"Wohnen in Magdeburg", "Landeshauptstadt Magdeburg", "https://www.magdeburg.de/wohnen"}) ||
			got.ReviewDue || got.Freshness != "CURRENT" {
			t.Errorf("after the edit: %+v", got)
		}
		if !slices.Equal(done.UpdateGuideArticle.Sources, got.Sources) {
			t.Errorf("the mutation answered %+v", done.UpdateGuideArticle)
		}

		// Bad values, all at once: each field named, in Latvian.
		bad := map[string]any{
			"reviewedAt": "2027-03-16", "figuresFor": 1800,
			"sources": []map[string]any{
				{"title": "Mietrecht", "publisher": "BMJ", "url": "http://www.bmj.de/mietrecht"},
				{"title": "", "publisher": "Stadt", "url": "https://www.magdeburg.de"},
			},
		}
		r := s.as(s.editor, updateFreshness, map[string]any{"id": id, "input": bad}, "Accept-Language", "lv")
		if r.Code() != "BAD_USER_INPUT" || string(r.Data) != "null" {
			t.Fatalf("bad freshness: %s", r.Raw)
		}
		fields, _ := r.Errors[0].Extensions["fields"].(map[string]any)
		for path, want := range map[string]string{
			"input.reviewedAt":           "nākotnē",
			"input.figuresFor":           "2000",
			"input.sources[0].url":       "https://",
			"input.sources[1].title":     "aizpildiet",
			"input.sources[0].title":     "",
			"input.sources[1].url":       "",
			"input.sources[0].publisher": "",
		} {
			msg, ok := fields[path].(string)
			if want == "" {
				if ok {
					t.Errorf("%s is right but refused: %q", path, msg)
				}
				continue
			}
			if !strings.Contains(msg, want) {
				t.Errorf("%s: %q, want a Latvian message with %q (all: %v)", path, msg, want, fields)
			}
		}
		// A rule cannot expire before the check that found it.
		r = s.as(s.editor, updateFreshness, map[string]any{"id": id, "input": map[string]any{"validUntil": "2027-03-01"}})
		if f, _ := r.Errors[0].Extensions["fields"].(map[string]any); r.Code() != "BAD_USER_INPUT" || f["input.validUntil"] == nil {
			t.Errorf("validUntil before reviewedAt: %s", r.Raw)
		}
		// Not a date at all.
		r = s.as(s.editor, updateFreshness, map[string]any{"id": id, "input": map[string]any{"reviewedAt": "14.03.2027"}})
		if f, _ := r.Errors[0].Extensions["fields"].(map[string]any); r.Code() != "BAD_USER_INPUT" ||
			!strings.Contains(r.Errors[0].Message, "2026-11-29") || f["input.reviewedAt"] != r.Errors[0].Message {
			t.Errorf("a German date: %s", r.Raw)
		}
		// Translators may not.
		r = s.as(s.translator, updateFreshness, map[string]any{"id": id, "input": map[string]any{"reviewedAt": "2027-03-15"}})
		if r.Code() != "FORBIDDEN" {
			t.Errorf("a translator changing the review date: %s", r.Raw)
		}
		if after := read(); deref(after.ReviewedAt) != "2027-03-14" || len(after.Sources) != 2 || deref(after.FiguresFor) != 2027 {
			t.Errorf("refused edits changed the article: %+v", after)
		}

		// The article states no figures and no expiring rule any more.
		s.as(s.editor, updateFreshness, map[string]any{"id": id, "input": map[string]any{"clearFiguresFor": true, "clearValidUntil": true, "sources": seeded.Sources}}).MustData(&done)
		if got := read(); got.FiguresFor != nil || got.ValidUntil != nil || !slices.Equal(got.Sources, seeded.Sources) {
			t.Errorf("after clearing: %+v", got)
		}

		// A new article can carry its freshness from the start; never
		// checked, it is due.
		var created struct{ CreateGuideArticle freshness }
		s.as(s.editor, `mutation($input: CreateGuideArticleInput!) { createGuideArticle(input: $input) { `+freshnessFields+` } }`, map[string]any{"input": map[string]any{
			"categoryId": categoryID(t, s.gql), "key": "new-article", "title": "Neu", "slug": "neu", "summary": "Neu.", "body": "Neu.",
		}}).MustData(&created)
		if created.CreateGuideArticle.ReviewedAt != nil || !created.CreateGuideArticle.ReviewDue || created.CreateGuideArticle.Freshness != "REVIEW_DUE" {
			t.Errorf("a new article that was never checked: %+v", created.CreateGuideArticle)
		}
		s.as(s.editor, `mutation($input: CreateGuideArticleInput!) { createGuideArticle(input: $input) { `+freshnessFields+` } }`, map[string]any{"input": map[string]any{
			"categoryId": categoryID(t, s.gql), "key": "checked-article", "title": "Geprüft", "slug": "geprueft", "summary": "Geprüft.", "body": "Geprüft.",
			"reviewedAt": "2027-03-15", "sources": good["sources"],
		}}).MustData(&created)
		if deref(created.CreateGuideArticle.ReviewedAt) != "2027-03-15" || len(created.CreateGuideArticle.Sources) != 2 || created.CreateGuideArticle.ReviewDue {
			t.Errorf("a new article checked today: %+v", created.CreateGuideArticle)
		}
	})
}

func categoryID(t *testing.T, gql *testenv.GraphQL) string {
	t.Helper()
	var d struct{ GuideCategories []struct{ ID string } }
	gql.Post(`{ guideCategories { id } }`, nil).MustData(&d)
	return d.GuideCategories[0].ID
}

// TestDashboardListsDueReviews: the translation dashboard lists the
// articles whose review is due, with why and since when, longest due
// first, for editors and translators alike.
func TestDashboardListsDueReviews(t *testing.T) {
	content := demo(t)
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		c := &clock{t: berlinNoon(2026, 12, 1)}
		app := testenv.NewApp(t, db, testenv.WithClock(c.Now))
		gql := testenv.NewGraphQL(t, app.Handler)
		// Sessions last hours: each step of the clock signs in anew.
		editor := func() string { return testenv.SignIn(t, app, "editor@example.org", []viewer.Role{viewer.Editor}) }
		translator := func() string {
			return testenv.SignIn(t, app, "lv@example.org", []viewer.Role{viewer.Translator}, lang.LV)
		}
		type task struct {
			Article   struct{ Key string }
			Freshness string
			DueSince  string
		}
		due := func(token string) []task {
			var d struct{ TranslationDashboard struct{ ReviewsDue []task } }
			gql.Post(`{ translationDashboard { reviewsDue { article { key } freshness dueSince } } }`, nil, "Authorization", "Bearer "+token).MustData(&d)
			return d.TranslationDashboard.ReviewsDue
		}
		if got := due(editor()); len(got) != 0 {
			t.Errorf("reviews due right after the content was checked: %+v", got)
		}

		// The next year: articles with figures for 2026 are outdated, and
		// those with a rule until the end of 2026 expired.
		c.Set(berlinNoon(2027, 1, 2))
		var wantKeys []string
		for _, a := range content.Articles {
			if a.FiguresFor == 2026 || a.ValidUntil != nil {
				wantKeys = append(wantKeys, a.Key)
			}
		}
		got := due(translator())
		var keys []string
		for _, tk := range got {
			keys = append(keys, tk.Article.Key)
			a := demoArticle(t, tk.Article.Key)
			want := "FIGURES_OUTDATED"
			if a.ValidUntil != nil {
				want = "EXPIRED"
			}
			if tk.Freshness != want || tk.DueSince != "2027-01-01" {
				t.Errorf("%s: %s since %s, want %s since 2027-01-01", tk.Article.Key, tk.Freshness, tk.DueSince, want)
			}
		}
		slices.Sort(keys)
		slices.Sort(wantKeys)
		if !slices.Equal(keys, wantKeys) || len(keys) < 3 {
			t.Errorf("reviews due in January 2027: %v, want %v", keys, wantKeys)
		}

		// An editor records a check of one of them in the past: it is due
		// since longer and comes first.
		id := articleID(t, gql, demoArticle(t, "renting").Texts[lang.DE].Slug)
		r := gql.Post(updateFreshness, map[string]any{"id": id, "input": map[string]any{"reviewedAt": "2025-06-30"}}, "Authorization", "Bearer "+editor())
		if r.Code() != "" {
			t.Fatal(string(r.Raw))
		}
		if got := due(editor()); len(got) != len(wantKeys)+1 || got[0].Article.Key != "renting" || got[0].Freshness != "REVIEW_DUE" || got[0].DueSince != "2026-07-01" {
			t.Errorf("after an old check of renting: %+v", got)
		}
		// Anonymous readers do not see the dashboard.
		if r := gql.Post(`{ translationDashboard { reviewsDue { dueSince } } }`, nil); r.Code() != "UNAUTHENTICATED" {
			t.Errorf("anonymous: %s", r.Raw)
		}
	})
}

// TestSeedUpdatesFreshness: `relocate seed` brings a changed check date,
// year and list of sources from the files into the database, and leaves
// equal articles alone.
func TestSeedUpdatesFreshness(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		app := testenv.NewApp(t, db)
		content := demo(t)
		report, err := seed.Load(context.Background(), app.Store.Client, content)
		if err != nil || report.Updated != 0 || report.Created != 0 {
			t.Fatalf("loading the same content again: %v (%v)", report, err)
		}
		var a *seed.Article
		for i := range content.Articles {
			if content.Articles[i].Key == "renting" {
				a = &content.Articles[i]
			}
		}
		checked := a.ReviewedAt.AddDate(0, 0, -3)
		until := a.ReviewedAt.AddDate(0, 6, 0)
		a.ReviewedAt, a.FiguresFor, a.ValidUntil = &checked, 2026, &until
		a.Sources = append(a.Sources[:1:1], seed.Source{Title: "Neue Quelle", Publisher: "Stadt", URL: "https://www.magdeburg.de/neu"})
		report, err = seed.Load(context.Background(), app.Store.Client, content)
		if err != nil || report.Updated != 1 {
			t.Fatalf("loading a changed freshness: %v (%v)", report, err)
		}
		var r struct{ GuideArticle freshness }
		testenv.NewGraphQL(t, app.Handler).Post(`query($s: String!) { guideArticle(slug: $s) { `+freshnessFields+` } }`,
			map[string]any{"s": a.Texts[lang.DE].Slug}).MustData(&r)
		got := r.GuideArticle
		if !equalPtr(got.ReviewedAt, day(&checked)) || deref(got.FiguresFor) != 2026 || !equalPtr(got.ValidUntil, day(&until)) ||
			len(got.Sources) != 2 || got.Sources[1].Title != "Neue Quelle" {
			t.Errorf("after seeding the changes: %+v", got)
		}
	})
}
