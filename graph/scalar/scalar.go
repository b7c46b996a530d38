// Package scalar holds the GraphQL scalar marshalers relocate defines
// itself, so that a malformed value gets a clear, translated error.
package scalar

import (
	"encoding/json"
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"relocate/internal/apperr"
)

// ErrInvalidID is returned for an ID that cannot name any object.
var ErrInvalidID = apperr.New(apperr.BadUserInput, "error.invalid_id", nil)

// MarshalID writes an object ID. IDs are unique across all types (ent's
// global IDs) and clients treat them as opaque strings.
func MarshalID(id int) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(strconv.Itoa(id)))
	})
}

// UnmarshalID reads an object ID given as a string (or, leniently, as a
// number in a variable).
func UnmarshalID(v any) (int, error) {
	var s string
	switch v := v.(type) {
	case string:
		s = v
	case json.Number:
		s = v.String()
	case int:
		s = strconv.Itoa(v)
	case int64:
		s = strconv.FormatInt(v, 10)
	default:
		return 0, ErrInvalidID
	}
	id, err := strconv.Atoi(s)
	if err != nil || id <= 0 {
		return 0, ErrInvalidID
	}
	return id, nil
}

// ErrInvalidDate is returned for a Date that is not a calendar day written
// as YYYY-MM-DD.
var ErrInvalidDate = apperr.New(apperr.BadUserInput, "error.invalid_date", nil)

// MarshalDate writes a calendar day as YYYY-MM-DD (RFC 3339's full-date).
// Days are kept as midnight UTC.
func MarshalDate(t time.Time) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(t.UTC().Format(time.DateOnly)))
	})
}

// UnmarshalDate reads a calendar day written as YYYY-MM-DD; it returns
// midnight UTC of that day.
func UnmarshalDate(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok || len(s) != len(time.DateOnly) {
		return time.Time{}, ErrInvalidDate
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Year() < 1900 || t.Year() > 9998 {
		return time.Time{}, ErrInvalidDate
	}
	return t, nil
}
