package schematype

import (
	"time"
	_ "time/tzdata" // Europe/Berlin where the system has no zone data
)

// Dates (a date of birth, a due date, the day a case was opened) are
// stored as the midnight UTC that starts them, so that they compare and
// sort alike on every database; GraphQL shows them as "2026-03-01".

// magdeburg is the time zone in which "today" is told.
var magdeburg = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.UTC
	}
	return loc
}()

// Today returns the date of now in Magdeburg, as a date is stored.
func Today(now time.Time) time.Time {
	y, m, d := now.In(magdeburg).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// DateOf returns the calendar date of t as written (its own zone), as a
// date is stored.
func DateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// NoDate is what a date that is not set sorts as where the database must
// sort it last on every kind of database: the last day of year 9999.
var NoDate = time.Date(9999, time.December, 31, 0, 0, 0, 0, time.UTC)
