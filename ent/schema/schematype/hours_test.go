package schematype

import (
	"testing"
	"time"
)

func TestOpeningHours(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone data")
	}
	h := OpeningHours{{Day: Monday, Opens: "08:00", Closes: "12:00"}, {Day: Monday, Opens: "13:00", Closes: "16:30"}}
	if err := h.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		at   string
		open bool
	}{
		{"2026-11-23T08:00:00+01:00", true}, // a Monday
		{"2026-11-23T12:00:00+01:00", false},
		{"2026-11-23T16:29:00+01:00", true},
		{"2026-11-24T09:00:00+01:00", false}, // Tuesday
	} {
		at, _ := time.Parse(time.RFC3339, tc.at)
		if got := h.OpenAt(at, berlin); got != tc.open {
			t.Errorf("%s: open %v", tc.at, got)
		}
	}
	for _, bad := range []OpeningHours{
		{{Day: "XX", Opens: "08:00", Closes: "12:00"}},
		{{Day: Monday, Opens: "8:00", Closes: "12:00"}}, // compared as text in SQL: must be HH:MM
		{{Day: Monday, Opens: "12:00", Closes: "08:00"}},
		{{Day: Monday, Opens: "25:00", Closes: "26:00"}},
	} {
		if bad.Validate() == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}
