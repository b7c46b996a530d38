package guide

import (
	"context"

	"relocate/ent"
	"relocate/internal/lang"
)

// The texts of each localized type, chosen for the request in ctx. The
// translations are normally eager-loaded by the interceptors New installs;
// an object built elsewhere has them loaded here.

// ArticleText returns the text of article a to serve.
func (s *Service) ArticleText(ctx context.Context, a *ent.GuideArticle) (Localized[*ent.GuideArticleTranslation], error) {
	rows, err := a.Edges.TranslationsOrErr()
	if err != nil {
		if rows, err = a.QueryTranslations().All(ctx); err != nil {
			return Localized[*ent.GuideArticleTranslation]{}, err
		}
	}
	return pick(rows, articleMeta, lang.FromContext(ctx).Chain, a.SourceRevision), nil
}

// CategoryText returns the text of topic c to serve.
func (s *Service) CategoryText(ctx context.Context, c *ent.GuideCategory) (Localized[*ent.GuideCategoryTranslation], error) {
	rows, err := c.Edges.TranslationsOrErr()
	if err != nil {
		if rows, err = c.QueryTranslations().All(ctx); err != nil {
			return Localized[*ent.GuideCategoryTranslation]{}, err
		}
	}
	return pick(rows, func(t *ent.GuideCategoryTranslation) textMeta {
		return textMeta{t.Language, t.SourceRevision, t.MachineTranslated}
	}, lang.FromContext(ctx).Chain, c.SourceRevision), nil
}

// PlaceText returns the text of place p to serve.
func (s *Service) PlaceText(ctx context.Context, p *ent.Place) (Localized[*ent.PlaceTranslation], error) {
	rows, err := p.Edges.TranslationsOrErr()
	if err != nil {
		if rows, err = p.QueryTranslations().All(ctx); err != nil {
			return Localized[*ent.PlaceTranslation]{}, err
		}
	}
	return pick(rows, func(t *ent.PlaceTranslation) textMeta {
		return textMeta{t.Language, t.SourceRevision, t.MachineTranslated}
	}, lang.FromContext(ctx).Chain, p.SourceRevision), nil
}

// PlaceCategoryText returns the text of place category c to serve.
func (s *Service) PlaceCategoryText(ctx context.Context, c *ent.PlaceCategory) (Localized[*ent.PlaceCategoryTranslation], error) {
	rows, err := c.Edges.TranslationsOrErr()
	if err != nil {
		if rows, err = c.QueryTranslations().All(ctx); err != nil {
			return Localized[*ent.PlaceCategoryTranslation]{}, err
		}
	}
	return pick(rows, func(t *ent.PlaceCategoryTranslation) textMeta {
		return textMeta{t.Language, t.SourceRevision, t.MachineTranslated}
	}, lang.FromContext(ctx).Chain, c.SourceRevision), nil
}

// TermText returns the text of glossary term t to serve.
func (s *Service) TermText(ctx context.Context, t *ent.GlossaryTerm) (Localized[*ent.GlossaryTermTranslation], error) {
	rows, err := t.Edges.TranslationsOrErr()
	if err != nil {
		if rows, err = t.QueryTranslations().All(ctx); err != nil {
			return Localized[*ent.GlossaryTermTranslation]{}, err
		}
	}
	return pick(rows, func(r *ent.GlossaryTermTranslation) textMeta {
		return textMeta{r.Language, r.SourceRevision, r.MachineTranslated}
	}, lang.FromContext(ctx).Chain, t.SourceRevision), nil
}

func articleMeta(t *ent.GuideArticleTranslation) textMeta {
	return textMeta{t.Language, t.SourceRevision, t.MachineTranslated}
}
