package seed_test

import (
	"context"
	"strings"
	"testing"

	"relocate/ent/checklistitem"
	"relocate/ent/checklistitemtranslation"
	"relocate/internal/lang"
	"relocate/internal/seed"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// TestEveryTopicHasAChecklist: each topic a case can need support with
// has steps, in reading order, and the steps the issue names are there
// with their deadlines.
func TestEveryTopicHasAChecklist(t *testing.T) {
	c, err := seed.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	steps := map[string][]seed.ChecklistStep{}
	byKey := map[string]seed.ChecklistStep{}
	for _, s := range c.Checklist {
		steps[s.Topic] = append(steps[s.Topic], s)
		byKey[s.Key] = s
	}
	for _, topic := range c.Topics {
		if len(steps[topic.Key]) == 0 {
			t.Errorf("topic %s has no checklist steps", topic.Key)
		}
	}
	for _, tc := range []struct {
		key, anchor, article string
		days                 int
	}{
		// § 17 Bundesmeldegesetz: two weeks after moving in.
		{"authorities-register-address", "ARRIVAL", "address-registration", 14},
		// "am besten schon vor dem ersten Arbeitstag".
		{"health-choose-insurer", "START_OF_WORK", "health-insurance", -7},
		// The tax ID comes by post after the registration.
		{"work-tax-id-to-employer", "ARRIVAL", "tax-id-and-tax-classes", 42},
		// The PMLP wants the address abroad within three months.
		{"authorities-pmlp-address", "ARRIVAL", "obligations-latvia", 90},
	} {
		s, ok := byKey[tc.key]
		if !ok {
			t.Errorf("no step %s", tc.key)
			continue
		}
		if s.Anchor != tc.anchor || s.DueDays != tc.days || s.Article != tc.article {
			t.Errorf("step %s: %s%+d, article %s; want %s%+d, %s", tc.key, s.Anchor, s.DueDays, s.Article, tc.anchor, tc.days, tc.article)
		}
	}
}

// TestValidateGuardsChecklists breaks one rule of the checklist templates
// at a time and checks that validation names the step and the problem.
func TestValidateGuardsChecklists(t *testing.T) {
	step := func(c *seed.Content, key string) *seed.ChecklistStep {
		for i := range c.Checklist {
			if c.Checklist[i].Key == key {
				return &c.Checklist[i]
			}
		}
		t.Fatalf("no step %q", key)
		return nil
	}
	for _, tc := range []struct {
		name  string
		spoil func(c *seed.Content)
		want  string
	}{
		{"unknown article", func(c *seed.Content) { step(c, "health-family-doctor").Article = "no-such-article" },
			`checklists.toml step "health-family-doctor": article "no-such-article" does not exist`},
		{"unknown place", func(c *seed.Content) { step(c, "culture-library-card").Place = "no-such-place" },
			`checklists.toml step "culture-library-card": place "no-such-place" does not exist`},
		{"unknown topic", func(c *seed.Content) { step(c, "culture-library-card").Topic = "cooking" },
			`checklists.toml step "culture-library-card": unknown topic "cooking"`},
		{"missing title", func(c *seed.Content) { delete(step(c, "school-register").Titles, lang.RU) },
			`checklists.toml step "school-register": no title in ru`},
		{"title on two lines", func(c *seed.Content) { step(c, "school-register").Titles[lang.LV] = "Piesakiet\nbērnu" },
			`checklists.toml step "school-register" (lv): title:`},
		{"key used twice", func(c *seed.Content) { step(c, "school-register").Key = "school-reports" },
			`checklists.toml step "school-reports": key used twice`},
		{"position taken", func(c *seed.Content) { step(c, "school-register").Position = 1 },
			`position 1 of topic "school" already taken`},
		{"unknown anchor", func(c *seed.Content) { step(c, "school-register").Anchor = "BIRTHDAY" },
			`checklists.toml step "school-register": anchor:`},
		{"offset out of range", func(c *seed.Content) { step(c, "school-register").DueDays = 400 },
			`checklists.toml step "school-register": due_days:`},
		{"term rendered otherwise", func(c *seed.Content) {
			step(c, "authorities-book-appointment").Titles[lang.LV] = "Pierakstieties pilsoņu birojā (Bürgerbüro)"
		}, `terminology: checklists.toml authorities-book-appointment (lv title): "Bürgerbüro" is rendered`},
		{"spaced en dash in Russian", func(c *seed.Content) {
			step(c, "health-family-doctor").Titles[lang.RU] = "Найдите семейного врача – лучше заранее"
		}, `typography: checklists.toml health-family-doctor (ru title): spaced en dash`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := seed.Embedded()
			if err != nil {
				t.Fatal(err)
			}
			tc.spoil(c)
			err = c.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("validation does not report %q:\n%v", tc.want, err)
			}
		})
	}
}

