package checklist

import "relocate/internal/apperr"

// Errors the checklist service returns to users; the message IDs live in
// locales/.
var (
	// ErrItemNotFound: no checklist step with this ID (or none the viewer
	// may see).
	ErrItemNotFound = apperr.New(apperr.NotFound, "error.checklist.not_found", nil)

	errRequired      = apperr.Invalid("error.field.required", nil)
	errKeyTaken      = apperr.Invalid("error.checklist.key_taken", nil)
	errUnknownTopic  = apperr.Invalid("error.field.unknown_topic", nil)
	errUnknownArt    = apperr.Invalid("error.field.unknown_article", nil)
	errUnknownPlace  = apperr.Invalid("error.checklist.unknown_place", nil)
	errGermanTitle   = apperr.Invalid("error.checklist.german_title", nil)
	errDuplicateLang = apperr.Invalid("error.field.duplicate", nil)
)
