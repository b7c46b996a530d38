package network

import (
	"relocate/internal/apperr"
	"relocate/locales"
)

// CodeConsentMissing is the extensions.code of a referral refused because
// the person's consent to share their data with partners is missing or
// withdrawn: record the consent first. Nothing was changed.
const CodeConsentMissing apperr.Code = "CONSENT_MISSING"

// Errors network returns to users; the message IDs live in locales/.
var (
	ErrPartnerNotFound     = apperr.New(apperr.NotFound, "error.network.partner_not_found", nil)
	ErrRecognitionNotFound = apperr.New(apperr.NotFound, "error.network.recognition_not_found", nil)
	ErrReferralNotFound    = apperr.New(apperr.NotFound, "error.network.referral_not_found", nil)
	ErrTrainingNotFound    = apperr.New(apperr.NotFound, "error.network.training_not_found", nil)
	ErrBookingNotFound     = apperr.New(apperr.NotFound, "error.network.booking_not_found", nil)
	// ErrConsentMissing: the person has no consent (or other recorded
	// basis) to share their data with partners, or withdrew it.
	ErrConsentMissing = apperr.New(CodeConsentMissing, "error.network.consent_missing", nil)
	// ErrCaseClosed: a closed case is not referred, nor its recognition
	// recorded (casework's message).
	ErrCaseClosed = apperr.New(apperr.BadUserInput, "error.case_closed", nil)
	// ErrNoLegalBasis: the person's data may not be processed at all: no
	// consent to case processing or other basis holds (casework's
	// message).
	ErrNoLegalBasis = apperr.New(apperr.BadUserInput, "error.no_legal_basis", nil)

	// Problems of single input fields.
	errUnknown          = apperr.Invalid("error.field.unknown", nil)
	errPlaceOrPartner   = apperr.Invalid("error.network.place_or_partner", nil)
	errPlaceOrText      = apperr.Invalid("error.network.place_or_text", nil)
	errOutcomeRequired  = apperr.Invalid("error.network.outcome_required", nil)
	errOutcomeUndecided = apperr.Invalid("error.network.outcome_undecided", nil)
	errMeasureRequired  = apperr.Invalid("error.network.measure_required", nil)
	errMeasurePartial   = apperr.Invalid("error.network.measure_partial", nil)
	errDateRequired     = apperr.Invalid("error.network.date_required", nil)
	errDateFuture       = apperr.Invalid("error.field.date_future", nil)
	errStartsInPast     = apperr.Invalid("error.network.starts_in_past", nil)
	errBookingClosed    = apperr.Invalid("error.network.booking_closed", nil)
	errNotYetHeld       = apperr.Invalid("error.network.not_yet_held", nil)
	errCompanyRequired  = apperr.Invalid("error.network.company_required", nil)
	errRequired         = apperr.Invalid("error.field.required", nil)
)

// errMove is the problem of a status that cannot follow the current one
// of a kind of object ("referral", "recognition"): it names, in the
// reader's language, the statuses that can follow, or says that the
// current one is final.
func errMove(kind, current string, allowed []string) error {
	if len(allowed) == 0 {
		return apperr.Invalid("error.network.status_final", map[string]any{"Value": statusNames(kind, []string{current})})
	}
	return apperr.Invalid("error.network.status_move", map[string]any{"Value": statusNames(kind, allowed)})
}

// statusNames are the messages naming statuses of a kind of object.
func statusNames(kind string, statuses []string) locales.MessageIDs {
	ids := make(locales.MessageIDs, len(statuses))
	for i, s := range statuses {
		ids[i] = kind + ".status." + s
	}
	return ids
}

// errPlacesLeft is the problem of a booking larger than what is left.
func errPlacesLeft(left int) error {
	return apperr.Invalid("error.network.places_left", map[string]any{"Count": left})
}

// errAttendedTooMany is the problem of more attendees than were booked.
func errAttendedTooMany(booked int) error {
	return apperr.Invalid("error.network.attended_too_many", map[string]any{"Max": booked})
}

// withAllowed adds the statuses that may follow to err (the problems of
// an input with a refused status) as extensions.allowedTransitions, as
// casework does for cases, for programs to offer them.
func withAllowed(err error, allowed []string) error {
	e, ok := apperr.As(err)
	if !ok {
		return err
	}
	c := *e
	c.Extensions = map[string]any{"allowedTransitions": append([]string{}, allowed...)}
	return &c
}
