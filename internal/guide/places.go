package guide

import (
	"context"
	"regexp"
	"strings"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/sqljson"

	"relocate/ent"
	"relocate/ent/place"
	"relocate/ent/placecategory"
	"relocate/ent/predicate"
)

// Places returns one page of the places the viewer may see, by name unless
// order says otherwise.
func (s *Service) Places(ctx context.Context, p Page, order *ent.PlaceOrder, where *ent.PlaceWhereInput) (*ent.PlaceConnection, error) {
	p, err := p.normalize()
	if err != nil {
		return nil, err
	}
	if order == nil {
		order = &ent.PlaceOrder{Field: ent.PlaceOrderFieldName, Direction: entgql.OrderDirectionAsc}
	}
	opts := []ent.PlacePaginateOption{ent.WithPlaceOrder(order)}
	if where != nil {
		opts = append(opts, ent.WithPlaceFilter(where.Filter))
	}
	return s.client.Place.Query().Paginate(ctx, p.After, p.First, p.Before, p.Last, opts...)
}

// PlaceCategories returns the categories of the directory in order.
func (s *Service) PlaceCategories(ctx context.Context) ([]*ent.PlaceCategory, error) {
	q, err := s.client.PlaceCategory.Query().
		Order(placecategory.ByPosition(), placecategory.ByID()).
		CollectFields(ctx)
	if err != nil {
		return nil, err
	}
	return q.All(ctx)
}

var languageCode = regexp.MustCompile(`^[a-z]{2}$`)

// Speaks returns the filter for places where the language with ISO 639-1
// code is spoken.
func Speaks(code string) (predicate.Place, error) {
	c := strings.ToLower(strings.TrimSpace(code))
	if !languageCode.MatchString(c) {
		return nil, errInvalidLanguageCode(code)
	}
	return func(s *sql.Selector) {
		s.Where(sqljson.ValueContains(place.FieldSpokenLanguages, c))
	}, nil
}
