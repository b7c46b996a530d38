package guide

import (
	"context"
	"fmt"

	"relocate/internal/apperr"

	_ "relocate/ent/runtime" // registers the schema's validators called below
)

// Problems of input fields that the schema's validators do not know:
// references to other content.
var (
	errRequired             = apperr.Invalid("error.field.required", nil)
	errUnknownTopic         = apperr.Invalid("error.field.unknown_topic", nil)
	errUnknownArticle       = apperr.Invalid("error.field.unknown_article", nil)
	errUnknownPlaceCategory = apperr.Invalid("error.field.unknown_place_category", nil)
)

// textField is a text field of an input: its path, its value (nil when
// left out) and the ent schema's generated validator for it.
type textField struct {
	path     string
	value    *string
	validate func(string) error
}

// checkTexts records in f what is wrong with each field that is set; a
// field left out is wrong only when complete is set.
func checkTexts(f *apperr.Fields, complete bool, fields []textField) {
	for _, x := range fields {
		switch {
		case x.value != nil:
			f.Check(x.path, x.validate(*x.value))
		case complete:
			f.Check(x.path, errRequired)
		}
	}
}

// checkKey records in f what is wrong with a new stable key: its shape,
// by the schema's validator, or that exists finds it taken.
func checkKey(ctx context.Context, f *apperr.Fields, validate func(string) error, exists func(context.Context) (bool, error), key string) error {
	if err := validate(key); err != nil {
		f.Check("key", err)
		return nil
	}
	taken, err := exists(ctx)
	if err != nil {
		return fmt.Errorf("guide: look up key %q: %w", key, err)
	}
	if taken {
		f.Check("key", ErrKeyTaken)
	}
	return nil
}
