package seed_test

import (
	"context"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"relocate/ent/glossaryterm"
	"relocate/ent/guidearticlerevision"
	"relocate/ent/guidearticletranslation"
	"relocate/internal/guide"
	"relocate/internal/lang"
	"relocate/internal/seed"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }

func TestDemoContentFollowsTheRules(t *testing.T) {
	c, err := seed.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		what     string
		got, min int
	}{
		{"topics", len(c.Topics), 12},
		{"articles", len(c.Articles), 24},
		{"places", len(c.Places), 20},
		{"glossary terms", len(c.Terms), 30},
	} {
		if tc.got < tc.min {
			t.Errorf("%d %s, want at least %d", tc.got, tc.what, tc.min)
		}
	}
	for _, a := range c.Articles {
		if n := len(strings.Fields(a.Texts[lang.DE].Body)); n < 150 {
			t.Errorf("article %s: German text has %d words, want at least 150", a.Key, n)
		}
	}
	// The arrival checklist exists and is the first article of the first topic.
	first := map[string]seed.Article{}
	for _, a := range c.Articles {
		if cur, ok := first[a.Topic]; !ok || a.Position < cur.Position {
			first[a.Topic] = a
		}
	}
	if first["arrival"].Key != "arrival-checklist" {
		t.Errorf("the arrival topic should open with the checklist, got %q", first["arrival"].Key)
	}
}

func TestValidateReportsBrokenContent(t *testing.T) {
	c, err := seed.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	a := &c.Articles[0]
	lv := a.Texts[lang.LV]
	lv.Body += "\n[broken](guide:no-such-article)\n<script>alert(1)</script>\n"
	a.Texts[lang.LV] = lv
	delete(a.Texts, lang.RU)
	c.Places[0].Languages = []string{"latvian"}
	err = c.Validate()
	if err == nil {
		t.Fatal("broken content passed validation")
	}
	for _, want := range []string{"guide:no-such-article", "raw HTML", "no ru.md", "ISO 639-1"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("validation does not report %q:\n%v", want, err)
		}
	}
}

