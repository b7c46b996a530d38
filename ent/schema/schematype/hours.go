package schematype

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"relocate/internal/apperr"
)

// Weekday is a day of the week in ISO order, MO first.
type Weekday string

// The days of the week.
const (
	Monday    Weekday = "MO"
	Tuesday   Weekday = "TU"
	Wednesday Weekday = "WE"
	Thursday  Weekday = "TH"
	Friday    Weekday = "FR"
	Saturday  Weekday = "SA"
	Sunday    Weekday = "SU"
)

// Weekdays lists the days in ISO order.
var Weekdays = []Weekday{Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday}

// WeekdayOf returns the Weekday of a Go time.Weekday.
func WeekdayOf(d time.Weekday) Weekday { return Weekdays[(int(d)+6)%7] }

// Valid reports whether d is one of the seven days.
func (d Weekday) Valid() bool {
	for _, w := range Weekdays {
		if d == w {
			return true
		}
	}
	return false
}

// MarshalGQL writes d as a Weekday enum value.
func (d Weekday) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(d))) }

// UnmarshalGQL reads a Weekday enum value.
func (d *Weekday) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok || !Weekday(s).Valid() {
		return fmt.Errorf("schematype: unknown weekday %v", v)
	}
	*d = Weekday(s)
	return nil
}

// OpeningPeriod is one interval on one weekday when a place is open, in
// local time (Europe/Berlin), as "HH:MM".
type OpeningPeriod struct {
	Day    Weekday `json:"day"`
	Opens  string  `json:"opens"`
	Closes string  `json:"closes"`
}

// OpeningHours is the weekly schedule of a place; empty when unknown.
type OpeningHours []OpeningPeriod

// Validate checks days and times ("08:00" before "12:30"). The error (an
// *apperr.Error) lists each wrong period's field: "[2].closes".
func (h OpeningHours) Validate() error {
	var f apperr.Fields
	for i, p := range h {
		at := fmt.Sprintf("[%d]", i)
		if !p.Day.Valid() {
			f.Check(at+".day", apperr.Invalid("error.field.weekday", nil))
		}
		o, err1 := parseClock(p.Opens)
		c, err2 := parseClock(p.Closes)
		if err1 != nil {
			f.Check(at+".opens", apperr.Invalid("error.field.time", nil))
		}
		if err2 != nil {
			f.Check(at+".closes", apperr.Invalid("error.field.time", nil))
		}
		if err1 == nil && err2 == nil && o >= c {
			f.Check(at+".closes", apperr.Invalid("error.field.closes_before_opens", nil))
		}
	}
	return f.Err()
}

// OpenAt reports whether the place is open at t (converted to loc).
func (h OpeningHours) OpenAt(t time.Time, loc *time.Location) bool {
	t = t.In(loc)
	day, now := WeekdayOf(t.Weekday()), t.Hour()*60+t.Minute()
	for _, p := range h {
		o, err1 := parseClock(p.Opens)
		c, err2 := parseClock(p.Closes)
		if p.Day == day && err1 == nil && err2 == nil && o <= now && now < c {
			return true
		}
	}
	return false
}

func parseClock(s string) (int, error) {
	// Exactly "HH:MM": the database compares them as text.
	if len(s) != 5 {
		return 0, fmt.Errorf("schematype: %q is not HH:MM", s)
	}
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, err
	}
	return t.Hour()*60 + t.Minute(), nil
}
