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

// articlePage is a page of o in order (nil: o's own order).
func articlePage(o ordered[*ent.GuideArticle], p Page, order *ent.GuideArticleOrder) (*ent.GuideArticleConnection, bool) {
	nodes, prev, next, ok := window(o, p, order != nil && order.Direction == entgql.OrderDirectionDesc)
	if !ok {
		return nil, false
	}
	conn := &ent.GuideArticleConnection{Edges: make([]*ent.GuideArticleEdge, len(nodes)), TotalCount: len(o.items)}
	for i, n := range nodes {
		conn.Edges[i] = n.ToEdge(order)
	}
	if l := len(conn.Edges); l > 0 {
		conn.PageInfo = pageInfo(prev, next, &conn.Edges[0].Cursor, &conn.Edges[l-1].Cursor)
	} else {
		conn.PageInfo = pageInfo(prev, next, nil, nil)
	}
	return conn, true
}

func placePage(o ordered[*ent.Place], p Page, order *ent.PlaceOrder) (*ent.PlaceConnection, bool) {
	nodes, prev, next, ok := window(o, p, order.Direction == entgql.OrderDirectionDesc)
	if !ok {
		return nil, false
	}
	conn := &ent.PlaceConnection{Edges: make([]*ent.PlaceEdge, len(nodes)), TotalCount: len(o.items)}
	for i, n := range nodes {
		conn.Edges[i] = n.ToEdge(order)
	}
	if l := len(conn.Edges); l > 0 {
		conn.PageInfo = pageInfo(prev, next, &conn.Edges[0].Cursor, &conn.Edges[l-1].Cursor)
	} else {
		conn.PageInfo = pageInfo(prev, next, nil, nil)
	}
	return conn, true
}

func termPage(o ordered[*ent.GlossaryTerm], p Page, order *ent.GlossaryTermOrder) (*ent.GlossaryTermConnection, bool) {
	nodes, prev, next, ok := window(o, p, order.Direction == entgql.OrderDirectionDesc)
	if !ok {
		return nil, false
	}
	conn := &ent.GlossaryTermConnection{Edges: make([]*ent.GlossaryTermEdge, len(nodes)), TotalCount: len(o.items)}
	for i, n := range nodes {
		conn.Edges[i] = n.ToEdge(order)
	}
	if l := len(conn.Edges); l > 0 {
		conn.PageInfo = pageInfo(prev, next, &conn.Edges[0].Cursor, &conn.Edges[l-1].Cursor)
	} else {
		conn.PageInfo = pageInfo(prev, next, nil, nil)
	}
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
