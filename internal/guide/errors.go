package guide

import (
	"relocate/internal/apperr"
	"relocate/internal/paging"
)

// Limits of what one request may ask for.
const (
	// MaxSearchLength is the longest search text accepted, in characters.
	MaxSearchLength = 200
	// MaxSearchHits is the most search results one request may ask for.
	MaxSearchHits = 50
)

// Errors the guide returns to users; the message IDs live in locales/.
var (
	ErrArticleNotFound  = apperr.New(apperr.NotFound, "error.article_not_found", nil)
	ErrCategoryNotFound = apperr.New(apperr.NotFound, "error.category_not_found", nil)
	ErrPlaceNotFound    = apperr.New(apperr.NotFound, "error.place_not_found", nil)
	ErrSearchEmpty      = apperr.New(apperr.BadUserInput, "error.search_empty", nil)
	ErrSearchTooLong    = apperr.New(apperr.BadUserInput, "error.search_too_long", map[string]any{"Max": MaxSearchLength})
	ErrPageSize         = paging.ErrPageSize
	ErrSearchFirst      = apperr.New(apperr.BadUserInput, "error.page_size", map[string]any{"Max": MaxSearchHits})
	ErrSyncTokenExpired = apperr.New(apperr.SyncTokenExpired, "error.sync_token_expired", nil)
)

func errInvalidLanguageCode(v string) error {
	return apperr.New(apperr.BadUserInput, "error.invalid_language_code", map[string]any{"Value": v})
}
