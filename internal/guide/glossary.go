package guide

import (
	"context"
	"strings"

	"entgo.io/contrib/entgql"

	"relocate/ent"
)

// Terms returns one page of the glossary, A–Z unless order says otherwise.
func (s *Service) Terms(ctx context.Context, p Page, order *ent.GlossaryTermOrder, where *ent.GlossaryTermWhereInput) (*ent.GlossaryTermConnection, error) {
	p, err := p.normalize()
	if err != nil {
		return nil, err
	}
	if order == nil {
		order = &ent.GlossaryTermOrder{Field: ent.GlossaryTermOrderFieldSortKey, Direction: entgql.OrderDirectionAsc}
	}
	opts := []ent.GlossaryTermPaginateOption{ent.WithGlossaryTermOrder(order)}
	if where != nil {
		opts = append(opts, ent.WithGlossaryTermFilter(where.Filter))
	}
	return s.client.GlossaryTerm.Query().Paginate(ctx, p.After, p.First, p.Before, p.Last, opts...)
}

// TermSortKey is the A–Z key of a German glossary word: without its article
// (der, die, das), folded to lower case without diacritics.
func TermSortKey(term string) string {
	t := strings.TrimSpace(term)
	for _, article := range []string{"der ", "die ", "das "} {
		if len(t) > len(article) && strings.EqualFold(t[:len(article)], article) {
			t = t[len(article):]
			break
		}
	}
	return fold(strings.ReplaceAll(strings.ReplaceAll(t, "ß", "ss"), "ẞ", "ss"))
}
