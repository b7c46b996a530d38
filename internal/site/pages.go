package site

import (
	"context"

	"entgo.io/contrib/entgql"

	"relocate/ent"
	"relocate/internal/guide"
)

// everything follows the pages of a list to its end: the site shows whole
// lists, however long they grow.
func everything[N any](fetch func(guide.Page) (nodes []N, end *entgql.Cursor[int], more bool, err error)) ([]N, error) {
	var all []N
	p := guide.Page{}
	for {
		nodes, end, more, err := fetch(p)
		if err != nil {
			return nil, err
		}
		all = append(all, nodes...)
		if !more || end == nil {
			return all, nil
		}
		p = guide.Page{After: end}
	}
}

func (s *Site) allPlaces(ctx context.Context, where *ent.PlaceWhereInput) ([]*ent.Place, error) {
	return everything(func(p guide.Page) ([]*ent.Place, *entgql.Cursor[int], bool, error) {
		c, err := s.guide.Places(ctx, p, nil, where)
		if err != nil {
			return nil, nil, false, err
		}
		nodes := make([]*ent.Place, len(c.Edges))
		for i, e := range c.Edges {
			nodes[i] = e.Node
		}
		return nodes, c.PageInfo.EndCursor, c.PageInfo.HasNextPage, nil
	})
}

func (s *Site) allTerms(ctx context.Context) ([]*ent.GlossaryTerm, error) {
	return everything(func(p guide.Page) ([]*ent.GlossaryTerm, *entgql.Cursor[int], bool, error) {
		c, err := s.guide.Terms(ctx, p, nil, nil)
		if err != nil {
			return nil, nil, false, err
		}
		nodes := make([]*ent.GlossaryTerm, len(c.Edges))
		for i, e := range c.Edges {
			nodes[i] = e.Node
		}
		return nodes, c.PageInfo.EndCursor, c.PageInfo.HasNextPage, nil
	})
}

// allArticles returns every article, of topic c when c is set.
func (s *Site) allArticles(ctx context.Context, c *ent.GuideCategory) ([]*ent.GuideArticle, error) {
	return everything(func(p guide.Page) ([]*ent.GuideArticle, *entgql.Cursor[int], bool, error) {
		var conn *ent.GuideArticleConnection
		var err error
		if c != nil {
			conn, err = s.guide.CategoryArticles(ctx, c, p, nil, nil)
		} else {
			conn, err = s.guide.Articles(ctx, p, nil, nil)
		}
		if err != nil {
			return nil, nil, false, err
		}
		nodes := make([]*ent.GuideArticle, len(conn.Edges))
		for i, e := range conn.Edges {
			nodes[i] = e.Node
		}
		return nodes, conn.PageInfo.EndCursor, conn.PageInfo.HasNextPage, nil
	})
}
