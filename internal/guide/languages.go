package guide

import (
	"context"
	"fmt"

	"relocate/ent"
	"relocate/ent/guidearticle"
	"relocate/ent/guidearticletranslation"
	"relocate/ent/language"
	"relocate/internal/lang"
)

// Languages returns the content languages in display order.
func (s *Service) Languages(ctx context.Context) ([]*ent.Language, error) {
	if sn := s.snap(ctx); sn != nil {
		return sn.languages, nil
	}
	return s.ent(ctx).Language.Query().Order(language.ByPosition(), language.ByID()).All(ctx)
}

// loadLanguages reads the languages into the snapshot and works out how
// complete each is: Completeness for a public reader, from the snapshot's
// articles and published texts. Only the seed loader writes languages.
func (sn *Snapshot) loadLanguages(ctx context.Context, c *ent.Client) error {
	langs, err := c.Language.Query().Order(language.ByPosition(), language.ByID()).All(ctx)
	if err != nil {
		return fmt.Errorf("guide: snapshot of the languages: %w", err)
	}
	sn.languages = langs
	counts := make(map[lang.Code]int, len(lang.All))
	for _, a := range sn.articles.items {
		for _, t := range a.Edges.Translations {
			if statusOf(articleMeta(t), true, a.SourceRevision) == UpToDate {
				counts[t.Language]++
			}
		}
	}
	sn.completeness = make(map[lang.Code]float64, len(counts))
	for l, n := range counts {
		sn.completeness[l] = float64(n) / float64(len(sn.articles.items))
	}
	return nil
}

// Completeness returns the share of the articles the viewer may see that
// have an up-to-date, human translation in language l, from 0 to 1.
func (s *Service) Completeness(ctx context.Context, l lang.Code) (float64, error) {
	if sn := s.snap(ctx); sn != nil {
		return sn.completeness[l], nil
	}
	shares, err := cached(ctx, "completeness", func() (map[lang.Code]float64, error) {
		var arts []struct {
			ID             int `json:"id"`
			SourceRevision int `json:"source_revision"`
		}
		if err := s.ent(ctx).GuideArticle.Query().
			Select(guidearticle.FieldID, guidearticle.FieldSourceRevision).Scan(ctx, &arts); err != nil {
			return nil, fmt.Errorf("guide: load article revisions: %w", err)
		}
		var rows []struct {
			ArticleID         int       `json:"article_id"`
			Language          lang.Code `json:"language"`
			SourceRevision    int       `json:"source_revision"`
			MachineTranslated bool      `json:"machine_translated"`
		}
		if err := s.ent(ctx).GuideArticleTranslation.Query().
			Select(guidearticletranslation.FieldArticleID, guidearticletranslation.FieldLanguage,
				guidearticletranslation.FieldSourceRevision, guidearticletranslation.FieldMachineTranslated).
			Scan(ctx, &rows); err != nil {
			return nil, fmt.Errorf("guide: load translation revisions: %w", err)
		}
		revision := make(map[int]int, len(arts))
		for _, a := range arts {
			revision[a.ID] = a.SourceRevision
		}
		counts := make(map[lang.Code]int, len(lang.All))
		for _, r := range rows {
			rev, visible := revision[r.ArticleID]
			m := textMeta{r.Language, r.SourceRevision, r.MachineTranslated}
			if visible && statusOf(m, true, rev) == UpToDate {
				counts[r.Language]++
			}
		}
		shares := make(map[lang.Code]float64, len(counts))
		for l, n := range counts {
			shares[l] = float64(n) / float64(len(arts))
		}
		return shares, nil
	})
	if err != nil {
		return 0, err
	}
	return shares[l], nil
}
