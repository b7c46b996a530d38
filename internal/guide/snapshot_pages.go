package guide

import (
	"relocate/ent"

	"entgo.io/contrib/entgql"
)

// Pages of the snapshot's lists: a page costs what it holds, whatever the
// length of the list. A list in an order the snapshot does not keep, with
// a filter, or after a cursor naming an object it lacks, is left to the
// database (ok false).

// window returns the items page p selects from o, read forwards or (desc)
// backwards, with Relay's page info as ent's pager sets it.
func window[T any](o ordered[T], p Page, desc bool) (nodes []T, hasPrev, hasNext, ok bool) {
	n := len(o.items)
	view := func(i int) int {
		if desc {
			return n - 1 - i
		}
		return i
	}
	start, end := 0, n
	if p.After != nil {
		i, found := o.pos[p.After.ID]
		if !found {
			return nil, false, false, false
		}
		start = view(i) + 1
	}
	if p.Before != nil {
		i, found := o.pos[p.Before.ID]
		if !found {
			return nil, false, false, false
		}
		end = view(i)
	}
	if end < start {
		end = start
	}
	hasPrev, hasNext = p.After != nil, p.Before != nil
	switch {
	case p.First != nil:
		if start+*p.First < end {
			end, hasNext = start+*p.First, true
		}
	case p.Last != nil:
		if end-*p.Last > start {
			start, hasPrev = end-*p.Last, true
		}
	}
	nodes = make([]T, 0, end-start)
	for i := start; i < end; i++ {
		nodes = append(nodes, o.items[view(i)])
	}
	return nodes, hasPrev, hasNext, true
}

func pageInfo(hasPrev, hasNext bool, start, end *ent.Cursor) entgql.PageInfo[int] {
	return entgql.PageInfo[int]{HasPreviousPage: hasPrev, HasNextPage: hasNext, StartCursor: start, EndCursor: end}
}

// edges turns a window of nodes into the edges of a connection and the
// page info around them.
func edges[N, E any](nodes []N, prev, next bool, toEdge func(N) *E, cursor func(*E) *ent.Cursor) ([]*E, entgql.PageInfo[int]) {
	es := make([]*E, len(nodes))
	for i, n := range nodes {
		es[i] = toEdge(n)
	}
	if len(es) == 0 {
		return es, pageInfo(prev, next, nil, nil)
	}
	return es, pageInfo(prev, next, cursor(es[0]), cursor(es[len(es)-1]))
}

// articlePage is a page of o in order (nil: o's own order).
func articlePage(o ordered[*ent.GuideArticle], p Page, order *ent.GuideArticleOrder) (*ent.GuideArticleConnection, bool) {
	nodes, prev, next, ok := window(o, p, order != nil && order.Direction == entgql.OrderDirectionDesc)
	if !ok {
		return nil, false
	}
	conn := &ent.GuideArticleConnection{TotalCount: len(o.items)}
	conn.Edges, conn.PageInfo = edges(nodes, prev, next,
		func(n *ent.GuideArticle) *ent.GuideArticleEdge { return n.ToEdge(order) },
		func(e *ent.GuideArticleEdge) *ent.Cursor { return &e.Cursor })
	return conn, true
}

func placePage(o ordered[*ent.Place], p Page, order *ent.PlaceOrder) (*ent.PlaceConnection, bool) {
	nodes, prev, next, ok := window(o, p, order.Direction == entgql.OrderDirectionDesc)
	if !ok {
		return nil, false
	}
	conn := &ent.PlaceConnection{TotalCount: len(o.items)}
	conn.Edges, conn.PageInfo = edges(nodes, prev, next,
		func(n *ent.Place) *ent.PlaceEdge { return n.ToEdge(order) },
		func(e *ent.PlaceEdge) *ent.Cursor { return &e.Cursor })
	return conn, true
}

func termPage(o ordered[*ent.GlossaryTerm], p Page, order *ent.GlossaryTermOrder) (*ent.GlossaryTermConnection, bool) {
	nodes, prev, next, ok := window(o, p, order.Direction == entgql.OrderDirectionDesc)
	if !ok {
		return nil, false
	}
	conn := &ent.GlossaryTermConnection{TotalCount: len(o.items)}
	conn.Edges, conn.PageInfo = edges(nodes, prev, next,
		func(n *ent.GlossaryTerm) *ent.GlossaryTermEdge { return n.ToEdge(order) },
		func(e *ent.GlossaryTermEdge) *ent.Cursor { return &e.Cursor })
	return conn, true
}

// snapPage returns the page p selects from o through page; ok false when
// the database must answer.
func snapPage[T, O, C any](o ordered[T], p Page, order O, page func(ordered[T], Page, O) (C, bool)) (C, bool, error) {
	p, err := p.Normalize()
	if err != nil {
		var none C
		return none, false, err
	}
	c, ok := page(o, p, order)
	return c, ok, nil
}
