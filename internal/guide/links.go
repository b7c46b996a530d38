package guide

import (
	"context"
	"fmt"

	"relocate/ent/guidearticle"
	"relocate/ent/guidearticletranslation"
	"relocate/internal/lang"
)

// slugIndex maps article keys to their slug in each language, for the
// articles the viewer may see.
type slugIndex map[string]map[lang.Code]string

// slugs loads the slug index once per request.
func (s *Service) slugs(ctx context.Context) (slugIndex, error) {
	return cached(ctx, "slugs", func() (slugIndex, error) {
		var arts []struct {
			ID  int    `json:"id"`
			Key string `json:"key"`
		}
		if err := s.ent(ctx).GuideArticle.Query().
			Select(guidearticle.FieldID, guidearticle.FieldKey).Scan(ctx, &arts); err != nil {
			return nil, fmt.Errorf("guide: load article keys: %w", err)
		}
		var rows []struct {
			ArticleID int       `json:"article_id"`
			Language  lang.Code `json:"language"`
			Slug      string    `json:"slug"`
		}
		if err := s.ent(ctx).GuideArticleTranslation.Query().
			Select(guidearticletranslation.FieldArticleID, guidearticletranslation.FieldLanguage, guidearticletranslation.FieldSlug).
			Scan(ctx, &rows); err != nil {
			return nil, fmt.Errorf("guide: load article slugs: %w", err)
		}
		keys := make(map[int]string, len(arts))
		idx := make(slugIndex, len(arts))
		for _, a := range arts {
			keys[a.ID] = a.Key
			idx[a.Key] = map[lang.Code]string{}
		}
		for _, r := range rows {
			if k, ok := keys[r.ArticleID]; ok {
				idx[k][r.Language] = r.Slug
			}
		}
		return idx, nil
	})
}

// linkResolver returns the function that turns a guide: link key into the
// path of that article for the reader of ctx.
func (s *Service) linkResolver(ctx context.Context) (func(string) (string, bool), error) {
	idx, err := s.slugs(ctx)
	if err != nil {
		return nil, err
	}
	return linkResolver(idx, lang.FromContext(ctx).Chain), nil
}

// linkResolver returns the function that turns a guide: link key into the
// path of that article in idx for a reader with preference chain.
func linkResolver(idx slugIndex, chain []lang.Code) func(string) (string, bool) {
	return func(key string) (string, bool) {
		for _, l := range chain {
			if slug, ok := idx[key][l]; ok {
				return ArticlePath(chain[0], slug), true
			}
		}
		return "", false
	}
}
