package agenda

import "relocate/internal/apperr"

// Limits of the start page and of appointments.
const (
	// MaxList is the most items one start-page list may hold.
	MaxList = 100
	// DefaultList is what a start-page list holds when not told.
	DefaultList = 20
	// MaxDays is the farthest ahead upcomingAppointments looks.
	MaxDays = 366
	// PastDays is how far back an appointment may be recorded (one that
	// took place and is written down afterwards).
	PastDays = 7
	// FutureYears is how far ahead an appointment may be scheduled.
	FutureYears = 2
	// MaxDurationMinutes is the longest appointment: one day.
	MaxDurationMinutes = 24 * 60
)

// Errors the agenda returns to users; the message IDs live in locales/.
var (
	// ErrAppointmentNotFound: no appointment with this ID the viewer may see.
	ErrAppointmentNotFound = apperr.New(apperr.NotFound, "error.appointment.not_found", nil)
	// ErrAlreadyCancelled: the appointment was cancelled before.
	ErrAlreadyCancelled = apperr.New(apperr.BadUserInput, "error.appointment.already_cancelled", nil)

	errUnknownCase  = apperr.Invalid("error.appointment.unknown_case", nil)
	errCaseClosed   = apperr.Invalid("error.appointment.case_closed", nil)
	errUnknownPlace = apperr.Invalid("error.appointment.unknown_place", nil)
	errPlaceTwice   = apperr.Invalid("error.appointment.place_twice", nil)
	errListSize     = apperr.Invalid("error.page_size", map[string]any{"Max": MaxList})
	errDays         = apperr.Invalid("error.field.out_of_range", map[string]any{"Min": 1, "Max": MaxDays})
)

func errTooEarly(date string) error {
	return apperr.Invalid("error.appointment.too_early", map[string]any{"Date": date})
}

func errTooLate(date string) error {
	return apperr.Invalid("error.appointment.too_late", map[string]any{"Date": date})
}
