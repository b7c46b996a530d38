package calendar

import "relocate/internal/apperr"

// Errors the calendar returns to users; the message IDs live in locales/.
var (
	// ErrFeedNotFound: no feed with this ID of the viewer's.
	ErrFeedNotFound = apperr.New(apperr.NotFound, "error.calendar.feed_not_found", nil)
	// ErrNoCalendar: the viewer has no calendar of their own (neither
	// cases to work on nor a case of their own).
	ErrNoCalendar = apperr.New(apperr.BadUserInput, "error.calendar.none", nil)

	errUnknownCase = apperr.Invalid("error.appointment.unknown_case", nil)
)
