package graph_test

import (
	"context"
	"testing"

	"relocate/ent/guidearticlerevision"
	"relocate/internal/lang"
	"relocate/internal/testenv"
	"relocate/internal/viewer"
)

// TestSeededTextCanBeRestored: every article's text in every language has
// its first revision from the demo content, so after an edit the seeded
// text can be brought back.
func TestSeededTextCanBeRestored(t *testing.T) {
	a := demoArticle(t, "living-everyday")
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		s := newStaff(t, db)
		ctx := viewer.SystemContext(context.Background())
		texts, err := s.app.Store.Client.GuideArticleTranslation.Query().Count(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var histories []struct {
			ArticleID int    `json:"article_id"`
			Language  string `json:"language"`
		}
		if err := s.app.Store.Client.GuideArticleRevision.Query().
			GroupBy(guidearticlerevision.FieldArticleID, guidearticlerevision.FieldLanguage).Scan(ctx, &histories); err != nil {
			t.Fatal(err)
		}
		if len(histories) != texts || texts < 4*25 {
			t.Errorf("%d of %d seeded texts have a revision", len(histories), texts)
		}

		id := articleID(t, s.gql, a.Texts[lang.DE].Slug)
		type rev struct {
			ID, Language, Change, Title, Slug, Summary, Body string
		}
		history := func(l lang.Code) []rev {
			var d struct {
				GuideArticle struct {
					Revisions struct{ Edges []struct{ Node rev } }
				}
			}
			s.as(s.editor, `query($s: String!) { guideArticle(slug: $s) { revisions(orderBy: {field: CREATED_AT, direction: ASC}) { edges { node { id language change title slug summary body } } } } }`,
				map[string]any{"s": a.Texts[lang.DE].Slug}).MustData(&d)
			var out []rev
			for _, e := range d.GuideArticle.Revisions.Edges {
				if e.Node.Language == upper(l) {
					out = append(out, e.Node)
				}
			}
			return out
		}
		for _, l := range []lang.Code{lang.DE, lang.LV} {
			seeded := history(l)
			want := a.Texts[l]
			if len(seeded) != 1 || seeded[0].Change != "CREATED" || seeded[0].Body != want.Body || seeded[0].Title != want.Title {
				t.Fatalf("%s: history after seeding: %+v", l, seeded)
			}
			// An edit, then the seeded revision restored.
			if l == lang.Source {
				s.as(s.editor, `mutation($id: ID!) { editGuideArticleSource(id: $id, change: MAJOR, input: {title: "Anders", summary: "Anders.", body: "Ganz anders."}) { id } }`,
					map[string]any{"id": id}).MustData(&struct{}{})
			} else {
				s.as(s.translator, `mutation($id: ID!) { writeGuideArticleTranslation(id: $id, language: LV, input: {title: "Citādi", body: "Pavisam citādi."}) { id } }`,
					map[string]any{"id": id}).MustData(&struct{}{})
			}
			var restored struct {
				RestoreGuideArticleRevision struct{ Title, Slug, Summary, Body string }
			}
			s.as(s.editor, `mutation($id: ID!) @inContext(language: `+upper(l)+`) { restoreGuideArticleRevision(id: $id) { title slug summary body } }`,
				map[string]any{"id": seeded[0].ID}).MustData(&restored)
			got := restored.RestoreGuideArticleRevision
			if got.Title != want.Title || got.Slug != want.Slug || got.Summary != want.Summary || got.Body != want.Body {
				t.Errorf("%s: restored %+v, want the seeded text", l, got)
			}
			if h := history(l); len(h) != 3 || h[2].Change != "RESTORED" {
				t.Errorf("%s: history after restoring: %d revisions", l, len(h))
			}
		}
	})
}
