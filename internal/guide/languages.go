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
	return s.ent(ctx).Language.Query().Order(language.ByPosition(), language.ByID()).All(ctx)
}

// Completeness returns the share of the articles the viewer may see that
// have an up-to-date, human translation in language l, from 0 to 1.
func (s *Service) Completeness(ctx context.Context, l lang.Code) (float64, error) {
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
