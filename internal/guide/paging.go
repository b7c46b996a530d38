package guide

import "entgo.io/contrib/entgql"

// Page is the Relay paging arguments of a connection.
type Page struct {
	After  *entgql.Cursor[int]
	First  *int
	Before *entgql.Cursor[int]
	Last   *int
}

// normalize checks p and fills in the default page size: without first and
// last, the first MaxPageSize items.
func (p Page) normalize() (Page, error) {
	switch {
	case p.First != nil && p.Last != nil,
		p.First != nil && *p.First < 0,
		p.Last != nil && *p.Last < 0:
		return p, ErrPageArgs
	case p.First != nil && *p.First > MaxPageSize,
		p.Last != nil && *p.Last > MaxPageSize:
		return p, ErrPageSize
	case p.First == nil && p.Last == nil:
		n := MaxPageSize
		p.First = &n
	}
	return p, nil
}