// TestValidateGuardsFreshnessAndTerminology breaks one rule of
// content/README.md at a time and checks that validation names the file,
// the term and what it found.
func TestValidateGuardsFreshnessAndTerminology(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	article := func(c *seed.Content, key string) *seed.Article {
		for i := range c.Articles {
			if c.Articles[i].Key == key {
				return &c.Articles[i]
			}
		}
		t.Fatalf("no article %q", key)
		return nil
	}
	appendBody := func(c *seed.Content, key string, l lang.Code, text string) {
		a := article(c, key)
		tx := a.Texts[l]
		tx.Body += "\n" + text + "\n"
		a.Texts[l] = tx
	}
	for _, tc := range []struct {
		name  string
		spoil func(c *seed.Content)
		want  string
	}{
		{"no reviewed_at", func(c *seed.Content) { article(c, "renting").ReviewedAt = nil },
			"articles/renting/de.md: no reviewed_at"},
		{"no sources", func(c *seed.Content) { article(c, "renting").Sources = nil },
			"articles/renting/de.md: no [[sources]]"},
		{"reviewed in the future", func(c *seed.Content) {
			future := now.AddDate(0, 0, 1)
			article(c, "renting").ReviewedAt = &future
		}, "articles/renting/de.md: reviewed_at 2026-11-30 is in the future"},
		{"a source by plain http", func(c *seed.Content) {
			a := article(c, "renting")
			a.Sources = slices.Clone(a.Sources)
			a.Sources[0].URL = "http://www.magdeburg.de"
		}, "articles/renting/de.md: sources[0].url: Please give a web address that starts with https://."},
		{"a source without a publisher", func(c *seed.Content) {
			a := article(c, "renting")
			a.Sources = slices.Clone(a.Sources)
			a.Sources[0].Publisher = ""
		}, "articles/renting/de.md: sources[0].publisher: Please fill in this field."},
		{"figures for 1800", func(c *seed.Content) { article(c, "child-benefit").FiguresFor = 1800 },
			"articles/child-benefit/de.md: figures_for: Please give a year from 2000 to 2100."},
		{"figures without a year", func(c *seed.Content) {
			article(c, "child-benefit").FiguresFor = 0
		}, `articles/child-benefit/de.md: states figures ("259 Euro") but has no figures_for`},
		{"a new figure in an article without a year", func(c *seed.Content) {
			appendBody(c, "renting", lang.DE, "Ein Umzugskarton kostet etwa 3 €.")
		}, `articles/renting/de.md: states figures ("3 €")`},
		{"glossary renders a term differently", func(c *seed.Content) {
			for i := range c.Terms {
				if c.Terms[i].Key == "steuer-id" {
					tt := c.Terms[i].Texts[lang.LV]
					tt.Translation = "nodokļu numurs"
					c.Terms[i].Texts[lang.LV] = tt
				}
			}
		}, `glossary.toml steuer-id (lv): translation "nodokļu numurs"; the list renders "Steuer-ID" as "nodokļu identifikācijas numurs"`},
		{"article renders a term differently", func(c *seed.Content) {
			appendBody(c, "renting", lang.LV, "Jums izsniegs reģistrācijas apliecību (*Meldebescheinigung*).")
		}, `articles/renting/lv.md: "Meldebescheinigung" is rendered "izsniegs reģistrācijas apliecību"; the list says "dzīvesvietas reģistrācijas izziņa"`},
		{"place renders a term differently", func(c *seed.Content) {
			for i := range c.Places {
				if p := &c.Places[i]; p.Key == "rathaus" {
					tx := p.Texts[lang.RU]
					tx.Description += " Обратитесь в бюро по делам граждан (Bürgerbüro)."
					p.Texts[lang.RU] = tx
				}
			}
		}, `places.toml rathaus (ru): "Bürgerbüro" is rendered "по делам граждан"`},
		{"capital inside a sentence", func(c *seed.Content) {
			appendBody(c, "renting", lang.LV, "Jautājiet Ārzemnieku lietu iestādē (*Ausländerbehörde*).")
		}, `articles/renting/lv.md: "Ārzemnieku" before (Ausländerbehörde) has a capital inside a sentence`},
		{"a rendering the list avoids", func(c *seed.Content) {
			appendBody(c, "renting", lang.RU, "Ваш налоговый номер придёт по почте.")
		}, `articles/renting/ru.md: "налоговый номер", a rendering of "Steuer-ID" the list avoids`},
		{"Russian spaced en dash", func(c *seed.Content) {
			appendBody(c, "renting", lang.RU, "Залог – это важно.")
		}, `typography: articles/renting/ru.md: spaced en dash`},
		{"English quotation marks in Latvian", func(c *seed.Content) {
			appendBody(c, "renting", lang.LV, "Tā sauktā “Kaution” ir drošības nauda.")
		}, `typography: articles/renting/lv.md: quotation mark “`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := seed.Embedded()
			if err != nil {
				t.Fatal(err)
			}
			tc.spoil(c)
			err = c.ValidateAt(now)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("validation does not report %q:\n%v", tc.want, err)
			}
		})
	}
}

