package guide

import (
	"context"
	"fmt"

	"entgo.io/contrib/entgql"

	"relocate/ent"
	"relocate/ent/guidearticle"
	"relocate/ent/guidearticletranslation"
	"relocate/internal/lang"
)

// ArticleLink is an article in one language, for language switchers.
type ArticleLink struct {
	Language lang.Code
	Slug     string
	Title    string
	Status   TranslationStatus
	Path     string
}

// Articles returns one page of the articles the viewer may see.
func (s *Service) Articles(ctx context.Context, p Page, order *ent.GuideArticleOrder, where *ent.GuideArticleWhereInput) (*ent.GuideArticleConnection, error) {
	if sn := s.snap(ctx); sn != nil && where == nil && orderName(order) == "" {
		if conn, ok, err := snapPage(sn.articles, p, order, articlePage); ok || err != nil {
			return conn, err
		}
	}
	return s.paginateArticles(ctx, s.ent(ctx).GuideArticle.Query(), p, order, where)
}

// CategoryArticles returns one page of the articles of topic c, in reading
// order unless order says otherwise.
func (s *Service) CategoryArticles(ctx context.Context, c *ent.GuideCategory, p Page, order *ent.GuideArticleOrder, where *ent.GuideArticleWhereInput) (*ent.GuideArticleConnection, error) {
	if order == nil {
		order = &ent.GuideArticleOrder{Field: ent.GuideArticleOrderFieldPosition, Direction: entgql.OrderDirectionAsc}
	}
	if sn := s.snap(ctx); sn != nil && where == nil && orderName(order) == "POSITION" {
		if conn, ok, err := snapPage(sn.byTopic[c.ID], p, order, articlePage); ok || err != nil {
			return conn, err
		}
	}
	return s.paginateArticles(ctx, c.QueryArticles(), p, order, where)
}

func (s *Service) paginateArticles(ctx context.Context, q *ent.GuideArticleQuery, p Page, order *ent.GuideArticleOrder, where *ent.GuideArticleWhereInput) (*ent.GuideArticleConnection, error) {
	p, err := p.Normalize()
	if err != nil {
		return nil, err
	}
	opts := []ent.GuideArticlePaginateOption{ent.WithGuideArticleOrder(order)}
	if where != nil {
		opts = append(opts, ent.WithGuideArticleFilter(where.Filter))
	}
	return q.Paginate(ctx, p.After, p.First, p.Before, p.Last, opts...)
}

// ArticleBySlug returns the article whose slug in any language is slug.
// When several languages use the same slug, the reader's languages win.
func (s *Service) ArticleBySlug(ctx context.Context, slug string) (*ent.GuideArticle, error) {
	if sn := s.snap(ctx); sn != nil {
		if id, ok := bySlug(sn.articleSlugs[slug], lang.FromContext(ctx).Chain); ok {
			return sn.articleByID[id], nil
		}
		return nil, ErrArticleNotFound
	}
	rows, err := s.ent(ctx).GuideArticleTranslation.Query().
		Where(guidearticletranslation.Slug(slug)).
		Select(guidearticletranslation.FieldArticleID, guidearticletranslation.FieldLanguage).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("guide: find article slug %q: %w", slug, err)
	}
	l := pick(rows, articleMeta, append(lang.FromContext(ctx).Chain, lang.All...), 0)
	if !l.Found {
		return nil, ErrArticleNotFound
	}
	q, err := s.ent(ctx).GuideArticle.Query().Where(guidearticle.ID(l.Text.ArticleID)).CollectFields(ctx)
	if err != nil {
		return nil, err
	}
	a, err := q.Only(ctx)
	if ent.IsNotFound(err) {
		return nil, ErrArticleNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("guide: load article %d: %w", l.Text.ArticleID, err)
	}
	return a, nil
}

// ArticleLinks returns article a in every language. A language without a
// translation links to the text its readers would be served instead.
func (s *Service) ArticleLinks(ctx context.Context, a *ent.GuideArticle) ([]*ArticleLink, error) {
	links := make([]*ArticleLink, 0, len(lang.All))
	for _, l := range lang.All {
		t, err := s.ArticleText(lang.NewContext(ctx, lang.For(l)), a)
		if err != nil {
			return nil, err
		}
		if !t.Found {
			continue
		}
		links = append(links, &ArticleLink{
			Language: l, Slug: t.Text.Slug, Title: t.Text.Title, Status: t.Status,
			Path: ArticlePath(l, t.Text.Slug),
		})
	}
	return links, nil
}

// ArticleBody returns the Markdown body of a served to the reader of ctx,
// with links to other articles turned into their public paths.
func (s *Service) ArticleBody(ctx context.Context, a *ent.GuideArticle) (string, error) {
	if sn := s.snap(ctx); sn != nil {
		r, err := s.render(sn, a, lang.FromContext(ctx).Chain)
		if err != nil {
			return "", err
		}
		return r.body, nil
	}
	t, err := s.ArticleText(ctx, a)
	if err != nil || !t.Found {
		return "", err
	}
	resolve, err := s.linkResolver(ctx)
	if err != nil {
		return "", err
	}
	return rewriteLinks(t.Text.Body, resolve), nil
}

// ArticleHTML returns the body of a rendered to sanitized HTML.
func (s *Service) ArticleHTML(ctx context.Context, a *ent.GuideArticle) (string, error) {
	if sn := s.snap(ctx); sn != nil {
		r, err := s.render(sn, a, lang.FromContext(ctx).Chain)
		if err != nil {
			return "", err
		}
		return r.html, nil
	}
	body, err := s.ArticleBody(ctx, a)
	if err != nil {
		return "", err
	}
	return s.markdown.HTML(body)
}

// ArticlePathFor returns the public path of a for the reader of ctx.
func (s *Service) ArticlePathFor(ctx context.Context, a *ent.GuideArticle) (string, error) {
	t, err := s.ArticleText(ctx, a)
	if err != nil || !t.Found {
		return "", err
	}
	return ArticlePath(lang.FromContext(ctx).Language, t.Text.Slug), nil
}

// ArticleByKey returns the article with the given stable key.
func (s *Service) ArticleByKey(ctx context.Context, key string) (*ent.GuideArticle, error) {
	if sn := s.snap(ctx); sn != nil {
		if a, ok := sn.articleByKey[key]; ok {
			return a, nil
		}
		return nil, ErrArticleNotFound
	}
	a, err := s.ent(ctx).GuideArticle.Query().Where(guidearticle.Key(key)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, ErrArticleNotFound
	}
	return a, err
}

// ArticleTopic returns the topic of article a.
func (s *Service) ArticleTopic(ctx context.Context, a *ent.GuideArticle) (*ent.GuideCategory, error) {
	if c, err := a.Edges.CategoryOrErr(); err == nil {
		return c, nil
	}
	return a.QueryCategory().Only(ctx)
}

// RelatedArticles returns the articles related to a that the reader may
// see.
func (s *Service) RelatedArticles(ctx context.Context, a *ent.GuideArticle) ([]*ent.GuideArticle, error) {
	if sn := s.snap(ctx); sn != nil && sn.articleByID[a.ID] != nil {
		return sn.related[a.ID], nil
	}
	return a.QueryRelated().All(ctx)
}

// orderName is the GraphQL name of order's field; "" for the default
// order (by ID).
func orderName(order *ent.GuideArticleOrder) string {
	if order == nil || order.Field == nil {
		return ""
	}
	return order.Field.String()
}
