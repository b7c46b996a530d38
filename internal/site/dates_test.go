package site

import (
	"testing"
	"time"

	"relocate/internal/lang"
)

func TestLongDate(t *testing.T) {
	for _, tc := range []struct {
		l    lang.Code
		y    int
		m    time.Month
		d    int
		want string
	}{
		{lang.DE, 2026, time.November, 29, "29. November 2026"},
		{lang.LV, 2026, time.November, 29, "2026. gada 29. novembris"},
		{lang.RU, 2026, time.November, 29, "29 ноября 2026 г."},
		{lang.EN, 2026, time.November, 29, "29 November 2026"},
		{lang.DE, 2027, time.March, 1, "1. März 2027"},
		{lang.LV, 2026, time.December, 31, "2026. gada 31. decembris"},
		{lang.LV, 2027, time.January, 5, "2027. gada 5. janvāris"},
		{lang.RU, 2027, time.May, 9, "9 мая 2027 г."},
		{lang.RU, 2026, time.August, 15, "15 августа 2026 г."},
		{lang.EN, 2027, time.February, 2, "2 February 2027"},
	} {
		if got := longDate(tc.l, time.Date(tc.y, tc.m, tc.d, 23, 30, 0, 0, time.UTC)); got != tc.want {
			t.Errorf("%s %d-%d-%d: %q, want %q", tc.l, tc.y, tc.m, tc.d, got, tc.want)
		}
	}
}
