package casework

import (
	"strings"

	"relocate/ent"
	_ "relocate/ent/runtime" // sets the validators before the maps below copy them
	"relocate/internal/apperr"
)

// validators maps the fields of one entity to the validators of its ent
// schema (the generated XxxValidator functions), so that a service can
// check every field of an input at once and name each wrong one, before
// anything is written. The schema stays the one home of each limit.
type validators map[string]any

// check runs the validators on every field m sets and records what is
// wrong under the field's API name (postal_code: postalCode) below
// prefix ("contacts[2]").
func (vs validators) check(f *apperr.Fields, prefix string, m ent.Mutation) {
	for _, name := range m.Fields() {
		v, _ := m.Field(name)
		var err error
		switch validate := vs[name].(type) {
		case func(string) error:
			if s, ok := v.(string); ok {
				err = validate(s)
			}
		case func(int) error:
			if n, ok := v.(int); ok {
				err = validate(n)
			}
		}
		f.Check(apperr.Join(prefix, apiName(name)), err)
	}
}

// apiName turns an ent field name into the API's: postal_code becomes
// postalCode.
func apiName(name string) string {
	parts := strings.Split(name, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// missing is the error for an ID of the input at path that names nothing
// the viewer may see: nf's code and message, the field named.
func missing(path string, nf *apperr.Error) error {
	return &apperr.Error{Code: nf.Code, MessageID: nf.MessageID, Data: nf.Data,
		Fields: apperr.Fields{{Path: path, MessageID: nf.MessageID, Data: nf.Data}}}
}

// Edit is a change of a field that may also be cleared: the zero value
// leaves the field as it is; Set with a nil Value clears it.
type Edit[T any] struct {
	Set   bool
	Value *T
}

// To returns an edit that sets the field to v.
func To[T any](v T) Edit[T] { return Edit[T]{Set: true, Value: &v} }
