package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"relocate/ent"
	"relocate/ent/guidearticletranslation"
	"relocate/ent/schema/schematype"
	"relocate/internal/lang"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
	"relocate/locales"
)

// rows counts what an invalid mutation must leave alone.
func rows(t *testing.T, c *ent.Client) string {
	t.Helper()
	ctx := viewer.SystemContext(context.Background())
	return fmt.Sprint(
		c.GuideArticle.Query().CountX(ctx), c.GuideArticleTranslation.Query().CountX(ctx),
		c.GuideArticleRevision.Query().CountX(ctx), c.GuideCategory.Query().CountX(ctx),
		c.Place.Query().CountX(ctx), c.PlaceTranslation.Query().CountX(ctx), c.AuditEntry.Query().CountX(ctx))
}

// fieldErrors returns extensions.fields of the only error of r, after
// checking its code.
func fieldErrors(t *testing.T, r *testenv.Response) map[string]string {
	t.Helper()
	if len(r.Errors) != 1 || r.Code() != "BAD_USER_INPUT" || string(r.Data) != "null" {
		t.Fatalf("want one BAD_USER_INPUT error and no data: %s", r.Raw)
	}
	raw, err := json.Marshal(r.Errors[0].Extensions["fields"])
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]string
	if err := json.Unmarshal(raw, &fields); err != nil || len(fields) == 0 {
		t.Fatalf("no extensions.fields: %s", r.Raw)
	}
	return fields
}

// summaryLimit is the longest summary the ent schema accepts, in
// characters, found by asking its generated validator.
func summaryLimit(t *testing.T) int {
	t.Helper()
	n := 0
	for guidearticletranslation.SummaryValidator(strings.Repeat("ж", n+1)) == nil {
		if n++; n > 1_000_000 {
			t.Fatal("the schema sets no summary limit")
		}
	}
	return n
}