// TestTerminologyAcceptsInflectedForms checks that the terminology guard
// reads Latvian and Russian as they are written: inflected renderings, a
// verb built on the rendering and a capital at the start of a sentence pass.
func TestTerminologyAcceptsInflectedForms(t *testing.T) {
	c, err := seed.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for i := range c.Articles {
		if c.Articles[i].Key != "renting" {
			continue
		}
		for l, text := range map[lang.Code]string{
			lang.LV: "Ņemiet līdzi dzīvesvietas reģistrācijas izziņu (*Meldebescheinigung*). Pierakstieties ārzemnieku lietu iestādē (*Ausländerbehörde*).\n\nĀrzemnieku lietu iestāde (*Ausländerbehörde*) palīdzēs.",
			lang.RU: "Зарегистрируйтесь по месту жительства (*Anmeldung*) в бюро обслуживания граждан (*Bürgerbüro*). Нужен налоговый идентификационный номер (*Steuer-ID*, 11 цифр), а не налоговый номер (*Steuernummer*).",
			lang.EN: "Register your address (*Anmeldung*) at a citizens' office (*Bürgerbüro*).",
		} {
			tx := c.Articles[i].Texts[l]
			tx.Body += "\n" + text + "\n"
			c.Articles[i].Texts[l] = tx
		}
	}
	if err := c.ValidateAt(time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
}

var href = regexp.MustCompile(`href="([^"]*)"`)

func TestLoadedContentIsCompleteAndLinked(t *testing.T) {
	c, err := seed.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		app := testenv.Shared(t, db)
		ctx := guide.WithRequestCache(context.Background())
		conn, err := app.Guide.Articles(ctx, guide.Page{}, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if conn.TotalCount != len(c.Articles) {
			t.Fatalf("%d published articles, want %d", conn.TotalCount, len(c.Articles))
		}
		paths := map[string]bool{}
		for _, e := range conn.Edges {
			links, err := app.Guide.ArticleLinks(ctx, e.Node)
			if err != nil {
				t.Fatal(err)
			}
			if len(links) != 4 {
				t.Errorf("article %s has %d languages", e.Node.Key, len(links))
			}
			for _, l := range links {
				if l.Status != guide.UpToDate {
					t.Errorf("article %s %s: %s", e.Node.Key, l.Language, l.Status)
				}
				paths[l.Path] = true
			}
		}
		for _, l := range lang.All {
			lctx := lang.NewContext(ctx, lang.For(l))
			for _, e := range conn.Edges {
				html, err := app.Guide.ArticleHTML(lctx, e.Node)
				if err != nil {
					t.Fatal(err)
				}
				if strings.Contains(html, "guide:") {
					t.Errorf("%s %s: unresolved guide: link", e.Node.Key, l)
				}
				for _, m := range href.FindAllStringSubmatch(html, -1) {
					target := m[1]
					if strings.HasPrefix(target, "/") && !paths[target] {
						t.Errorf("%s %s: link to %s leads nowhere", e.Node.Key, l, target)
					}
					if !strings.HasPrefix(target, "/") && !strings.HasPrefix(target, "https://") && !strings.HasPrefix(target, "mailto:") {
						t.Errorf("%s %s: link %q is neither internal nor https", e.Node.Key, l, target)
					}
				}
			}
		}
	})
}

func TestLoadIsIdempotent(t *testing.T) {
	c, err := seed.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		app := testenv.NewApp(t, db) // loaded on start
		ctx := viewer.SystemContext(context.Background())
		client := app.Store.Client
		before, err := client.GlossaryTerm.Query().Order(glossaryterm.ByID()).All(ctx)
		if err != nil {
			t.Fatal(err)
		}

		loaded, _, err := seed.LoadIfEmpty(ctx, client, c)
		if err != nil || loaded {
			t.Fatalf("second start loaded again: %v %v", loaded, err)
		}
		report, err := seed.Load(ctx, client, c)
		if err != nil {
			t.Fatal(err)
		}
		if report.Created != 0 || report.Updated != 0 || report.Unchanged == 0 {
			t.Errorf("reloading unchanged content: %s", report)
		}
		after, err := client.GlossaryTerm.Query().Order(glossaryterm.ByID()).All(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for i := range before {
			if !before[i].UpdatedAt.Equal(after[i].UpdatedAt) {
				t.Errorf("term %s was rewritten", before[i].Key)
			}
		}

		// A demo text changed in the database is restored, and only that.
		if _, err := client.GlossaryTerm.UpdateOne(before[0]).SetTerm("verändert").Save(ctx); err != nil {
			t.Fatal(err)
		}
		report, err = seed.Load(ctx, client, c)
		if err != nil {
			t.Fatal(err)
		}
		if report.Updated != 1 || report.Created != 0 {
			t.Errorf("restoring one term: %s", report)
		}
		restored, _ := client.GlossaryTerm.Get(ctx, before[0].ID)
		if restored.Term != before[0].Term {
			t.Errorf("term not restored: %q", restored.Term)
		}
	})
}

func TestLoadRefusesInvalidContentAndChangesNothing(t *testing.T) {
	c, err := seed.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	c.Terms[0].Term = "neu"
	c.Articles[0].Related = []string{"no-such-article"}
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		app := testenv.NewApp(t, db)
		ctx := viewer.SystemContext(context.Background())
		if _, err := seed.Load(ctx, app.Store.Client, c); err == nil {
			t.Fatal("invalid content was loaded")
		}
		n, err := app.Store.Client.GlossaryTerm.Query().Where(glossaryterm.Term("neu")).Count(ctx)
		if err != nil || n != 0 {
			t.Errorf("a refused load changed %d terms (%v)", n, err)
		}
	})
}

