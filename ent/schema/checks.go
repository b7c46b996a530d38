package schema

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent"

	"relocate/ent/schema/schematype"
	"relocate/internal/apperr"
)

// Message IDs of the checks of dates.
const (
	msgDateFuture   = "error.field.date_future"
	msgDateTooEarly = "error.field.date_too_early"
)

// check is one rule about the values a row will hold once a mutation is
// done; it adds what is wrong to f.
type check func(ctx context.Context, m ent.Mutation, f *apperr.Fields) error

// checked returns a hook that runs checks on every creation and update of
// a single row (bulk updates, which the services do not use for these
// fields, are passed through) and refuses the mutation, naming every
// wrong field, when one fails. op names the entity in the error's cause.
func checked(op string, checks ...check) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if m.Op().Is(ent.OpCreate) || m.Op().Is(ent.OpUpdateOne) {
				var f apperr.Fields
				for _, c := range checks {
					if err := c(ctx, m, &f); err != nil {
						return nil, fmt.Errorf("schema: %s: %w", op, err)
					}
				}
				if err := f.Err(); err != nil {
					return nil, fmt.Errorf("schema: %s: %w", op, err)
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}

// valueAfter returns the value field name will have once m is done: the
// one m sets, else (for an update of one row) the stored one; nil when it
// has none.
func valueAfter(ctx context.Context, m ent.Mutation, name string) (ent.Value, error) {
	if v, ok := m.Field(name); ok {
		return v, nil
	}
	if m.FieldCleared(name) || !m.Op().Is(ent.OpUpdateOne) {
		return nil, nil
	}
	v, err := m.OldField(ctx, name)
	if err != nil {
		return nil, err
	}
	return v, nil
}

// timeAfter is valueAfter for a time field.
func timeAfter(ctx context.Context, m ent.Mutation, name string) (*time.Time, error) {
	v, err := valueAfter(ctx, m, name)
	if err != nil {
		return nil, err
	}
	switch t := v.(type) {
	case time.Time:
		return &t, nil
	case *time.Time:
		return t, nil
	}
	return nil, nil
}

// notInFuture refuses a date (or time) of field name after today (now);
// path is its name in the API.
func notInFuture(name, path string, isDate bool) check {
	return func(ctx context.Context, m ent.Mutation, f *apperr.Fields) error {
		if _, set := m.Field(name); !set {
			return nil
		}
		t, err := timeAfter(ctx, m, name)
		if err != nil || t == nil {
			return err
		}
		limit := time.Now()
		if isDate {
			limit = schematype.Today(time.Now())
		}
		if t.After(limit) {
			f.Check(path, apperr.Invalid(msgDateFuture, nil))
		}
		return nil
	}
}

// notBefore refuses a value of field later that is before the value of
// field earlier; path is later's name in the API. The check runs when
// either changes.
func notBefore(later, earlier, path string) check {
	return func(ctx context.Context, m ent.Mutation, f *apperr.Fields) error {
		_, setLater := m.Field(later)
		_, setEarlier := m.Field(earlier)
		if !setLater && !setEarlier {
			return nil
		}
		l, err := timeAfter(ctx, m, later)
		if err != nil {
			return err
		}
		e, err := timeAfter(ctx, m, earlier)
		if err != nil {
			return err
		}
		if l != nil && e != nil && l.Before(*e) {
			f.Check(path, apperr.Invalid(msgDateTooEarly, map[string]any{"Date": e.Format(time.DateOnly)}))
		}
		return nil
	}
}

// validJSON checks a JSON field's value with its own Validate method.
func validJSON(name, path string) check {
	return func(_ context.Context, m ent.Mutation, f *apperr.Fields) error {
		v, ok := m.Field(name)
		if !ok {
			return nil
		}
		if val, ok := v.(interface{ Validate() error }); ok {
			f.Check(path, val.Validate())
		}
		return nil
	}
}
