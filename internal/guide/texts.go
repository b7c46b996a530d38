package guide

import (
	"context"

	"relocate/ent"
	"relocate/internal/lang"
)

// The texts of each localized type, chosen for the request in ctx. The
// translations are normally eager-loaded by the interceptors New installs;
// an object reached otherwise has them loaded here.

// localize picks the text to serve from rows (loaded is the error of the
// eager load: when they were not loaded, query loads them).
func localize[T any](ctx context.Context, rows []T, loaded error, query func(context.Context) ([]T, error), meta func(T) textMeta, sourceRevision int) (Localized[T], error) {
	if loaded != nil {
		var err error
		if rows, err = query(ctx); err != nil {
			return Localized[T]{}, err
		}
	}
	return pick(rows, meta, lang.FromContext(ctx).Chain, sourceRevision), nil
}

// ArticleText returns the text of article a to serve.
func (s *Service) ArticleText(ctx context.Context, a *ent.GuideArticle) (Localized[*ent.GuideArticleTranslation], error) {
	rows, err := a.Edges.TranslationsOrErr()
	return localize(ctx, rows, err, a.QueryTranslations().All, articleMeta, a.SourceRevision)
}

// CategoryText returns the text of topic c to serve.
func (s *Service) CategoryText(ctx context.Context, c *ent.GuideCategory) (Localized[*ent.GuideCategoryTranslation], error) {
	rows, err := c.Edges.TranslationsOrErr()
	return localize(ctx, rows, err, c.QueryTranslations().All, func(t *ent.GuideCategoryTranslation) textMeta {
		return textMeta{t.Language, t.SourceRevision, t.MachineTranslated}
	}, c.SourceRevision)
}

// PlaceText returns the text of place p to serve.
func (s *Service) PlaceText(ctx context.Context, p *ent.Place) (Localized[*ent.PlaceTranslation], error) {
	rows, err := p.Edges.TranslationsOrErr()
	return localize(ctx, rows, err, p.QueryTranslations().All, func(t *ent.PlaceTranslation) textMeta {
		return textMeta{t.Language, t.SourceRevision, t.MachineTranslated}
	}, p.SourceRevision)
}

// PlaceCategoryText returns the text of place category c to serve.
func (s *Service) PlaceCategoryText(ctx context.Context, c *ent.PlaceCategory) (Localized[*ent.PlaceCategoryTranslation], error) {
	rows, err := c.Edges.TranslationsOrErr()
	return localize(ctx, rows, err, c.QueryTranslations().All, func(t *ent.PlaceCategoryTranslation) textMeta {
		return textMeta{t.Language, t.SourceRevision, t.MachineTranslated}
	}, c.SourceRevision)
}

// TermText returns the text of glossary term t to serve.
func (s *Service) TermText(ctx context.Context, t *ent.GlossaryTerm) (Localized[*ent.GlossaryTermTranslation], error) {
	rows, err := t.Edges.TranslationsOrErr()
	return localize(ctx, rows, err, t.QueryTranslations().All, func(r *ent.GlossaryTermTranslation) textMeta {
		return textMeta{r.Language, r.SourceRevision, r.MachineTranslated}
	}, t.SourceRevision)
}

func articleMeta(t *ent.GuideArticleTranslation) textMeta {
	return textMeta{t.Language, t.SourceRevision, t.MachineTranslated}
}
