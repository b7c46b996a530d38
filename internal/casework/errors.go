package casework

import "relocate/internal/apperr"

// Limits of what one request may ask for.
const (
	// MaxSearchLength is the longest search text accepted, in characters.
	MaxSearchLength = 200
	// MaxSupportNeeds is the most support needs one case may have.
	MaxSupportNeeds = 30
)

// Errors casework returns to users; the message IDs live in locales/.
var (
	ErrCaseNotFound    = apperr.New(apperr.NotFound, "error.case_not_found", nil)
	ErrCompanyNotFound = apperr.New(apperr.NotFound, "error.company_not_found", nil)
	ErrVacancyNotFound = apperr.New(apperr.NotFound, "error.vacancy_not_found", nil)
	ErrPersonNotFound  = apperr.New(apperr.NotFound, "error.person_not_found", nil)
	ErrConsentNotFound = apperr.New(apperr.NotFound, "error.consent_not_found", nil)
	ErrTaskNotFound    = apperr.New(apperr.NotFound, "error.task_not_found", nil)
	ErrSearchTooLong   = apperr.New(apperr.BadUserInput, "error.search_too_long", map[string]any{"Max": MaxSearchLength})

	// Problems of single input fields.
	errUnknown          = apperr.Invalid("error.field.unknown", nil)
	errUnknownTopic     = apperr.Invalid("error.field.unknown_topic", nil)
	errNotCaseworker    = apperr.Invalid("error.field.not_caseworker", nil)
	errOutcomeRequired  = apperr.Invalid("error.field.outcome_required", nil)
	errOutcomeNotClosed = apperr.Invalid("error.field.outcome_not_closing", nil)
	errSettledTooEarly  = apperr.Invalid("error.field.settled_too_early", nil)
	errAlreadyWithdrawn = apperr.Invalid("error.field.consent_withdrawn", nil)
	errTooMany          = apperr.Invalid("error.field.too_many", map[string]any{"Max": MaxSupportNeeds})
	errUseComplete      = apperr.Invalid("error.field.use_complete_task", nil)
	errTaskClosed       = apperr.Invalid("error.field.task_closed", nil)
	errCaseClosed       = apperr.New(apperr.BadUserInput, "error.case_closed", nil)
	errNoLegalBasis     = apperr.New(apperr.BadUserInput, "error.no_legal_basis", nil)
	errVacancyCancelled = apperr.Invalid("error.field.vacancy_cancelled", nil)
)
