package site

import (
	"time"

	"relocate/internal/lang"
)

// LongDate is longDate, for the tests outside the package.
func LongDate(l lang.Code, t time.Time) string { return longDate(l, t) }
