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
	// ErrUnknownCompany: the company an account is to act for does not exist.
	ErrUnknownCompany = apperr.OnField("companyId", apperr.Invalid("error.company_not_found", nil))
	// ErrUnknownCase: the case an account is to follow does not exist.
	ErrUnknownCase = apperr.OnField("caseId", apperr.Invalid("error.case_not_found", nil))
	// ErrCompanyNotContact: only a company contact acts for a company.
	ErrCompanyNotContact = apperr.OnField("companyId", apperr.Invalid("error.company_needs_contact", nil))
	// ErrCaseNotNewcomer: only a newcomer follows a case.
	ErrCaseNotNewcomer = apperr.OnField("caseId", apperr.Invalid("error.case_needs_newcomer", nil))
)

// errTooManyAttempts says when to try again.
func errTooManyAttempts(seconds int) error {
	return apperr.New(apperr.RateLimited, "error.too_many_attempts", map[string]any{"Count": seconds})
}