// TestLoadingKeepsTheHistory: every text loaded has a revision; a text
// loaded before there were revisions gets its first one when the demo
// content is loaded again, and a changed demo text adds one.
func TestLoadingKeepsTheHistory(t *testing.T) {
	c, err := seed.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		app := testenv.NewApp(t, db)
		ctx := viewer.SystemContext(context.Background())
		client := app.Store.Client
		texts := client.GuideArticleTranslation.Query().CountX(ctx)
		count := func() int { return client.GuideArticleRevision.Query().CountX(ctx) }
		if n := count(); n != texts {
			t.Fatalf("%d revisions for %d texts", n, texts)
		}
		// Loading again adds nothing.
		if _, err := seed.Load(ctx, client, c); err != nil {
			t.Fatal(err)
		}
		if n := count(); n != texts {
			t.Errorf("reloading: %d revisions for %d texts", n, texts)
		}
		// A database seeded before revisions were kept gets them.
		if _, err := app.Store.DB.ExecContext(ctx, "DELETE FROM guide_article_revisions"); err != nil {
			t.Fatal(err)
		}
		if _, err := seed.Load(ctx, client, c); err != nil {
			t.Fatal(err)
		}
		if n := client.GuideArticleRevision.Query().Where(guidearticlerevision.ChangeEQ(guidearticlerevision.ChangeCREATED)).CountX(ctx); n != texts {
			t.Errorf("backfill: %d first revisions for %d texts", n, texts)
		}
		// A demo text that differs from the database adds a revision.
		a := c.Articles[0]
		if err := client.GuideArticleTranslation.Update().
			Where(guidearticletranslation.Slug(a.Texts[lang.LV].Slug)).SetBody("citādi").Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := seed.Load(ctx, client, c); err != nil {
			t.Fatal(err)
		}
		last := client.GuideArticleRevision.Query().Order(guidearticlerevision.ByID()).AllX(ctx)
		newest := last[len(last)-1]
		if len(last) != texts+1 || newest.Change != guidearticlerevision.ChangeTRANSLATION || newest.Body != a.Texts[lang.LV].Body ||
			len(newest.ChangedFields) != 1 || newest.ChangedFields[0] != "body" {
			t.Errorf("%d revisions; newest %s %v", len(last), newest.Change, newest.ChangedFields)
		}
	})
}

// TestALargeLoadGathersPlannerStatistics: after a load of a large guide
// the database knows how many texts there are (the planner's statistics)
// at once, not only once autovacuum comes round, so that the first
// searches are planned for the guide's real size.
func TestALargeLoadGathersPlannerStatistics(t *testing.T) {
	c, err := seed.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		app := testenv.NewApp(t, db) // the demo guide: a small load
		ctx := viewer.SystemContext(context.Background())
		texts := func() int {
			n, err := app.Store.Client.GuideArticleTranslation.Query().Count(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		// known is the number of texts the planner's statistics count.
		known := func() int {
			var q string
			if db.Name == "sqlite" {
				var tables int
				if err := app.Store.DB.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'`).Scan(&tables); err != nil || tables == 0 {
					return 0
				}
				q = `SELECT COALESCE(MAX(CAST(stat AS INTEGER)), 0) FROM sqlite_stat1 WHERE tbl = 'guide_article_translations'`
			} else {
				q = `SELECT GREATEST(reltuples, 0)::int FROM pg_class WHERE relname = 'guide_article_translations'`
			}
			var n int
			if err := app.Store.DB.QueryRowContext(ctx, q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		small := texts()
		report, err := seed.Load(ctx, app.Store.Client, c.Scaled(9))
		if err != nil {
			t.Fatal(err)
		}
		if report.Created < 5000 {
			t.Fatalf("a load of %s is not large", report)
		}
		if all := texts(); all < 5*small || known() != all {
			t.Errorf("%d texts after the load (%d before); the planner knows of %d", all, small, known())
		}
	})
}
