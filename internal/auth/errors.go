package auth

import "relocate/internal/apperr"

// Errors auth returns to users.
var (
	// ErrInvalidCredentials is the one answer to a failed sign-in, whatever failed.
	ErrInvalidCredentials = apperr.New(apperr.Unauthenticated, "error.invalid_credentials", nil)
	// ErrSessionExpired answers a token that is unknown, expired or revoked.
	ErrSessionExpired = apperr.New(apperr.Unauthenticated, "error.session_expired", nil)
	ErrEmailInvalid   = apperr.New(apperr.BadUserInput, "error.email_invalid", nil)
	ErrEmailTaken     = apperr.New(apperr.BadUserInput, "error.email_taken", nil)
	ErrPasswordShort  = apperr.New(apperr.BadUserInput, "error.password_short", map[string]any{"Min": MinPasswordLength})
	ErrNameRequired   = apperr.New(apperr.BadUserInput, "error.name_required", nil)
	ErrRolesRequired  = apperr.New(apperr.BadUserInput, "error.roles_required", nil)
	ErrUserNotFound   = apperr.New(apperr.NotFound, "error.not_found", nil)
)

// errTooManyAttempts says when to try again.
func errTooManyAttempts(seconds int) error {
	return apperr.New(apperr.RateLimited, "error.too_many_attempts", map[string]any{"Count": seconds})
}
