// Package paging checks the Relay paging arguments every connection takes.
package paging

import (
	"entgo.io/contrib/entgql"

	"relocate/internal/apperr"
)

// MaxPageSize is the most items one page of a connection may hold.
const MaxPageSize = 100

// Errors for paging arguments.
var (
	ErrPageSize = apperr.New(apperr.BadUserInput, "error.page_size", map[string]any{"Max": MaxPageSize})
	ErrPageArgs = apperr.New(apperr.BadUserInput, "error.page_args", nil)
)

// Page is the Relay paging arguments of a connection.
type Page struct {
	After  *entgql.Cursor[int]
	First  *int
	Before *entgql.Cursor[int]
	Last   *int
}

// Normalize checks p and fills in the default page size: without first
// and last, the first MaxPageSize items.
func (p Page) Normalize() (Page, error) {
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
