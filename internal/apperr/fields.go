package apperr

import "strings"

// Field says what is wrong with one field of an input.
type Field struct {
	// Path names the field in the input as the client sent it, in the
	// API's names: "summary", "postalCode", "openingHours[2].closes".
	Path      string
	MessageID string         // a message ID from locales/
	Data      map[string]any // template data for the message
}

// Fields collects what is wrong with the fields of one input, so that
// every wrong field is reported at once. The zero value is ready to use.
type Fields []Field

// Check records err as the problem of the field at path; a nil err records
// nothing. An *Error (what the ent schema's validators return) gives its
// message; one that lists fields of its own (a list or an object that was
// checked item by item) has them recorded below path; any other error
// counts as "not valid".
func (f *Fields) Check(path string, err error) {
	if err == nil {
		return
	}
	e, ok := As(err)
	switch {
	case !ok:
		*f = append(*f, Field{Path: path, MessageID: "error.field.invalid"})
	case len(e.Fields) > 0:
		for _, sub := range e.Fields {
			*f = append(*f, Field{Path: Join(path, sub.Path), MessageID: sub.MessageID, Data: sub.Data})
		}
	default:
		*f = append(*f, Field{Path: path, MessageID: e.MessageID, Data: e.Data})
	}
}

// Has reports whether a problem of the field at path was recorded.
func (f Fields) Has(path string) bool {
	for _, x := range f {
		if x.Path == path {
			return true
		}
	}
	return false
}

// Err returns nil when no field is wrong. Otherwise it returns an *Error
// with code BadUserInput that lists the fields; its own message is that of
// the one wrong field, or says how many are wrong.
func (f Fields) Err() error {
	switch len(f) {
	case 0:
		return nil
	case 1:
		return &Error{Code: BadUserInput, MessageID: f[0].MessageID, Data: f[0].Data, Fields: f}
	}
	return &Error{Code: BadUserInput, MessageID: "error.invalid_fields", Data: map[string]any{"Count": len(f)}, Fields: f}
}

// OnField returns err as the problem of the field at path: an *Error
// listing that one field, whose cause is err (errors.Is still finds it).
func OnField(path string, err error) error {
	var f Fields
	f.Check(path, err)
	e := f.Err().(*Error)
	e.Err = err
	return e
}

// Join appends the path sub (".name" or "[2]…" relative to a field) to
// path: Join("openingHours", "[2].closes") is "openingHours[2].closes".
func Join(path, sub string) string {
	switch {
	case sub == "":
		return path
	case path == "":
		return strings.TrimPrefix(sub, ".")
	case strings.HasPrefix(sub, "["):
		return path + sub
	}
	return path + "." + strings.TrimPrefix(sub, ".")
}

// Invalid returns the error a validator gives for a value that is not
// valid: code BadUserInput, message ID and data. The caller knows which
// field the value came from (see Fields.Check).
func Invalid(messageID string, data map[string]any) *Error {
	return New(BadUserInput, messageID, data)
}