func TestInvalidInputIsAnsweredFieldByField(t *testing.T) {
	catalog, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	limit := summaryLimit(t)
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		s := newStaff(t, db)
		before := rows(t, s.app.Store.Client)
		var topics struct{ GuideCategories []struct{ ID string } }
		s.gql.Post(`{ guideCategories { id } }`, nil).MustData(&topics)
		taken := demoArticle(t, "living-everyday").Texts[lang.DE].Slug

		t.Run("six wrong fields of an article, in Latvian", func(t *testing.T) {
			r := s.as(s.editor, `mutation($input: CreateGuideArticleInput!) @inContext(language: LV) { createGuideArticle(input: $input) { id } }`,
				map[string]any{"input": map[string]any{
					"categoryId": "99999999", "key": "Ne Derīga", "title": " ", "slug": taken,
					"summary": strings.Repeat("ā", limit+1), "body": "",
				}})
			got := fieldErrors(t, r)
			want := map[string]string{
				"input.categoryId": catalog.T(lang.LV, "error.field.unknown_topic", nil),
				"input.key":        catalog.T(lang.LV, "error.key_invalid", nil),
				"input.title":      catalog.T(lang.LV, "error.field.required", nil),
				"input.slug":       catalog.T(lang.LV, "error.slug_taken", nil),
				"input.summary":    catalog.T(lang.LV, "error.field.too_long", map[string]any{"Max": limit, "Count": limit}),
				"input.body":       catalog.T(lang.LV, "error.field.required", nil),
			}
			if !maps.Equal(got, want) {
				t.Errorf("fields:\n got %v\nwant %v", got, want)
			}
			if s := got["input.summary"]; !strings.Contains(s, fmt.Sprintf("%d rakstzīm", limit)) {
				t.Errorf("the summary's message is not Latvian or lacks the limit: %q", s)
			}
			if msg := r.Errors[0].Message; msg != catalog.T(lang.LV, "error.invalid_fields", map[string]any{"Count": 6}) || !strings.Contains(msg, "6 lauku") {
				t.Errorf("general message %q", msg)
			}
		})

		t.Run("eight wrong fields of a place, in Russian", func(t *testing.T) {
			var cats struct{ PlaceCategories []struct{ ID string } }
			s.gql.Post(`{ placeCategories { id } }`, nil).MustData(&cats)
			r := s.as(s.editor, `mutation($c: ID!) @inContext(language: RU) {
			  createPlace(key: "novoe-mesto", description: "", input: {categoryId: $c, name: "Neuer Ort",
			    website: "http://example.org", email: "keine-adresse", phone: "ruf an", latitude: 91,
			    openingHours: [{day: MO, opens: "08:00", closes: "12:00"}, {day: TU, opens: "14:00", closes: "09:00"},
			                   {day: WE, opens: "08:00", closes: "25:00"}]}) { id } }`,
				map[string]any{"c": cats.PlaceCategories[0].ID})
			got := fieldErrors(t, r)
			want := map[string]string{
				"description":                  catalog.T(lang.RU, "error.field.required", nil),
				"input.website":                catalog.T(lang.RU, "error.field.https_url", nil),
				"input.email":                  catalog.T(lang.RU, "error.email_invalid", nil),
				"input.phone":                  catalog.T(lang.RU, "error.field.phone", nil),
				"input.latitude":               catalog.T(lang.RU, "error.field.out_of_range", map[string]any{"Min": -90.0, "Max": 90.0}),
				"input.longitude":              catalog.T(lang.RU, "error.field.coordinates", nil),
				"input.openingHours[1].closes": catalog.T(lang.RU, "error.field.closes_before_opens", nil),
				"input.openingHours[2].closes": catalog.T(lang.RU, "error.field.time", nil),
			}
			if !maps.Equal(got, want) {
				t.Errorf("fields:\n got %v\nwant %v", got, want)
			}
			if got["input.latitude"] != "Пожалуйста, укажите число от -90 до 90." {
				t.Errorf("latitude: %q", got["input.latitude"])
			}
			if msg := r.Errors[0].Message; !strings.HasPrefix(msg, "8 полей") {
				t.Errorf("general message %q", msg)
			}
		})

		t.Run("one wrong field keeps its own message", func(t *testing.T) {
			id := articleID(t, s.gql, demoArticle(t, "address-registration").Texts[lang.DE].Slug)
			r := s.as(s.editor, `mutation($id: ID!, $slug: String) { editGuideArticleSource(id: $id, change: MINOR, input: {slug: $slug}) { id } }`,
				map[string]any{"id": id, "slug": taken})
			got := fieldErrors(t, r)
			want := catalog.T(lang.DE, "error.slug_taken", nil)
			if !maps.Equal(got, map[string]string{"input.slug": want}) || r.Errors[0].Message != want {
				t.Errorf("%s", r.Raw)
			}
		})

		t.Run("glossary arguments are named as sent", func(t *testing.T) {
			r := s.as(s.editor, `mutation { createGlossaryTerm(key: "neues-wort", term: "das Wort\nmit Umbruch", explanation: "") { id } }`, nil,
				"Accept-Language", "en")
			got := slices.Sorted(maps.Keys(fieldErrors(t, r)))
			if !slices.Equal(got, []string{"explanation", "term"}) {
				t.Errorf("fields %v: %s", got, r.Raw)
			}
		})

		if after := rows(t, s.app.Store.Client); after != before {
			t.Errorf("invalid mutations changed the database: %s, before %s", after, before)
		}
	})
}