// TestChecklistsAreLoadedLikeTheGuide: a first start loads every step in
// four languages; loading again changes nothing; a step an administrator
// changed or archived is restored by `relocate seed`; a database with
// guide content but no steps (an earlier release) gets them at start.
func TestChecklistsAreLoadedLikeTheGuide(t *testing.T) {
	c, err := seed.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		app := testenv.NewApp(t, db)
		ctx := viewer.SystemContext(context.Background())
		client := app.Store.Client
		items, err := client.ChecklistItem.Query().WithTranslations().All(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != len(c.Checklist) {
			t.Fatalf("%d steps loaded, want %d", len(items), len(c.Checklist))
		}
		want := map[string]seed.ChecklistStep{}
		for _, s := range c.Checklist {
			want[s.Key] = s
		}
		for _, it := range items {
			s := want[it.Key]
			if it.Topic != s.Topic || it.DueOffsetDays != s.DueDays || string(it.DueAnchor) != s.Anchor ||
				it.ArticleKey != s.Article || it.PlaceKey != s.Place || it.Archived {
				t.Errorf("step %s loaded as %+v", it.Key, it)
			}
			if len(it.Edges.Translations) != 4 {
				t.Errorf("step %s has %d titles", it.Key, len(it.Edges.Translations))
			}
			for _, tr := range it.Edges.Translations {
				if tr.Title != s.Titles[tr.Language] {
					t.Errorf("step %s (%s): %q", it.Key, tr.Language, tr.Title)
				}
			}
		}

		report, err := seed.Load(ctx, client, c)
		if err != nil {
			t.Fatal(err)
		}
		if report.Created != 0 || report.Updated != 0 {
			t.Errorf("reloading unchanged content: %s", report)
		}

		// Changed and archived through the API: the files win again.
		reg, err := client.ChecklistItem.Query().Where(checklistitem.Key("authorities-register-address")).Only(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := reg.Update().SetDueOffsetDays(30).SetArchived(true).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := client.ChecklistItemTranslation.Update().
			Where(checklistitemtranslation.ItemID(reg.ID), checklistitemtranslation.LanguageEQ(lang.LV)).
			SetTitle("mainīts").Save(ctx); err != nil {
			t.Fatal(err)
		}
		if report, err = seed.Load(ctx, client, c); err != nil {
			t.Fatal(err)
		}
		if report.Updated != 2 || report.Created != 0 {
			t.Errorf("restoring one step and one title: %s", report)
		}
		reg = client.ChecklistItem.Query().Where(checklistitem.ID(reg.ID)).WithTranslations().OnlyX(ctx)
		if reg.DueOffsetDays != 14 || reg.Archived {
			t.Errorf("step not restored: %+v", reg)
		}

		// A database of an earlier release: content, but no steps.
		if _, err := client.ChecklistItemTranslation.Delete().Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := client.ChecklistItem.Delete().Exec(ctx); err != nil {
			t.Fatal(err)
		}
		loaded, report, err := seed.LoadIfEmpty(ctx, client, c)
		if err != nil || loaded || report.Created != 5*len(c.Checklist) {
			t.Errorf("steps of an older database: loaded %v, %s, %v", loaded, report, err)
		}
		if loaded, again, err := seed.LoadIfEmpty(ctx, client, c); err != nil || loaded || again.Created != 0 {
			t.Errorf("loaded twice: %v %s %v", loaded, again, err)
		}
		n, err := client.ChecklistItem.Query().Count(ctx)
		if err != nil || n != len(c.Checklist) {
			t.Errorf("%d steps (%v)", n, err)
		}
	})
}
