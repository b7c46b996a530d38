package scalar

import (
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"relocate/internal/apperr"
)

// ErrInvalidDate is returned for a Date that is not a calendar date
// written as YYYY-MM-DD.
var ErrInvalidDate = apperr.New(apperr.BadUserInput, "error.invalid_date", nil)

// MarshalDate writes a date (stored as the midnight UTC that starts it)
// as "2026-03-01".
func MarshalDate(t time.Time) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(t.UTC().Format(time.DateOnly)))
	})
}

// UnmarshalDate reads a date written as "2026-03-01"; it is the midnight
// UTC that starts the day. A time of day or a zone is refused: a date is
// the same day everywhere.
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