// TestSummaryLimitIsTheSchemasEverywhere: the demo content's validation,
// the editing mutations and ent itself accept a summary of exactly the
// schema's limit in Cyrillic (two bytes a character) and refuse one
// character more, each saying the same limit.
func TestSummaryLimitIsTheSchemasEverywhere(t *testing.T) {
	limit := summaryLimit(t)
	longest, tooLong := strings.Repeat("ж", limit), strings.Repeat("ж", limit+1)
	number := fmt.Sprint(limit)

	t.Run("content validation", func(t *testing.T) {
		for _, tc := range []struct {
			summary string
			refused bool
		}{{longest, false}, {tooLong, true}} {
			c := demo(t)
			a := &c.Articles[0]
			text := a.Texts[lang.RU]
			text.Summary = tc.summary
			a.Texts[lang.RU] = text
			var msg string
			if err := c.Validate(); err != nil {
				msg = err.Error()
			}
			refused := strings.Contains(msg, "summary")
			if refused != tc.refused || refused && !strings.Contains(msg, "at most "+number+" characters") {
				t.Errorf("%d characters: refused %v, want %v: %s", len([]rune(tc.summary)), refused, tc.refused, msg)
			}
		}
	})

	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		s := newStaff(t, db)
		id := articleID(t, s.gql, demoArticle(t, "address-registration").Texts[lang.DE].Slug)
		// With another wrong field, so that a looser copy of the limit in
		// the service (which would leave the summary to ent, after the
		// service's own checks) shows too.
		for _, op := range []string{
			`mutation($id: ID!, $s: String, $t: String) { editGuideArticleSource(id: $id, change: MINOR, input: {summary: $s, title: $t}) { id } }`,
			`mutation($id: ID!, $s: String, $t: String) { writeGuideArticleTranslation(id: $id, language: RU, input: {summary: $s, title: $t}) { id } }`,
		} {
			r := s.as(s.editor, op, map[string]any{"id": id, "s": tooLong, "t": ""})
			if f := fieldErrors(t, r); !strings.Contains(f["input.summary"], number) || f["input.title"] == "" {
				t.Errorf("%d characters: %s", limit+1, r.Raw)
			}
			s.as(s.editor, op, map[string]any{"id": id, "s": longest}).MustData(&struct{}{})
		}

		ctx := viewer.SystemContext(context.Background())
		c := s.app.Store.Client
		a, err := c.GuideArticle.Create().SetKey("direct").SetCategoryID(c.GuideCategory.Query().FirstIDX(ctx)).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		create := func(summary string) error {
			return c.GuideArticleTranslation.Create().SetArticleID(a.ID).SetLanguage(lang.RU).
				SetSlug("napryamuyu").SetTitle("Напрямую").SetBody("Текст.").SetSummary(summary).Exec(ctx)
		}
		err = create(tooLong)
		if !ent.IsValidationError(err) || !strings.Contains(err.Error(), "summary") {
			t.Errorf("ent accepted %d characters: %v", limit+1, err)
		}
		if err := create(longest); err != nil {
			t.Errorf("ent refused %d characters: %v", limit, err)
		}
	})
}

// TestPlaceHoursAreCheckedByEnt: opening hours and spoken languages are
// JSON, which ent does not validate; the schema's hook does, for every
// writer.
func TestPlaceHoursAreCheckedByEnt(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		a := testenv.NewApp(t, db)
		ctx := viewer.SystemContext(context.Background())
		p := a.Store.Client.Place.Query().FirstX(ctx)
		for _, tc := range []struct {
			name string
			do   func() error
		}{
			{"hours", func() error {
				return p.Update().SetOpeningHours(schematype.OpeningHours{{Day: schematype.Monday, Opens: "9:00", Closes: "12:00"}}).Exec(ctx)
			}},
			{"languages", func() error { return p.Update().SetSpokenLanguages([]string{"de", "Latvian"}).Exec(ctx) }},
		} {
			if err := tc.do(); err == nil {
				t.Errorf("%s: ent accepted them", tc.name)
			}
		}
		if err := p.Update().SetOpeningHours(schematype.OpeningHours{{Day: schematype.Monday, Opens: "09:00", Closes: "12:00"}}).Exec(ctx); err != nil {
			t.Errorf("valid hours refused: %v", err)
		}
	})
}
