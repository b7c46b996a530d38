package guide

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // opening hours are in Europe/Berlin wherever we run

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/sqljson"

	"relocate/ent"
	"relocate/ent/place"
	"relocate/ent/placecategory"
	"relocate/ent/predicate"
	"relocate/ent/schema/schematype"
)

// Places returns one page of the places the viewer may see, by name unless
// order says otherwise.
func (s *Service) Places(ctx context.Context, p Page, order *ent.PlaceOrder, where *ent.PlaceWhereInput) (*ent.PlaceConnection, error) {
	p, err := p.Normalize()
	if err != nil {
		return nil, err
	}
	if order == nil {
		order = &ent.PlaceOrder{Field: ent.PlaceOrderFieldName, Direction: entgql.OrderDirectionAsc}
	}
	if sn := s.snap(ctx); sn != nil && where == nil && order.Field != nil && order.Field.String() == "NAME" {
		if conn, ok := placePage(sn.places, p, order); ok {
			return conn, nil
		}
	}
	opts := []ent.PlacePaginateOption{ent.WithPlaceOrder(order)}
	if where != nil {
		opts = append(opts, ent.WithPlaceFilter(where.Filter))
	}
	// Every list of places shows their category: load them with one query.
	return s.ent(ctx).Place.Query().WithCategory().Paginate(ctx, p.After, p.First, p.Before, p.Last, opts...)
}

// PlaceCategories returns the categories of the directory in order.
func (s *Service) PlaceCategories(ctx context.Context) ([]*ent.PlaceCategory, error) {
	if sn := s.snap(ctx); sn != nil {
		return sn.placeCats, nil
	}
	q, err := s.ent(ctx).PlaceCategory.Query().
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

// berlin is the time zone of Magdeburg, in which opening hours are given.
var berlin = mustLoadLocation("Europe/Berlin")

// Location is the time zone of Magdeburg.
func Location() *time.Location { return berlin }

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name) // from time/tzdata when the system has none
	if err != nil {
		panic(err)
	}
	return loc
}

// OpenAt returns the filter for places open at t by their weekly opening
// hours (in Magdeburg's time). Places without known hours never match.
func OpenAt(t time.Time) predicate.Place {
	local := t.In(berlin)
	day, clock := string(schematype.WeekdayOf(local.Weekday())), local.Format("15:04")
	return func(s *sql.Selector) {
		col := s.C(place.FieldOpeningHours)
		s.Where(sql.P(func(b *sql.Builder) {
			// Times are "HH:MM", so they compare correctly as text.
			if s.Dialect() == dialect.Postgres {
				// Unknown hours are stored as JSON null, which has no elements.
				b.WriteString("jsonb_typeof(" + col + ") = 'array' AND EXISTS (SELECT 1 FROM jsonb_array_elements(" + col + ") AS h WHERE h->>'day' = ").Arg(day).
					WriteString(" AND h->>'opens' <= ").Arg(clock).WriteString(" AND h->>'closes' > ").Arg(clock).WriteString(")")
				return
			}
			b.WriteString("json_type(" + col + ") = 'array' AND EXISTS (SELECT 1 FROM json_each(" + col + ") AS h WHERE json_extract(h.value, '$.day') = ").Arg(day).
				WriteString(" AND json_extract(h.value, '$.opens') <= ").Arg(clock).
				WriteString(" AND json_extract(h.value, '$.closes') > ").Arg(clock).WriteString(")")
		}))
	}
}

// ServicePlaceKey is the key of the Relocation Service's own entry in the
// directory: the one place its phone number and other contact details
// are kept. Pages that name the service's contact show this entry.
const ServicePlaceKey = "relocation-service"

// ServicePlace returns the Relocation Service's own entry in the
// directory; ErrPlaceNotFound when there is none the reader may see.
func (s *Service) ServicePlace(ctx context.Context) (*ent.Place, error) {
	return s.PlaceByKey(ctx, ServicePlaceKey)
}

// PlaceByKey returns the place with the given key.
func (s *Service) PlaceByKey(ctx context.Context, key string) (*ent.Place, error) {
	if sn := s.snap(ctx); sn != nil {
		if p, ok := sn.placeByKey[key]; ok {
			return p, nil
		}
		return nil, ErrPlaceNotFound
	}
	q, err := s.ent(ctx).Place.Query().Where(place.Key(key)).WithCategory().CollectFields(ctx)
	if err != nil {
		return nil, err
	}
	p, err := q.Only(ctx)
	if ent.IsNotFound(err) {
		return nil, ErrPlaceNotFound
	}
	return p, err
}

// OpenNow reports whether p is open at t by its opening hours.
func OpenNow(p *ent.Place, t time.Time) bool { return p.OpeningHours.OpenAt(t, berlin) }

// SpokenLanguages returns the ISO 639-1 codes of the languages spoken at
// the places the viewer may see, sorted.
func (s *Service) SpokenLanguages(ctx context.Context) ([]string, error) {
	if sn := s.snap(ctx); sn != nil {
		return slices.Clone(sn.spoken), nil
	}
	var rows []struct {
		SpokenLanguages []string `json:"spoken_languages"`
	}
	if err := s.ent(ctx).Place.Query().Select(place.FieldSpokenLanguages).Scan(ctx, &rows); err != nil {
		return nil, err
	}
	var codes []string
	for _, r := range rows {
		for _, c := range r.SpokenLanguages {
			if !slices.Contains(codes, c) {
				codes = append(codes, c)
			}
		}
	}
	slices.Sort(codes)
	return codes, nil
}
